// One test per row of the server phrase table: a refusal as that server sends it is recognised by its row, and the
// explanation leads with what the server means and points the right way (and not the wrong one).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainRefusal } from '../../../src/core/refusal';
import { findServerPhrase, SERVER_PHRASES } from '../../../src/core/serverPhrases';

/** A refusal as each server sends it, and what its explanation must (and must not) say. */
const SAMPLES: Record<string, { status: number; error: string; description: string; says: RegExp; never?: RegExp }> = {
  'jack-henry-client-auth': {
    status: 400,
    error: 'invalid_client',
    description: 'client authentication failed',
    says: /public key.*aud.*clock.*replayed.*milliseconds.*client id/,
  },
  'jack-henry-scope': {
    status: 400,
    error: 'invalid_scope',
    description: 'requested scope is not allowed',
    says: /scope.*Jack Henry: openid/,
  },
  'jack-henry-grant': {
    status: 400,
    error: 'unauthorized_client',
    description: 'requested grant type is not allowed for this client',
    says: /Service account with Signed JWT.*client_credentials/,
  },
  'jack-henry-no-auth': {
    status: 400,
    error: 'invalid_request',
    description: 'no client authentication mechanism provided',
    says: /saw no client assertion/,
  },
  'jack-henry-resource': {
    status: 400,
    error: 'invalid_target',
    description: 'resource indicator is missing, or unknown',
    says: /resource \(RFC 8707\).*--resource/,
  },
  'keycloak-audience': {
    status: 400,
    error: 'invalid_client',
    description: 'Client authentication with signed JWT failed: Invalid token audience',
    says: /Keycloak refused the assertion's aud/,
    never: /public key/,
  },
  'keycloak-multiple-audiences': {
    status: 400,
    error: 'invalid_client',
    description: 'Client authentication with signed JWT failed: Multiple audiences not allowed',
    says: /exactly one aud/,
  },
  'keycloak-future': {
    status: 400,
    error: 'invalid_client',
    description: 'Client authentication with signed JWT failed: Token was issued in the future',
    says: /iat as a time in the future.*clock/,
  },
  'keycloak-too-old': {
    status: 400,
    error: 'invalid_client',
    description: 'Client authentication with signed JWT failed: Token was issued too far in the past to be used now',
    says: /60 s by default/,
  },
  'keycloak-not-active': {
    status: 400,
    error: 'unauthorized_client',
    description: 'Client authentication with signed JWT failed: Token is not active',
    says: /expired or not yet valid.*clock/,
    never: /ask the administrator to enable/,
  },
  'keycloak-reuse': {
    status: 400,
    error: 'invalid_client',
    description: 'Client authentication with signed JWT failed: Token reuse detected',
    says: /jti before.*replayed/,
  },
  'keycloak-missing-claim': {
    status: 400,
    error: 'unauthorized_client',
    description: 'Client authentication with signed JWT failed: Missing ID on the token',
    says: /misses a claim it requires/,
  },
  'keycloak-public-key': {
    status: 400,
    error: 'invalid_client',
    description: 'Client authentication with signed JWT failed: Unable to load public key',
    says: /no key for this client.*kid/,
  },
  'keycloak-algorithm': {
    status: 400,
    error: 'invalid_client',
    description: 'Client authentication with signed JWT failed: Invalid signature algorithm',
    says: /alg.*--alg/,
  },
  'keycloak-signature': {
    status: 400,
    error: 'invalid_client',
    description:
      'Client authentication with signed JWT failed: Signature on JWT token by client: svc failed validation',
    says: /could not verify the signature.*public key/,
  },
  'keycloak-client-id': {
    status: 400,
    error: 'invalid_client',
    description:
      'Client authentication with signed JWT failed: client_id parameter does not match authenticated client',
    says: /client_id in the form that differs/,
  },
  'keycloak-service-account': {
    status: 400,
    error: 'unauthorized_client',
    description: 'Client not enabled to retrieve service account',
    says: /Service accounts roles.*client_credentials/,
  },
  'keycloak-invalid-credentials': {
    status: 401,
    error: 'invalid_client',
    description: 'Invalid client or Invalid client credentials',
    says: /Signed JWT.*client id/,
  },
  'keycloak-signed-jwt': {
    status: 400,
    error: 'unauthorized_client',
    description: 'Client authentication with signed JWT failed: something else',
    says: /Keycloak refused the client assertion.*public key/,
    never: /ask the administrator to enable/,
  },
  'okta-audience': {
    status: 401,
    error: 'invalid_client',
    description: 'The audience claim for client_assertion must be the endpoint invoked for the request.',
    says: /Okta accepts only the token endpoint URL/,
  },
  'okta-kid': {
    status: 401,
    error: 'invalid_client',
    description: 'The client_assertion JWT kid is invalid.',
    says: /kid/,
  },
  'okta-far-future': {
    status: 401,
    error: 'invalid_client',
    description: 'The client_assertion token has an expiration too far into the future.',
    says: /more than an hour ahead.*(milliseconds|clock)/,
  },
  'okta-expired': {
    status: 401,
    error: 'invalid_client',
    description: 'The client_assertion token is expired.',
    says: /expired.*clock/,
  },
  'okta-signature': {
    status: 401,
    error: 'invalid_client',
    description: 'The client_assertion signature is invalid.',
    says: /registered public keys.*public key/,
  },
  'okta-replay': {
    status: 401,
    error: 'invalid_client',
    description: "The client_assertion token has already been used (jti 'x').",
    says: /replayed/,
  },
  'okta-org-server': {
    status: 401,
    error: 'invalid_client',
    description:
      'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
    says: /org authorization server.*private_key_jwt/,
  },
  'okta-default-scope': {
    status: 400,
    error: 'invalid_scope',
    description:
      "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    says: /no default scope.*--scope/,
  },
  'okta-client-auth': {
    status: 401,
    error: 'invalid_client',
    description: 'Client authentication failed. Either the client or the client credentials are invalid.',
    says: /does not know the client.*client id/,
  },
  'entra-700027': {
    status: 401,
    error: 'invalid_client',
    description:
      'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.',
    says: /AADSTS700027.*certificate/,
  },
  'entra-700024': {
    status: 400,
    error: 'invalid_client',
    description: 'AADSTS700024: Client assertion is not within its valid time range.',
    says: /valid time range.*clock/,
  },
  'entra-5002741': {
    status: 401,
    error: 'invalid_client',
    description: 'AADSTS5002741: Number of audience values in the provided client credential exceed maximum allowed.',
    says: /exactly one aud/,
  },
  'entra-50012': {
    status: 401,
    error: 'invalid_client',
    description:
      'AADSTS70002: Error validating credentials. AADSTS50012: Client assertion audience claim does not match',
    says: /v2\.0 token endpoint URL/,
  },
  'entra-50013': {
    status: 401,
    error: 'invalid_client',
    description: 'AADSTS50013: Assertion failed signature validation.',
    says: /signature or key/,
  },
  'entra-700016': {
    status: 400,
    error: 'unauthorized_client',
    description: "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.",
    says: /no application with this client id.*tenant/,
    never: /ask the administrator to enable/,
  },
  'entra-tenant': {
    status: 400,
    error: 'invalid_request',
    description: "AADSTS90002: Tenant 'x' not found.",
    says: /does not know the tenant/,
  },
  'entra-scope': {
    status: 400,
    error: 'invalid_scope',
    description:
      'AADSTS1002012: The provided value for scope read is not valid. Client credential flows must have a scope value with /.default suffixed',
    says: /RESOURCE\/\.default/,
  },
  'entra-missing-parameter': {
    status: 400,
    error: 'invalid_request',
    description: "AADSTS900144: The request body must contain the following parameter: 'scope'.",
    says: /misses a form parameter.*scope is missing/,
  },
  'entra-700021': {
    status: 400,
    error: 'invalid_client',
    description: "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.",
    says: /differs from the client_id parameter/,
  },
  'entra-disabled': {
    status: 400,
    error: 'unauthorized_client',
    description: 'AADSTS7000112: Application is disabled.',
    says: /disabled/,
  },
  'entra-malformed': {
    status: 400,
    error: 'invalid_request',
    description: 'AADSTS50027: JWT token is invalid or malformed.',
    says: /malformed/,
  },
  'auth0-no-audience': {
    status: 403,
    error: 'access_denied',
    description: 'No audience parameter was provided, and no default audience has been configured',
    says: /--param=audience=/,
    never: /--audience|disabled/,
  },
  'auth0-service-not-enabled': {
    status: 403,
    error: 'access_denied',
    description: 'Service not enabled within domain: https://api.example',
    says: /no API with the identifier/,
    never: /--audience/,
  },
  'auth0-userinfo-audience': {
    status: 403,
    error: 'access_denied',
    description: 'The userinfo audience is not allowed for third party clients. Please specify a valid API audience.',
    says: /API identifier as the audience form parameter/,
  },
  'auth0-client-grant': {
    status: 403,
    error: 'access_denied',
    description:
      'Client is not authorized to access "https://api.example". You need to create a "client-grant" associated to this API.',
    says: /Machine to Machine Applications/,
  },
  'auth0-scopes': {
    status: 403,
    error: 'access_denied',
    description: 'Client has not been granted scopes: write:items',
    says: /not been granted those scopes/,
  },
  'auth0-grant-type': {
    status: 403,
    error: 'unauthorized_client',
    description: "Grant type 'client_credentials' not allowed for the client.",
    says: /Grant Types.*Client Credentials/,
  },
  'spring-signature-verifier': {
    status: 401,
    error: 'invalid_client',
    description:
      "Failed to find a Signature Verifier for Client: 'abc'. Check to ensure you have configured the JWK Set URL.",
    says: /no JWK Set URL for this client/,
  },
  'spring-client-assertion': {
    status: 401,
    error: 'invalid_client',
    description: 'Client authentication failed: client_assertion',
    says: /Spring Authorization Server refused the client assertion.*public key/,
  },
  'spring-authentication-method': {
    status: 401,
    error: 'invalid_client',
    description: 'Client authentication failed: authentication_method',
    says: /does not allow private_key_jwt/,
  },
  'spring-client-id': {
    status: 401,
    error: 'invalid_client',
    description: 'Client authentication failed: client_id',
    says: /does not know this client id/,
  },
  'spring-bare-invalid-request': {
    status: 400,
    error: 'invalid_request',
    description: '',
    says: /client_id in the form.*--send-client-id/,
  },
  'spring-bare-unauthorized-client': {
    status: 400,
    error: 'unauthorized_client',
    description: '',
    says: /client_credentials.*refused the assertion/,
  },
  'any-replay': {
    status: 400,
    error: 'invalid_grant',
    description: 'JWT replay detected',
    says: /replayed/,
  },
  'any-kid': {
    status: 401,
    error: 'invalid_client',
    description: 'no matching key found for the JWT',
    says: /did not find the key/,
  },
  'any-audience': {
    status: 401,
    error: 'invalid_client',
    description: 'invalid aud claim',
    says: /aud is not what the server expects/,
  },
  'any-time': {
    status: 401,
    error: 'invalid_client',
    description: 'JWT expired',
    says: /times.*clock/,
  },
  'any-signature': {
    status: 401,
    error: 'invalid_client',
    description: 'signature verification failed',
    says: /could not verify the signature.*public key/,
  },
  'any-algorithm': {
    status: 401,
    error: 'invalid_client',
    description: 'unsupported algorithm RS1',
    says: /another signing algorithm/,
  },
  'any-unknown-client': {
    status: 401,
    error: 'invalid_client',
    description: 'unknown client',
    says: /does not know this client id/,
  },
  'any-client-id': {
    status: 400,
    error: 'invalid_request',
    description: 'missing required parameter client_id',
    says: /client_id in the form/,
  },
  'any-scope': {
    status: 400,
    error: 'invalid_request',
    description: 'scope is required',
    says: /scope is missing or not allowed/,
  },
};

describe('server phrase table', () => {
  test('every row has a sample, and every sample a row', () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), SERVER_PHRASES.map((r) => r.id).sort());
  });

  test('row ids are unique', () => {
    assert.equal(new Set(SERVER_PHRASES.map((r) => r.id)).size, SERVER_PHRASES.length);
  });

  for (const row of SERVER_PHRASES) {
    test(`${row.server}: ${row.id}`, () => {
      const sample = SAMPLES[row.id];
      assert.ok(sample, `no sample for ${row.id}`);
      assert.equal(findServerPhrase(sample.error, sample.description)?.id, row.id, 'the sample finds its own row');
      const hint = explainRefusal({ status: sample.status, error: sample.error, description: sample.description });
      assert.ok(hint?.startsWith(row.meaning), `the explanation starts with the row's meaning: ${hint}`);
      assert.match(hint ?? '', sample.says);
      if (sample.never) assert.doesNotMatch(hint ?? '', sample.never);
      assert.doesNotMatch(hint ?? '', /\n/);
    });
  }
});
