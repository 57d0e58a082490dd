/**
 * Signature verification of a JWT against a JWKS (jose), with an algorithm allow-list. It answers with a status and
 * never throws for a bad token: the claims view shows the status next to the claims.
 */
import { isSigningAlg, SIGNING_ALGS, type SigningAlg } from './algorithms';
import { decodeBase64url, decodeJsonSegment, MAX_TOKEN_CHARS } from './jwt';

/**
 * `verified`: a key in the JWKS verifies the signature. `invalid`: malformed, or the signature does not match.
 * `unsupported`: an alg outside the allow-list (HS* and JWE included). `no_key`: no JWKS key fits the alg/kid.
 * `opaque`: not JWT-shaped. `alg_none`: an unsigned token, never accepted.
 */
export type VerifyStatus = 'verified' | 'invalid' | 'unsupported' | 'no_key' | 'opaque' | 'alg_none';
/** The outcome; `reason` is one line for the user and never contains the token. */
export interface VerifyResult {
  status: VerifyStatus;
  alg?: string;
  kid?: string;
  reason?: string;
}

type Jwk = Record<string, unknown>;

const PUBLIC_MEMBERS: Record<string, string[]> = { RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] };

/**
 * Verifies the compact JWS `token` with the keys of `jwks`, accepting only `opts.algorithms` (default: all
 * {@link SIGNING_ALGS}; `none`, HS* and anything else are refused before any key is used). Base64url is checked
 * strictly (no padding, whitespace or non-canonical spellings). A JWK with an `alg` member is used only for that alg,
 * and one with `use` other than `sig` or `key_ops` without `verify` is not used. Private and symmetric JWK members are
 * dropped, so only public key material is ever used. Claims (exp, aud) are not checked here.
 */
export async function verifyJwt(
  token: string,
  jwks: { keys: unknown[] },
  opts: { algorithms?: SigningAlg[] } = {},
): Promise<VerifyResult> {
  try {
    return await verify(token, jwks, opts.algorithms ?? [...SIGNING_ALGS]);
  } catch {
    return { status: 'invalid', reason: 'the token could not be verified' };
  }
}

async function verify(token: string, jwks: { keys: unknown[] }, allowed: SigningAlg[]): Promise<VerifyResult> {
  if (typeof token !== 'string') return { status: 'opaque', reason: 'not a token' };
  const t = token.trim();
  if (t.length > MAX_TOKEN_CHARS) return { status: 'invalid', reason: `longer than ${MAX_TOKEN_CHARS} characters` };
  const parts = t.split('.');
  const header = decodeJsonSegment(parts[0] ?? '');
  if (parts.length === 5 && typeof header?.enc === 'string') {
    return { status: 'unsupported', reason: 'an encrypted JWT (JWE) has no signature to check here' };
  }
  if (!header || typeof header.alg !== 'string') {
    if (parts.length === 3) return { status: 'invalid', reason: 'the header is not a base64url-encoded JSON object' };
    return { status: 'opaque', reason: 'not a JWT' };
  }
  const { alg } = header;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const base = { alg, ...(kid !== undefined ? { kid } : {}) };
  if (parts.length !== 3) return { ...base, status: 'invalid', reason: `a JWS has 3 parts, this has ${parts.length}` };
  if (!parts.every((p) => decodeBase64url(p))) {
    return { ...base, status: 'invalid', reason: 'a part is not strict base64url' };
  }
  if (alg.toLowerCase() === 'none') return { ...base, status: 'alg_none', reason: 'an unsigned token (alg none)' };
  if (!isSigningAlg(alg) || !allowed.includes(alg)) {
    const why = /^HS\d+$/i.test(alg) ? 'HMAC (shared-secret) signatures are never accepted' : 'not in the allow-list';
    return { ...base, status: 'unsupported', reason: `alg ${alg.slice(0, 40)}: ${why}` };
  }
  const keys = publicKeysOf(jwks);
  if (keys.length === 0) return { ...base, status: 'no_key', reason: 'the JWKS has no usable public key' };

  const jose = await import('jose');
  const options = { algorithms: [alg] };
  try {
    await jose.compactVerify(t, jose.createLocalJWKSet({ keys }), options);
    return { ...base, status: 'verified' };
  } catch (e) {
    if (e instanceof jose.errors.JWKSMultipleMatchingKeys) {
      // Several keys fit the alg/kid: any one that verifies is enough.
      for await (const key of e) {
        try {
          await jose.compactVerify(t, key, options);
          return { ...base, status: 'verified' };
        } catch {}
      }
      return { ...base, status: 'invalid', reason: 'no matching key verifies the signature' };
    }
    if (e instanceof jose.errors.JWKSNoMatchingKey) {
      return {
        ...base,
        status: 'no_key',
        reason: `no key in the JWKS for alg ${alg}${kid ? ` and kid "${kid}"` : ''}`,
      };
    }
    if (e instanceof jose.errors.JWSSignatureVerificationFailed) {
      return { ...base, status: 'invalid', reason: 'the signature does not match' };
    }
    if (e instanceof jose.errors.JOSEAlgNotAllowed || e instanceof jose.errors.JOSENotSupported) {
      return { ...base, status: 'unsupported', reason: e.message };
    }
    if (e instanceof jose.errors.JOSEError) return { ...base, status: 'invalid', reason: e.message };
    // jose throws TypeError for keys it will not use (e.g. RSA under 2048 bits); its message names the rule.
    if (e instanceof TypeError) return { ...base, status: 'unsupported', reason: e.message };
    return { ...base, status: 'invalid', reason: 'the signature could not be checked' };
  }
}

/** The public members (plus kid, alg, use, key_ops) of every RSA, EC and OKP key; private and `oct` keys dropped. */
function publicKeysOf(jwks: { keys: unknown[] }): Jwk[] {
  const list = typeof jwks === 'object' && jwks !== null && Array.isArray(jwks.keys) ? jwks.keys : [];
  const out: Jwk[] = [];
  for (const k of list) {
    if (typeof k !== 'object' || k === null || Array.isArray(k)) continue;
    const jwk = k as Jwk;
    const members = PUBLIC_MEMBERS[String(jwk.kty)];
    if (!members) continue;
    const pub: Jwk = { kty: jwk.kty };
    for (const m of [...members, 'kid', 'alg', 'use', 'key_ops']) if (jwk[m] !== undefined) pub[m] = jwk[m];
    out.push(pub);
  }
  return out;
}
