// The extension's certificate path against the real loopback oidc-provider, whose certificate-bound clients (x5c
// registered) must name their certificate by x5t#S256 or x5t, as Microsoft Entra ID does: a key imported from a
// PKCS#12 file through KeyStore keeps its certificate, and TokenService sends an Entra ID profile's assertion with
// the certificate's thumbprint; the profile's x5t choice picks the header members, and `none` or a key without its
// certificate is refused before anything is sent.
import assert from 'node:assert/strict';
import { createHash, type X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { X5tChoice } from '../../src/core/certificate';
import { readCertificates } from '../../src/core/certificate';
import { decodeJwt } from '../../src/core/jwt';
import { createProfile } from '../../src/core/profiles';
import { type AuthServer, startAuthServer } from '../support/authServer';
import { keyFixture, P12_PASSPHRASE } from '../support/keyFiles';
import { extensionWindow } from '../unit/extension/window';

const SCOPE = 'api://loopback-api/.default';
const CLIENT = 'entra-certificate-client';
// Read straight from the fixture, so the expected thumbprints do not depend on the code under test.
const certificate = readCertificates(keyFixture('test-only-rsa.cert.pem'))[0] as X509Certificate;
const digest = (hash: 'sha256' | 'sha1') => createHash(hash).update(certificate.raw).digest('base64url');

let server: AuthServer;
let seq = 0;

before(async () => {
  server = await startAuthServer({ extraScopes: [SCOPE] });
});
after(async () => {
  await server.close();
});

/** The extension's services over a fake keychain and settings; the PKCS#12 key imported under `key`. */
async function window() {
  const { sink, keys, profiles, tokens } = extensionWindow();
  const key = `p12-key-${++seq}`;
  await keys.add(key, await keys.read(keyFixture('test-only-rsa.p12'), async () => P12_PASSPHRASE));
  return { sink, keys, profiles, tokens, key };
}

async function entraProfile(w: Awaited<ReturnType<typeof window>>, x5t?: X5tChoice) {
  const name = `entra-${++seq}`;
  await w.profiles.save(
    createProfile('entra-id', {
      name,
      clientId: CLIENT,
      tokenUrl: server.tokenUrl,
      scope: SCOPE,
      key: w.key,
      ...(x5t ? { x5t } : {}),
    }),
  );
  return name;
}

describe('a key imported from PKCS#12 in the extension: x5t#S256 for Microsoft Entra ID style servers', () => {
  before(async () => {
    const w = await window();
    const jwks = await w.keys.publicJwks(w.key, 'PS256');
    await server.registerClient({
      clientId: CLIENT,
      jwks: { keys: jwks.keys.map((k) => ({ ...k, x5c: [certificate.raw.toString('base64')] })) },
    });
  });

  const accepted: { x5t: X5tChoice | undefined; header: Record<string, string> }[] = [
    { x5t: undefined, header: { 'x5t#S256': digest('sha256') } },
    { x5t: 'sha256', header: { 'x5t#S256': digest('sha256') } },
    { x5t: 'sha1', header: { x5t: digest('sha1') } },
    { x5t: 'both', header: { x5t: digest('sha1'), 'x5t#S256': digest('sha256') } },
  ];
  for (const c of accepted) {
    test(`x5t ${c.x5t ?? '(default)'}: the server finds the key by its certificate and gives a token`, async () => {
      const w = await window();
      const profile = await entraProfile(w, c.x5t);
      const outcome = await w.tokens.fetch(profile);
      assert.ok(outcome.token.accessToken);
      const tokenRequests = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/api/v0/token'));
      const sent = new URLSearchParams(tokenRequests.at(-1)?.body ?? '').get('client_assertion') ?? '';
      const { header } = decodeJwt(sent);
      assert.deepEqual(header, { alg: 'PS256', ...c.header });
      assert.equal(outcome.token.scope, SCOPE);
    });
  }

  test('x5t none: refused before sending by the Entra ID rule, which names the certificate', async () => {
    const w = await window();
    const profile = await entraProfile(w, 'none');
    const sentBefore = server.requests.length;
    await assert.rejects(w.tokens.fetch(profile), { code: 'server_rules', message: /x5t#S256/ });
    assert.equal(server.requests.length, sentBefore, 'something was sent');
  });

  test('a key stored without its certificate: the Entra ID rule refuses it; an explicit x5t asks for the certificate', async () => {
    const w = await window();
    const plain = `plain-${++seq}`;
    await w.keys.add(plain, await w.keys.read(keyFixture('test-only-rsa.key.pem')));
    const sentBefore = server.requests.length;
    const byDefault = `entra-plain-${++seq}`;
    await w.profiles.save(
      createProfile('entra-id', {
        name: byDefault,
        clientId: CLIENT,
        tokenUrl: server.tokenUrl,
        scope: SCOPE,
        key: plain,
      }),
    );
    await assert.rejects(w.tokens.fetch(byDefault), { code: 'server_rules' });
    const explicit = `entra-plain-${++seq}`;
    await w.profiles.save(
      createProfile('entra-id', {
        name: explicit,
        clientId: CLIENT,
        tokenUrl: server.tokenUrl,
        scope: SCOPE,
        key: plain,
        x5t: 'sha256',
      }),
    );
    await assert.rejects(w.tokens.fetch(explicit), {
      code: 'x5t_needs_certificate',
      message: new RegExp(`"${plain}" has no certificate`),
    });
    assert.equal(server.requests.length, sentBefore, 'something was sent');
  });
});
