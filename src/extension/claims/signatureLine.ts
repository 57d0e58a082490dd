/**
 * The signature line of the claims panel as far as it is known without the network: opaque,
 * `alg: none`, nothing to check against, or a check to come. The remote check (signatureCheck.ts)
 * only runs when {@link checkTarget} names a JWKS URL or an issuer, and discovery from `iss` is
 * done only for tokens the extension itself fetched, never for text from an editor, so opening a
 * file cannot make the extension call hosts named in it. No `vscode` import.
 */
import type { DecodedToken } from '../../core/jwt';
import type { SignatureView, TokenSource } from '../../shared/protocol';
import { displayString, VALUE_LIMITS } from './displayText';

/** Where the keys to check against come from. */
export interface SignatureSource {
  source: TokenSource;
  jwksUri?: string;
}

/** A signature line with its text made safe for display. */
export function signatureView(state: SignatureView['state'], text: string): SignatureView {
  return { state, summary: displayString(text, VALUE_LIMITS) };
}

function headerAlg(decoded: DecodedToken): string | undefined {
  if (decoded.kind !== 'jwt') return undefined;
  return typeof decoded.header.alg === 'string' ? decoded.header.alg : undefined;
}

/** The URL the remote check will start from: the given JWKS URL, or the issuer to discover (tokens only). */
export function checkTarget(
  decoded: DecodedToken,
  from: SignatureSource,
): { jwksUri: string } | { issuer: string } | undefined {
  if (decoded.kind !== 'jwt' || headerAlg(decoded)?.toLowerCase() === 'none') return undefined;
  if (from.jwksUri) return { jwksUri: from.jwksUri };
  if (from.source === 'token' && typeof decoded.payload.iss === 'string') return { issuer: decoded.payload.iss };
  return undefined;
}

/** What the panel shows before (or instead of) a remote check. */
export function initialSignature(decoded: DecodedToken, from: SignatureSource): SignatureView {
  if (decoded.kind === 'opaque') {
    return signatureView('opaque', 'Opaque token: not a JWT, so there are no claims to decode or signature to verify.');
  }
  if (headerAlg(decoded)?.toLowerCase() === 'none') {
    return signatureView('alg_none', 'alg: none: the token is unsigned. Never accept it.');
  }
  if (checkTarget(decoded, from)) return signatureView('pending', "Checking the signature against the issuer's JWKS…");
  switch (from.source) {
    case 'assertion':
      return signatureView(
        'not_verified',
        'Not verified here: the authorization server checks a client assertion with the public key registered for the client.',
      );
    case 'editor':
      return signatureView('not_verified', 'Not verified: decoded from an editor, with no JWKS to check it against.');
    default:
      return signatureView('not_verified', 'Not verified: the token names no issuer and no JWKS URL is known.');
  }
}
