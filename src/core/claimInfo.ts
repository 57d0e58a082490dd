/**
 * Plain-language explanations of the JWT header parameters and claims a developer meets with client
 * credentials tokens: the registered ones (RFC 7515, RFC 7519), the OAuth ones (RFC 8693, RFC 9068,
 * OpenID Connect) and Jack Henry's own. Used by the claims panel and the editor hover.
 */

/** A short label and one or two sentences on what the claim means. */
export interface ClaimInfo {
  label: string;
  description: string;
}

/** Where a name appears: the same name can mean different things in the header and the payload. */
export type ClaimPart = 'header' | 'payload';

const HEADER: Readonly<Record<string, ClaimInfo>> = {
  alg: {
    label: 'Algorithm',
    description:
      'How the token is signed (RFC 7515 §4.1.1). "none" means unsigned and must never be accepted; HS* uses a shared secret.',
  },
  typ: {
    label: 'Type',
    description:
      'Media type of the token (RFC 7515 §4.1.9): "at+jwt" for access tokens (RFC 9068), "client-authentication+jwt" for client assertions.',
  },
  kid: {
    label: 'Key ID',
    description:
      "Which key in the issuer's JWKS signed the token (RFC 7515 §4.1.4); the verifier looks it up by this id.",
  },
  cty: {
    label: 'Content type',
    description: 'Content type of the payload (RFC 7515 §4.1.10), used for nested tokens.',
  },
  jku: {
    label: 'JWK Set URL',
    description: 'A URL of keys named by the token itself (RFC 7515 §4.1.2); a verifier must not trust it blindly.',
  },
  x5t: {
    label: 'Certificate thumbprint',
    description: 'SHA-1 thumbprint of the signing certificate (RFC 7515 §4.1.7).',
  },
  'x5t#S256': {
    label: 'Certificate thumbprint (SHA-256)',
    description: 'SHA-256 thumbprint of the signing certificate (RFC 7515 §4.1.8).',
  },
};

const PAYLOAD: Readonly<Record<string, ClaimInfo>> = {
  iss: {
    label: 'Issuer',
    description:
      'Who issued and signed the token (RFC 7519 §4.1.1). In a client assertion it is your client id; in an access token, the authorization server.',
  },
  sub: {
    label: 'Subject',
    description:
      'Whom the token is about (RFC 7519 §4.1.2). With client credentials this is the client itself, so it usually equals the client id.',
  },
  aud: {
    label: 'Audience',
    description:
      'Who the token is meant for (RFC 7519 §4.1.3). A client assertion names the token endpoint or the issuer; an access token names the API.',
  },
  exp: {
    label: 'Expires',
    description:
      'After this instant the token must be refused (RFC 7519 §4.1.4). RFC 7519 counts seconds; Jack Henry client assertions count milliseconds.',
  },
  iat: { label: 'Issued at', description: 'When the token was created (RFC 7519 §4.1.6).' },
  nbf: { label: 'Not before', description: 'Before this instant the token must be refused (RFC 7519 §4.1.5).' },
  jti: {
    label: 'JWT ID',
    description:
      'A unique id for this token (RFC 7519 §4.1.7). Servers remember it to refuse a replayed client assertion, so it must be fresh each time.',
  },
  scope: {
    label: 'Scope',
    description: 'The permissions granted, separated by spaces (RFC 8693 §4.2, RFC 9068 §2.2.3).',
  },
  scp: {
    label: 'Scopes',
    description: 'The permissions granted, as a list (used by some servers instead of "scope").',
  },
  client_id: {
    label: 'Client ID',
    description: 'The OAuth client the token was issued to (RFC 8693 §4.3, RFC 9068 §2.2).',
  },
  azp: {
    label: 'Authorized party',
    description: 'The client the token was issued to (OpenID Connect Core §2); often the same as client_id.',
  },
  auth_time: {
    label: 'Authentication time',
    description: 'When the end user last authenticated (OpenID Connect Core §2); absent for client credentials.',
  },
  typ: { label: 'Type', description: 'A type given by the issuer inside the payload (not a registered claim).' },
  institutionId: {
    label: 'Institution (Jack Henry)',
    description: 'Jack Henry: the financial institution this client is registered with and acts for.',
  },
  clientName: {
    label: 'Client name (Jack Henry)',
    description: "Jack Henry: the name the institution's admin gave this API client in Users & Groups.",
  },
  authType: {
    label: 'Authentication type (Jack Henry)',
    description:
      'Jack Henry: how the token was obtained, for example by a client credentials (machine-to-machine) grant.',
  },
  accountId: {
    label: 'Account (Jack Henry)',
    description: 'Jack Henry: the account or user the token acts for, when the grant is tied to one.',
  },
  v: {
    label: 'Version (Jack Henry)',
    description: "Jack Henry: the version of the token's claim layout.",
  },
};

/**
 * The explanation of `name` as a header parameter or a payload claim, or undefined when it is not
 * a name we know. Only own properties are looked up, so names like `__proto__` or `constructor` are unknown.
 */
export function explainClaim(name: string, part: ClaimPart): ClaimInfo | undefined {
  const table = part === 'header' ? HEADER : PAYLOAD;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
