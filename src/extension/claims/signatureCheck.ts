/**
 * The remote half of the signature line: fetch the issuer's JWKS (the given `jwks_uri`, or the one
 * discovery names for the token's `iss`) through the core HTTP client and verify with core/verify.
 * Loaded on first use by the panel, since it brings in the HTTP client and jose. No `vscode` import.
 */
import { describeError } from '../../core/errors';
import type { HttpClient } from '../../core/http';
import { discoverJwksUri, fetchJwks } from '../../core/jwks';
import type { DecodedToken } from '../../core/jwt';
import { verifyJwt } from '../../core/verify';
import type { SignatureView } from '../../shared/protocol';
import { displayString, SHORT_LIMITS } from './displayText';
import { checkTarget, initialSignature, type SignatureSource, signatureView } from './signatureLine';

function describeFailure(e: unknown): string {
  const d = describeError(e);
  return d.hint ? `${d.message} (${d.hint})` : d.message;
}

/**
 * Checks the signature against the issuer's JWKS and says what came out. Never throws: network and
 * response failures become an `error` line. Returns the initial line unchanged when there is
 * nothing to check against.
 */
export async function checkSignature(
  token: string,
  decoded: DecodedToken,
  from: SignatureSource,
  http: HttpClient,
  signal?: AbortSignal,
): Promise<SignatureView> {
  const target = checkTarget(decoded, from);
  if (!target) return initialSignature(decoded, from);
  try {
    const jwksUri = 'jwksUri' in target ? target.jwksUri : await discoverJwksUri(target.issuer, http);
    if (!jwksUri) return signatureView('not_verified', "Not verified: the issuer's metadata names no jwks_uri.");
    const jwks = await fetchJwks(http, jwksUri, signal);
    const result = await verifyJwt(token, jwks);
    const alg = result.alg ? displayString(result.alg, SHORT_LIMITS).text : '?';
    const kid = result.kid ? `, kid ${displayString(result.kid, SHORT_LIMITS).text}` : '';
    const why = result.reason ? `: ${result.reason}` : '';
    switch (result.status) {
      case 'verified':
        return signatureView('verified', `Signature verified against the issuer's JWKS (${alg}${kid}).`);
      case 'invalid':
        return signatureView('invalid', `Signature does NOT verify against the issuer's JWKS (${alg}${kid})${why}.`);
      case 'no_key':
        return signatureView('no_key', `No key in the issuer's JWKS matches this token (${alg}${kid}).`);
      case 'unsupported':
        return signatureView('unsupported', `Cannot check this signature: ${alg} is not supported${why}.`);
      case 'alg_none':
        return signatureView('alg_none', 'alg: none: the token is unsigned. Never accept it.');
      default:
        return signatureView('opaque', 'Opaque token: nothing to verify.');
    }
  } catch (e) {
    return signatureView('error', `Could not check the signature: ${describeFailure(e)}`);
  }
}
