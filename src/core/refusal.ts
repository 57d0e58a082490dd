/**
 * Why the token endpoint said no, in one line a user can act on. The explanation starts from the server's own words
 * (the OAuth `error`, the `error_description` and the known phrasing of each server in serverPhrases.ts), then uses
 * what was sent: the assertion's `aud`, `exp`, `kid`, the scope and the form. The clock is measured, not guessed: the
 * server's `Date` header (RFC 9110 §6.6.1) against the local clock when the answer arrived. Causes the evidence makes
 * likely come first; causes the evidence rules out are left out.
 */
import { MILLISECONDS_THRESHOLD } from './assertion';
import { decodeJsonSegment } from './jwt';
import { isJackHenryTokenUrl, type PresetId } from './presets';
import { printableText } from './printable';
import { findServerPhrase, type RefusalCause } from './serverPhrases';

/** The refusal as received: HTTP status, the OAuth error (undefined when the body had none) and the Date header. */
export interface Refusal {
  status: number;
  error?: string;
  description?: string;
  /** The answer's `Date` header. */
  date?: string;
  /** Local clock when the answer arrived, epoch milliseconds. */
  receivedAt?: number;
}

/** What the refused request carried, as far as it helps to explain the refusal. */
export interface SentRequest {
  tokenEndpoint?: string;
  issuer?: string;
  /** The client assertion (its header and claims are read from it unless given). */
  assertion?: string;
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  scope?: string;
  clientIdSent?: boolean;
  extraParams?: Readonly<Record<string, string>>;
  /** The profile's clock skew, in seconds (added to the local clock for iat and exp). */
  clockSkewSeconds?: number;
  preset?: PresetId;
}

/** Clocks further apart than this, in seconds, are reported (the Date header has whole seconds). */
export const CLOCK_SKEW_REPORT_SECONDS = 5;

/**
 * Local clock minus the server's, in whole seconds (positive: the local clock is ahead), from the `Date` header and
 * the local time the answer arrived (epoch milliseconds). Undefined when either is missing or the header is not a
 * date. The header is truncated to the second, so half a second is allowed for.
 */
export function clockOffsetSeconds(date: string | undefined, receivedAt: number | undefined): number | undefined {
  if (date === undefined || receivedAt === undefined || receivedAt <= 0) return undefined;
  const serverMs = Date.parse(date);
  if (!Number.isFinite(serverMs)) return undefined;
  return Math.round((receivedAt - serverMs - 500) / 1000) || 0;
}

/** Every cause of a refused client assertion, in the order they are most often the reason. */
const ASSERTION_CAUSES: readonly RefusalCause[] = [
  'key',
  'kid',
  'certificate',
  'audience',
  'clock',
  'expired',
  'replay',
  'exp_unit',
  'client_id',
  'client_id_form',
  'auth_method',
  'alg',
];

/** What the OAuth error code alone says, when no known phrase matched. */
const BY_CODE: Readonly<Record<string, { lead: string; causes: readonly RefusalCause[] }>> = {
  invalid_client: { lead: 'the server did not accept the client assertion', causes: ASSERTION_CAUSES },
  unauthorized_client: {
    lead: 'the server refused this client: either it may not use client_credentials, or it did not accept the client assertion (Keycloak answers a refused signed JWT this way)',
    causes: ['grant', ...ASSERTION_CAUSES],
  },
  invalid_grant: {
    lead: 'the server refused the grant',
    causes: ['expired', 'clock', 'replay', 'audience', 'disabled'],
  },
  invalid_request: {
    lead: 'the server found the request malformed',
    causes: ['client_id_form', 'auth_method', 'malformed', 'audience_param'],
  },
  access_denied: { lead: 'the server denied the request', causes: ['permission', 'audience_param', 'disabled'] },
  invalid_scope: { lead: 'the server refused the requested scope', causes: ['scope'] },
  invalid_target: { lead: 'the server refused the requested resource', causes: ['resource'] },
  unsupported_grant_type: {
    lead: 'this endpoint does not offer client_credentials; check the token URL and that the client is a service account',
    causes: [],
  },
  server_error: { lead: 'the server failed', causes: ['server'] },
  temporarily_unavailable: { lead: 'the server is busy or down', causes: ['server'] },
};

/** The facts about the sent request that the advice needs, worked out once. */
interface Facts {
  sent: SentRequest;
  aud: string | undefined;
  audIs: 'token-endpoint' | 'issuer' | 'other' | undefined;
  kid: string | undefined;
  expUnit: 'seconds' | 'milliseconds' | undefined;
  jackHenry: boolean | undefined;
  hasCertificate: boolean;
  /** Local clock minus server clock, seconds, when measured. */
  offset: number | undefined;
  /** The part of the offset the profile's clock skew does not make up for. */
  uncorrected: number | undefined;
}

function factsOf(refusal: Refusal, sent: SentRequest): Facts {
  const parts = sent.assertion?.split('.') ?? [];
  const header = sent.header ?? (parts.length === 3 ? decodeJsonSegment(parts[0] ?? '') : undefined);
  const payload = sent.payload ?? (parts.length === 3 ? decodeJsonSegment(parts[1] ?? '') : undefined);
  const aud = typeof payload?.aud === 'string' ? payload.aud : undefined;
  let audIs: Facts['audIs'];
  if (aud !== undefined) {
    if (sent.tokenEndpoint !== undefined && aud === sent.tokenEndpoint) audIs = 'token-endpoint';
    else if (sent.issuer !== undefined && aud === sent.issuer) audIs = 'issuer';
    else if (sent.tokenEndpoint !== undefined) audIs = 'other';
  }
  const exp = payload?.exp;
  const offset = clockOffsetSeconds(refusal.date, refusal.receivedAt);
  return {
    sent,
    aud,
    audIs,
    kid: typeof header?.kid === 'string' ? header.kid : undefined,
    expUnit: typeof exp === 'number' ? (exp > MILLISECONDS_THRESHOLD ? 'milliseconds' : 'seconds') : undefined,
    jackHenry: sent.tokenEndpoint !== undefined ? isJackHenryTokenUrl(sent.tokenEndpoint) : undefined,
    hasCertificate: header?.['x5t#S256'] !== undefined || header?.x5t !== undefined,
    offset,
    // Claims are written with the local clock plus the skew, so what is left is offset + skew.
    uncorrected: offset === undefined ? undefined : offset + (sent.clockSkewSeconds ?? 0),
  };
}

function shown(value: string): string {
  return JSON.stringify(printableText(value, 100));
}

/**
 * True when the cause cannot apply, given what was sent and measured. `broad` is a long list of guesses (not a
 * server's specific words): there a client_id that was sent (always equal to iss and sub) is not worth a line.
 */
function ruledOut(cause: RefusalCause, f: Facts, broad = true): boolean {
  switch (cause) {
    case 'clock':
      return f.uncorrected !== undefined && Math.abs(f.uncorrected) < CLOCK_SKEW_REPORT_SECONDS;
    case 'exp_unit':
      return f.expUnit !== undefined && f.jackHenry !== undefined && (f.expUnit === 'milliseconds') === f.jackHenry;
    case 'certificate':
      return !f.hasCertificate && f.sent.preset !== 'entra-id';
    case 'client_id_form':
      return broad && f.sent.clientIdSent === true;
    default:
      return false;
  }
}

/** True when what was sent or measured points at the cause: it goes first. */
function evidenced(cause: RefusalCause, f: Facts): boolean {
  switch (cause) {
    case 'clock':
      return f.uncorrected !== undefined && Math.abs(f.uncorrected) >= CLOCK_SKEW_REPORT_SECONDS;
    case 'exp_unit':
      return f.expUnit === 'milliseconds' && f.jackHenry === false;
    case 'audience':
      return f.audIs === 'issuer' || f.audIs === 'other';
    case 'kid':
      return f.kid === undefined && f.sent.assertion !== undefined;
    case 'scope':
      return f.sent.tokenEndpoint !== undefined && (f.sent.scope ?? '').trim() === '';
    case 'client_id_form':
      return f.sent.clientIdSent === false;
    case 'certificate':
      return !f.hasCertificate;
    default:
      return false;
  }
}

function audienceAdvice(f: Facts): string {
  if (f.audIs === 'issuer') {
    return `aud was the issuer (${shown(f.aud ?? '')}); many servers (Okta, Microsoft Entra ID, Glewlwyd) accept only the token endpoint URL: use audience token-endpoint (profile audience, CLI --audience=token-endpoint or --preset=generic)`;
  }
  if (f.audIs === 'token-endpoint' && f.jackHenry) {
    return 'aud was the token endpoint URL, as Jack Henry documents (token URL vs issuer): it must be exactly the URL the server publishes, with no trailing slash';
  }
  if (f.audIs === 'token-endpoint') {
    const issuer = f.sent.issuer ? ` (${shown(f.sent.issuer)})` : '';
    return `aud was the token endpoint URL (token URL vs issuer); servers that follow rfc7523bis or FAPI 2.0 accept only the issuer${issuer}: use audience issuer (CLI --preset=issuer-audience with --issuer)`;
  }
  if (f.audIs === 'other') {
    return `aud was ${shown(f.aud ?? '')}, neither the token endpoint URL nor the issuer: use one of those (CLI --audience=token-endpoint); an API identifier goes in the form instead (CLI --param=audience=${printableText(f.aud ?? '', 100)}, or --resource for RFC 8707)`;
  }
  return 'aud is not what the server expects (token URL vs issuer: change the profile audience, CLI --audience)';
}

function clockAdvice(f: Facts, withExpiry: boolean): string {
  if (f.offset !== undefined && f.uncorrected !== undefined) {
    if (Math.abs(f.offset) < CLOCK_SKEW_REPORT_SECONDS) {
      return `your clock agrees with the server's (by its Date header), but the profile's clock skew moves iat and exp ${f.sent.clockSkewSeconds ?? 0} s: set it to 0 (CLI --clock-skew=0)`;
    }
    const n = Math.abs(f.offset);
    const way = f.offset > 0 ? 'ahead of' : 'behind';
    const skew = f.sent.clockSkewSeconds ?? 0;
    const corrected = skew !== 0 ? ` (the profile's clock skew of ${skew} s does not make up for it)` : '';
    return `your clock is ${n} s ${way} the server's (by its Date header)${corrected}: fix the system clock, or set the profile's clock skew (CLI --clock-skew=${-f.offset})`;
  }
  return withExpiry
    ? 'the clock is off (skew) or the assertion expired (compare the clock with the server; CLI --clock-skew)'
    : 'the clock is off (skew): compare it with the server, or set the clock skew (CLI --clock-skew)';
}

function advice(cause: RefusalCause, f: Facts, causes: readonly RefusalCause[]): string | undefined {
  const { sent } = f;
  switch (cause) {
    case 'key':
      return 'the public key registered for this client is missing or a different key';
    case 'kid':
      if (f.kid !== undefined) {
        return `the kid ${shown(f.kid)} is not among the keys registered for this client (use the registered kid, or leave kid out)`;
      }
      return f.sent.assertion !== undefined
        ? 'no kid was sent, and a client with several registered keys needs one (profile kid, CLI --kid=thumbprint or the registered kid)'
        : 'the kid is not one registered for this client, or none was sent and the client has several keys (profile kid, CLI --kid)';
    case 'certificate':
      return f.hasCertificate
        ? 'the certificate named in the header (x5t#S256) is not the one registered for the app (Certificates & secrets)'
        : "the header names no certificate (x5t#S256): give the key's certificate (CLI --certificate; in VS Code, import the key from its PKCS#12 file or cert+key bundle), and register that certificate";
    case 'audience':
      return audienceAdvice(f);
    case 'clock':
      return clockAdvice(f, causes.includes('expired') && f.offset === undefined);
    case 'expired':
      // Said together with the clock when the clock was not measured.
      if (causes.includes('clock') && f.offset === undefined) return undefined;
      return 'the assertion expired or lives longer than the server allows (profile lifetimeSeconds, CLI --lifetime)';
    case 'replay':
      return 'the assertion was replayed (a jti already used)';
    case 'exp_unit':
      if (f.expUnit === 'milliseconds' && f.jackHenry === false) {
        return "exp was sent in milliseconds (Jack Henry's convention) to a server that is not Jack Henry's; it reads seconds and sees a date thousands of years ahead: use seconds (profile exp unit, CLI --exp-unit=seconds or --preset=generic)";
      }
      if (f.expUnit === 'seconds' && f.jackHenry === true) {
        return 'exp was sent in seconds, and Jack Henry documents milliseconds (CLI --exp-unit=milliseconds)';
      }
      return 'exp in the wrong unit (seconds vs milliseconds: the profile exp unit, CLI --exp-unit)';
    case 'client_id':
      return 'a wrong client id';
    case 'client_id_form':
      return sent.clientIdSent === true
        ? "client_id in the form must be the assertion's iss and sub"
        : 'the server wants client_id in the form as well (Spring Authorization Server does): profile sendClientId, CLI --send-client-id';
    case 'auth_method':
      return 'the client is not registered for private_key_jwt (a signed JWT checked with your public key or JWKS URL): ask the administrator';
    case 'alg': {
      const alg = typeof f.sent.header?.alg === 'string' ? ` than ${f.sent.header.alg}` : '';
      return `the client is registered for another signing algorithm${alg} (profile alg, CLI --alg)`;
    }
    case 'grant':
      return 'this client may not use the client_credentials grant: ask the administrator to enable it (a service account)';
    case 'scope':
      if (sent.tokenEndpoint === undefined) {
        return 'the scope is missing or not allowed for this client: ask for the scopes it was granted (Jack Henry: openid; Microsoft Entra ID: RESOURCE/.default), profile scope, CLI --scope';
      }
      return (sent.scope ?? '').trim() === ''
        ? 'no scope was sent, and this server wants one (Microsoft Entra ID: RESOURCE/.default; Okta: a scope of that authorization server): profile scope, CLI --scope'
        : `the scope ${shown(sent.scope ?? '')} is not allowed for this client: ask only for scopes it was granted (Jack Henry: openid), or leave scope out`;
    case 'audience_param': {
      const given = sent.extraParams?.audience;
      return given !== undefined
        ? `the audience form parameter ${shown(given)} is not an API this server knows: use the API's identifier`
        : "send the API identifier as the audience form parameter (CLI --param=audience=https://your-api, profile extraParams); that is not the assertion's aud, which must still name the server";
    }
    case 'resource': {
      const given = sent.extraParams?.resource;
      return given !== undefined
        ? `the resource ${shown(given)} (RFC 8707) is not one this server serves: use one it knows, or leave resource out`
        : 'the server needs a resource (RFC 8707) it knows: CLI --resource=URI';
    }
    case 'permission':
      return 'the client has not been granted access to this API or these scopes: ask the administrator to grant them';
    case 'disabled':
      return 'the client or application is disabled';
    case 'tenant':
      return 'the tenant in the token URL is wrong or unknown (Microsoft Entra ID: the Directory (tenant) ID)';
    case 'malformed':
      return 'the request lacks something the server needs (its description may name it)';
    case 'server':
      return 'try again later, or ask the server operator';
  }
}

function compose(lead: string, causes: readonly RefusalCause[], f: Facts): string {
  const broad = causes.length > 3;
  const kept = causes.filter((c, i) => causes.indexOf(c) === i && !ruledOut(c, f, broad));
  const ordered = [...kept.filter((c) => evidenced(c, f)), ...kept.filter((c) => !evidenced(c, f))];
  const lines = ordered.map((c) => advice(c, f, ordered)).filter((x): x is string => x !== undefined);
  if (lines.length === 0) return lead;
  if (lines.length === 1) return `${lead}: ${lines[0]}`;
  return `${lead}. Likely causes, most likely first: ${lines.map((line, i) => `(${i + 1}) ${line}`).join(' ')}`;
}

/**
 * The likely cause of a refused token request (RFC 6749 §5.2 error, or a 4xx/5xx without one), as one line: the
 * server's known phrasing first, then what was sent, with the measured clock offset. `sent` may be empty (the causes
 * are then the general ones). Undefined when there is nothing more useful to say than the server's own words.
 */
export function explainRefusal(refusal: Refusal, sent: SentRequest = {}): string | undefined {
  const f = factsOf(refusal, sent);
  const { status, error } = refusal;
  if (error !== undefined) {
    const row = findServerPhrase(error, refusal.description?.trim() ?? '');
    if (row) return compose(row.meaning, row.causes, f);
    const byCode = BY_CODE[error];
    if (byCode) return compose(byCode.lead, byCode.causes, f);
    if (status === 401 || status === 403) return compose('the server refused the client', ASSERTION_CAUSES, f);
    if (status >= 500) return compose('the server failed', ['server'], f);
    return undefined;
  }
  if (status === 400 || status === 401 || status === 403) {
    return compose('the server refused the request without saying why', ASSERTION_CAUSES, f);
  }
  if (status === 404 || status === 405) return 'nothing accepts a token request at this URL; check the token URL';
  if (status >= 500) return compose('the server failed', ['server'], f);
  return undefined;
}
