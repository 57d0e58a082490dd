/**
 * What each `client-creds` command accepts. Plain data, loaded at startup, so it stays free of imports: the command
 * modules themselves are loaded only when their command runs.
 */
import type { CommandSpec, FlagSpec } from './args';

const DEBUG: FlagSpec = { name: 'debug', type: 'boolean', description: 'on failure, also print the stack trace' };

const JSON_TOKEN: FlagSpec = {
  name: 'json',
  type: 'boolean',
  description: 'stdout holds only the token response JSON; the steps go to stderr',
};

const NETWORK: readonly FlagSpec[] = [
  {
    name: 'timeout',
    type: 'integer',
    valueName: 'MS',
    description: 'total time allowed per HTTP request (default 30000)',
  },
  {
    name: 'ca',
    type: 'list',
    valueName: 'PATH',
    description: 'extra CA certificate (PEM) to trust, added to the defaults; repeatable',
  },
  {
    name: 'proxy',
    type: 'string',
    valueName: 'URL',
    description: 'HTTP(S) proxy (default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment)',
  },
];

const ASSERTION: readonly FlagSpec[] = [
  { name: 'client-id', type: 'string', valueName: 'ID', description: 'the client id (iss and sub of the assertion)' },
  {
    name: 'private-key',
    type: 'string',
    valueName: 'PATH',
    description:
      'private key file: PEM (PKCS#8, PKCS#1, SEC1, encrypted; cert+key bundles too), DER, PKCS#12 (.pfx/.p12), JWK/JWKS or service-account JSON',
  },
  {
    name: 'preset',
    type: 'string',
    valueName: 'NAME',
    choices: ['jack-henry', 'generic', 'issuer-audience', 'entra-id'],
    description:
      'defaults and server rules to start from: jack-henry (default), generic (default with --issuer), issuer-audience (rfc7523bis, FAPI 2.0), entra-id (default with --tenant)',
  },
  {
    name: 'tenant',
    type: 'string',
    valueName: 'ID',
    description:
      'Microsoft Entra ID tenant id or domain; the token URL is https://login.microsoftonline.com/ID/oauth2/v2.0/token',
  },
  {
    name: 'token-url',
    type: 'string',
    valueName: 'URL',
    description: 'token endpoint (jack-henry default: Jack Henry production)',
  },
  {
    name: 'issuer',
    type: 'string',
    valueName: 'URL',
    description: 'issuer identifier; the token endpoint comes from discovery',
  },
  { name: 'scope', type: 'string', valueName: 'S', description: 'scope to request (jack-henry default: openid)' },
  {
    name: 'alg',
    type: 'string',
    valueName: 'ALG',
    description: 'RS256|RS384|RS512|PS256|PS384|PS512|ES256|ES384|ES512|EdDSA (default PS256, or what the key needs)',
  },
  {
    name: 'audience',
    type: 'string',
    valueName: 'AUD',
    description: 'aud claim: token-endpoint, issuer, or an explicit value',
  },
  {
    name: 'exp-unit',
    type: 'string',
    valueName: 'UNIT',
    choices: ['seconds', 'milliseconds'],
    description: 'unit of exp (jack-henry: milliseconds; generic: seconds)',
  },
  { name: 'lifetime', type: 'integer', valueName: 'SECONDS', description: 'assertion lifetime, 1..300 (default 60)' },
  {
    name: 'kid',
    type: 'string',
    valueName: 'KID',
    description: 'header kid; "thumbprint" uses the key\'s RFC 7638 thumbprint',
  },
  { name: 'typ', type: 'boolean', description: 'add header typ: client-authentication+jwt' },
  {
    name: 'certificate',
    type: 'string',
    valueName: 'PATH',
    description: "the key's certificate (PEM or DER), when the key file does not hold it; it must match the key",
  },
  {
    name: 'x5t',
    type: 'string',
    valueName: 'HASH',
    choices: ['sha256', 'sha1', 'both', 'none'],
    description:
      'certificate thumbprint header: sha256 = x5t#S256 (default when a certificate comes with the key), sha1 = x5t (older Microsoft Entra ID set-ups), both, none',
  },
  {
    name: 'send-client-id',
    type: 'boolean',
    description: 'send client_id in the form too (on for generic presets, off for jack-henry; =false turns it off)',
  },
  {
    name: 'param',
    type: 'list',
    valueName: 'NAME=VALUE',
    description:
      'extra form parameter, e.g. audience=https://api (Auth0); repeatable; not the grant or authentication ones',
  },
  { name: 'resource', type: 'string', valueName: 'URI', description: 'RFC 8707 resource indicator (form parameter)' },
  {
    name: 'clock-skew',
    type: 'string',
    valueName: 'SECONDS',
    description: 'seconds added to the local clock for iat and exp (negative when the local clock is ahead)',
  },
  ...NETWORK,
  { name: 'quiet', type: 'boolean', description: 'print no steps, only the result' },
  DEBUG,
];

const PASSPHRASE_NOTE =
  "An encrypted key's (or PKCS#12 file's) passphrase comes from the CLIENT_CREDS_PASSPHRASE environment variable, or from a hidden prompt when stdin is a terminal.";

const DPOP_KEY: FlagSpec = {
  name: 'dpop-key',
  type: 'string',
  valueName: 'PATH',
  description: 'DPoP private key file (RFC 9449): the token is bound to it',
};

const DPOP_ALGS = 'ES256|ES384|ES512|PS256|PS384|PS512|EdDSA';

/** `client-assertion`: the Jack Henry helper's command: sign, POST, print every step and the decoded token. */
export const CLIENT_ASSERTION = {
  name: 'client-assertion',
  summary: 'sign a client assertion and get an access token (client credentials grant)',
  usage: ['client-assertion --client-id=ID --private-key=PATH [--dpop-key=PATH] [options]'],
  flags: [
    ...ASSERTION,
    DPOP_KEY,
    {
      name: 'dpop-alg',
      type: 'string',
      valueName: 'ALG',
      description: `DPoP proof alg: ${DPOP_ALGS} (default: what the DPoP key needs; ES256 for P-256, PS256 for RSA)`,
    },
    JSON_TOKEN,
  ],
  positionals: { min: 0, max: 0 },
  details: [
    "With only --client-id and --private-key it does what Jack Henry's helper does: aud = the token URL, exp in milliseconds, PS256, scope openid, POST to Jack Henry's production token endpoint. It prints the payload, the signed JWT, the request, the response, the decoded access token and when it expires.",
    '--quiet prints only the access token (or, with --json, only the response JSON).',
    'With --dpop-key the token request carries a DPoP proof (RFC 9449) and the token is bound to that key: its token_type must be DPoP, and each API call then needs a fresh proof (see `client-creds dpop-proof`). A use_dpop_nonce answer is retried once with the nonce the server gives.',
    PASSPHRASE_NOTE,
  ],
  examples: [
    'client-creds client-assertion --client-id=00000000-0000-0000-0000-000000000000 --private-key=./private.pem',
    'TOKEN=$(client-creds client-assertion --client-id=ID --private-key=./private.pem --quiet)',
    'client-creds client-assertion --issuer=https://auth.example.com --client-id=ID --private-key=./ec.pem --alg=ES256',
  ],
} as const satisfies CommandSpec;

/** `sign-jwt`: build and sign the assertion only. */
export const SIGN_JWT = {
  name: 'sign-jwt',
  summary: 'sign a client assertion and print it, without requesting a token',
  usage: ['sign-jwt --client-id=ID --private-key=PATH [options]'],
  flags: [
    ...ASSERTION,
    { name: 'json', type: 'boolean', description: 'stdout holds only {"assertion", "header", "payload"} as JSON' },
  ],
  positionals: { min: 0, max: 0 },
  details: [
    'Prints the payload, the signed assertion and any problems a server is likely to refuse. --quiet prints only the assertion, on one line.',
    PASSPHRASE_NOTE,
  ],
  examples: ['client-creds sign-jwt --client-id=ID --private-key=./private.pem --quiet'],
} as const satisfies CommandSpec;

/** `keygen`: a new key pair, private key to a 0600 file, public key printed. */
export const KEYGEN = {
  name: 'keygen',
  summary: 'generate a key pair: private key to a file, public key printed for the authorization server',
  usage: ['keygen --out=private.pem [--alg=ALG] [--bits=N] [--public-out=public.pem] [--jwks-out=jwks.json] [--force]'],
  flags: [
    {
      name: 'alg',
      type: 'string',
      valueName: 'ALG',
      description: 'PS256 (default), RS256, ES256, EdDSA, or another allowed alg; picks the key type',
    },
    { name: 'bits', type: 'integer', valueName: 'N', description: 'RSA size: 2048 (default), 3072 or 4096' },
    {
      name: 'out',
      type: 'string',
      valueName: 'PATH',
      description: 'where to write the private key (PKCS#8 PEM, mode 0600)',
    },
    { name: 'public-out', type: 'string', valueName: 'PATH', description: 'also write the public key (SPKI PEM)' },
    {
      name: 'jwks-out',
      type: 'string',
      valueName: 'PATH',
      description: 'also write the public JWKS (kid = RFC 7638 thumbprint)',
    },
    { name: 'force', type: 'boolean', description: 'overwrite existing files' },
    DEBUG,
  ],
  positionals: { min: 0, max: 0 },
  details: [
    'Existing files are never overwritten without --force. The public key PEM goes to stdout; the notes go to stderr, so `keygen --out=private.pem > public.pem` works.',
  ],
  examples: [
    'client-creds keygen --out=private.pem --public-out=public.pem',
    'client-creds keygen --alg=ES256 --out=ec.pem --jwks-out=jwks.json',
  ],
} as const satisfies CommandSpec;

/** `decode`: show a token's header, payload and time claims. */
export const DECODE = {
  name: 'decode',
  summary: "show a JWT's header, payload and time claims (no signature check)",
  usage: ['decode [TOKEN | -] [--json]'],
  flags: [{ name: 'json', type: 'boolean', description: 'print the decoded token as JSON' }, DEBUG],
  positionals: { min: 0, max: 1, label: 'a token' },
  details: [
    'Reads the token from stdin when TOKEN is - or missing (and stdin is not a terminal). Accepts a bare token, "Bearer <token>", or a token response JSON (its access_token). Non-JWT tokens are reported as opaque. The signature is not checked: use `verify` for that.',
  ],
  examples: [
    'client-creds decode eyJhbGciOi...',
    'client-creds client-assertion --client-id=ID --private-key=k.pem --json | client-creds decode',
  ],
} as const satisfies CommandSpec;

/** `verify`: check a JWT's signature against a JWKS. */
export const VERIFY = {
  name: 'verify',
  summary: "verify a JWT's signature against the issuer's JWKS (exit 0 only when verified)",
  usage: ['verify TOKEN (--issuer=URL | --jwks-url=URL) [--alg=ALG ...]'],
  flags: [
    {
      name: 'issuer',
      type: 'string',
      valueName: 'URL',
      description: 'issuer identifier; jwks_uri comes from discovery',
    },
    { name: 'jwks-url', type: 'string', valueName: 'URL', description: 'the JWKS URL itself' },
    {
      name: 'alg',
      type: 'list',
      valueName: 'ALG',
      description: 'accepted algorithms (repeatable or comma-separated; default: every allowed asymmetric alg)',
    },
    ...NETWORK,
    { name: 'json', type: 'boolean', description: 'print the result as JSON' },
    DEBUG,
  ],
  positionals: { min: 0, max: 1, label: 'a token' },
  details: [
    'TOKEN may be - to read it from stdin. Only the signature is checked (plus the algorithm allow-list); the time claims are shown for information. Exit status 3 means the token did not verify.',
  ],
  examples: ['client-creds verify "$TOKEN" --issuer=https://auth.example.com'],
} as const satisfies CommandSpec;

/** `dpop-proof`: one DPoP proof for one API request. */
export const DPOP_PROOF = {
  name: 'dpop-proof',
  summary: 'print a DPoP proof (RFC 9449) for one request: the value of its DPoP header',
  usage: ['dpop-proof --dpop-key=PATH --url=URL [--method=GET] [--access-token=TOKEN|-] [--nonce=N] [--alg=ALG]'],
  flags: [
    { ...DPOP_KEY, description: 'DPoP private key file: the key the access token is bound to' },
    { name: 'url', type: 'string', valueName: 'URL', description: 'the request URL (query and fragment are left out)' },
    { name: 'method', type: 'string', valueName: 'METHOD', description: 'the request method (default GET)' },
    {
      name: 'access-token',
      type: 'string',
      valueName: 'TOKEN',
      description: 'the DPoP access token the request carries (gives ath); - reads it from stdin',
    },
    { name: 'nonce', type: 'string', valueName: 'N', description: "the server's DPoP-Nonce, when it asked for one" },
    {
      name: 'alg',
      type: 'string',
      valueName: 'ALG',
      description: `${DPOP_ALGS} (default: what the key needs; ES256 for P-256, PS256 for RSA)`,
    },
    {
      name: 'dpop-alg',
      type: 'string',
      valueName: 'ALG',
      description: 'the same as --alg (its client-assertion name)',
    },
    { name: 'json', type: 'boolean', description: 'print {proof, header, payload, thumbprint} as JSON' },
    DEBUG,
  ],
  positionals: { min: 0, max: 0 },
  details: [
    'Every proof has a fresh jti and iat, so make one per request. --access-token=- reads the token from stdin: a bare token or the token response JSON of `client-assertion --json`. A token given on the command line can be seen by other users of the machine (ps, shell history); prefer -.',
    PASSPHRASE_NOTE,
  ],
  examples: [
    'T=$(client-creds client-assertion --client-id=ID --private-key=k.pem --dpop-key=dpop.pem --quiet)',
    'curl -H "Authorization: DPoP $T" -H "DPoP: $(printf %s "$T" | client-creds dpop-proof --dpop-key=dpop.pem --url=https://api.example.com/x --access-token=-)" https://api.example.com/x',
  ],
} as const satisfies CommandSpec;

/** `jwks`: the public JWKS of key files. */
export const JWKS = {
  name: 'jwks',
  summary: 'write the public JWKS of key files (kid = RFC 7638 thumbprint, use sig), e.g. to publish at a JWKS URI',
  usage: ['jwks KEYFILE... [--out=FILE] [--force]'],
  flags: [
    { name: 'out', type: 'string', valueName: 'FILE', description: 'write the JWKS to FILE instead of stdout' },
    { name: 'force', type: 'boolean', description: 'overwrite FILE if it exists' },
    DEBUG,
  ],
  positionals: { min: 1, max: Number.POSITIVE_INFINITY, label: 'at least one key file' },
  details: [
    'Each KEYFILE may be a private key in any form --private-key reads (PEM, DER, PKCS#12, cert+key bundle, JWK; only its public half is written), a public key PEM, a certificate, a JWK or a JWKS. A key given twice is written once. For rotation, publish the JWKS of the current and the next key together.',
    PASSPHRASE_NOTE,
  ],
  examples: [
    'client-creds jwks private.pem > jwks.json',
    'client-creds jwks current.pem next.pem --out=jwks.json --force',
  ],
} as const satisfies CommandSpec;

/**
 * Every command, in help order. Each spec is declared `as const satisfies CommandSpec`, so its name is a literal type:
 * the command table (commandTable.ts) is checked against these names when it compiles.
 */
export const COMMANDS = [CLIENT_ASSERTION, SIGN_JWT, KEYGEN, DECODE, VERIFY, DPOP_PROOF, JWKS] as const;
