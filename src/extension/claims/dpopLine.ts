/**
 * The DPoP line of the claims panel (RFC 9449 §6): for a token of a DPoP profile, whether its `cnf.jkt` equals the
 * RFC 7638 thumbprint of the profile's DPoP key. Pure; the thumbprint comes from the host, never the key.
 */
import type { DecodedToken } from '../../core/jwt';
import type { DpopView } from '../../shared/protocol';
import { displayString, SHORT_LIMITS } from './displayText';

/**
 * The DPoP line for `decoded` when the profile's DPoP key has `thumbprint` (`undefined` when no DPoP key is
 * stored): `bound` when `cnf.jkt` equals it, `mismatch` for another key's, `no-cnf` for a JWT without `cnf.jkt`,
 * `opaque` for a token only its server can read, `no-key` when the profile has no DPoP key any more.
 */
export function dpopView(decoded: DecodedToken, thumbprint: string | undefined): DpopView {
  const line = (state: DpopView['state'], text: string): DpopView => ({
    state,
    summary: displayString(text, SHORT_LIMITS),
  });
  if (thumbprint === undefined) {
    return line('no-key', "DPoP token, but the profile's DPoP key is gone: fetch a new token");
  }
  if (decoded.kind === 'opaque') {
    return line('opaque', `DPoP token (opaque: only the server knows its binding); DPoP key ${thumbprint}`);
  }
  const cnf = decoded.payload.cnf;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>).jkt : undefined;
  if (typeof jkt !== 'string') {
    return line('no-cnf', `DPoP token without cnf.jkt: only the server knows its binding; DPoP key ${thumbprint}`);
  }
  if (jkt === thumbprint) return line('bound', `DPoP-bound: cnf.jkt equals the thumbprint of the profile's DPoP key`);
  return line('mismatch', "cnf.jkt is not the thumbprint of the profile's DPoP key: fetch a new token");
}
