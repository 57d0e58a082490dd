// What a server wants in the request, against the real loopback oidc-provider (test/support/authServer.ts): client_id
// in the form, extra form parameters reaching the server (RFC 8707 resource, any other), the generic preset's default
// aud (the token endpoint URL) and the issuer-audience preset accepted, a server that requires client_id, and the
// explanation of each refusal built from what was sent.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { OAuthError } from '../../src/core/errors';
import { fetchToken } from '../../src/core/flow';
import { createHttpClient, type HttpClient } from '../../src/core/http';
import { decodeJwt } from '../../src/core/jwt';
import { createProfile, type PresetId, type Profile } from '../../src/core/profiles';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';

const CLIENT = 'server-rules-client';

function formOf(server: AuthServer): URLSearchParams {
  const tokenRequests = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/api/v0/token'));
  return new URLSearchParams(tokenRequests.at(-1)?.body ?? '');
}

describe('what the server wants in the request (oidc-provider on loopback)', () => {
  let server: AuthServer;
  let strict: AuthServer;
  let http: HttpClient;
  let key: KeyObject;

  before(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    key = pair.privateKey;
    const jwks = jwksFromPublicKeyPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    [server, strict] = await Promise.all([startAuthServer(), startAuthServer({ requiredFormParams: ['client_id'] })]);
    await Promise.all([
      server.registerClient({ clientId: CLIENT, jwks }),
      strict.registerClient({ clientId: CLIENT, jwks }),
    ]);
    http = createHttpClient({ timeoutMs: 10_000, useEnvProxy: false });
  });
  after(async () => {
    await http.close();
    await Promise.all([server.close(), strict.close()]);
  });

  const profile = (preset: PresetId, s: AuthServer, fields: Partial<Profile> = {}): Profile =>
    createProfile(preset, { name: 'p', clientId: CLIENT, issuer: s.issuer, ...fields });

  test("the generic preset's default aud, the discovered token endpoint URL, is accepted; client_id is in the form", async () => {
    const result = await fetchToken({ profile: profile('generic', server), key, http });
    assert.equal(result.assertion.payload.aud, server.tokenUrl);
    assert.equal(result.response.tokenType, 'Bearer');
    assert.equal(formOf(server).get('client_id'), CLIENT);
  });

  test('the issuer-audience preset: aud = issuer and typ client-authentication+jwt are accepted', async () => {
    const result = await fetchToken({ profile: profile('issuer-audience', server), key, http });
    assert.equal(result.assertion.payload.aud, server.issuer);
    assert.equal(result.assertion.header.typ, 'client-authentication+jwt');
    assert.ok(result.response.accessToken);
  });

  test('extra form parameters reach the server; the RFC 8707 resource it serves is accepted', async () => {
    const resource = new URL('/a/api', server.issuer).href;
    const result = await fetchToken({
      profile: profile('generic', server, {
        extraParams: { resource, audience: 'https://api.example', tenant: 't-1' },
      }),
      key,
      http,
    });
    const form = formOf(server);
    assert.equal(form.get('resource'), resource);
    assert.equal(form.get('audience'), 'https://api.example');
    assert.equal(form.get('tenant'), 't-1');
    assert.deepEqual([...form.keys()].slice(0, 3), ['grant_type', 'client_assertion_type', 'client_assertion']);
    const access = decodeJwt(result.response.accessToken);
    assert.equal(access.payload.aud, CLIENT);
  });

  test('a resource the server does not serve: invalid_target, explained from what was sent', async () => {
    await assert.rejects(
      fetchToken({
        profile: profile('generic', server, { extraParams: { resource: 'https://other.example/' } }),
        key,
        http,
      }),
      (e: unknown) => {
        assert.ok(e instanceof OAuthError && e.error === 'invalid_target', String(e));
        assert.match(
          e.hint ?? '',
          /the resource "https:\/\/other\.example\/" \(RFC 8707\) is not one this server serves/,
        );
        return true;
      },
    );
  });

  test('a server that requires client_id: the Jack Henry preset (no client_id) is refused and told how to send it', async () => {
    const jackHenry = createProfile('jack-henry', { name: 'jh', clientId: CLIENT, tokenUrl: strict.tokenUrl });
    await assert.rejects(fetchToken({ profile: jackHenry, key, http }), (e: unknown) => {
      assert.ok(e instanceof OAuthError && e.error === 'invalid_request', String(e));
      assert.match(e.hint ?? '', /client_id in the form.*CLI --send-client-id/);
      return true;
    });
    assert.equal(formOf(strict).has('client_id'), false);
    const result = await fetchToken({ profile: { ...jackHenry, sendClientId: true }, key, http });
    assert.ok(result.response.accessToken);
    assert.equal(formOf(strict).get('client_id'), CLIENT);
  });

  test('aud = the issuer refused where only the token endpoint is taken: the explanation says so first', async () => {
    // oidc-provider takes both; an explicit wrong aud stands in for a server that takes only one.
    const wrong = profile('generic', server, { audience: { value: `${server.issuer}/elsewhere` } });
    await assert.rejects(fetchToken({ profile: wrong, key, http }), (e: unknown) => {
      assert.ok(e instanceof OAuthError && e.error === 'invalid_client', String(e));
      assert.match(e.hint ?? '', /\(1\) aud was ".*\/elsewhere", neither the token endpoint URL nor the issuer/);
      return true;
    });
  });

  test("a clock skew on a machine whose clock is right, beyond the server's tolerance: the skew is named", async () => {
    const skewed = profile('generic', server, { clockSkewSeconds: 600 });
    await assert.rejects(fetchToken({ profile: skewed, key, http }), (e: unknown) => {
      assert.ok(e instanceof OAuthError, String(e));
      assert.match(e.hint ?? '', /clock skew moves iat and exp 600 s: set it to 0 \(CLI --clock-skew=0\)/);
      return true;
    });
  });
});
