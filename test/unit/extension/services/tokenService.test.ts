// TokenService against a plain node:http token endpoint on loopback: an opaque token (which no pattern
// masks, so the log must mask it by value), SecretStorage refusing the token (kept for this window,
// nothing lost), cancellation (nothing cached), a profile without a key, a profile whose key is lost, and the
// freshest token between two windows.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createProfile } from '../../../../src/core/profiles';
import { Cancelled } from '../../../../src/extension/base/cancellation';
import { type CachedToken, serializeCachedToken } from '../../../../src/extension/services/cachedToken';
import { LostKeyError } from '../../../../src/extension/services/keyStore';
import { describeDetail } from '../../../../src/extension/services/tokenService';
import { extensionWindow } from '../window';

const OPAQUE = 'opaque-token-123456';

describe('TokenService', () => {
  let server: Server;
  let tokenUrl = '';
  let delayMs = 0;
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ access_token: OPAQUE, token_type: 'Bearer', expires_in: 600, scope: 'openid' }));
        }, delayMs);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  async function setup() {
    const { keychain, sink, tokens, keys, log, profiles, secrets } = extensionWindow({ timeoutMs: 5000 });
    await profiles.save(createProfile('jack-henry', { name: 'p', clientId: 'c', tokenUrl, alg: 'ES256', key: 'k' }));
    await keys.generate('k', { alg: 'ES256' });
    return { keychain, sink, tokens, keys, log, profiles, secrets };
  }

  test('an opaque token is masked in the log by value', async () => {
    const { sink, tokens, log } = await setup();
    const outcome = await tokens.fetch('p');
    // Text from elsewhere that happens to quote the token (a library error, a server message).
    log.error('request failed', new Error(`unexpected answer for ${OPAQUE}`));
    assert.equal(outcome.token.accessToken, OPAQUE);
    assert.equal(outcome.token.scope, 'openid');
    assert.ok(
      sink.lines.some((l) => l.includes('token for "p"')),
      'the fetch was not logged',
    );
    assert.ok(!sink.lines.join('\n').includes(OPAQUE), 'the opaque token reached the log');
  });

  test('when SecretStorage refuses the token, it still works in this window', async () => {
    const { keychain, tokens } = await setup();
    const changed: string[] = [];
    tokens.onDidChange((p) => changed.push(p));
    const realSet = keychain.values.set.bind(keychain.values);
    keychain.values.set = (key: string, value: string) => {
      if (key.startsWith('clientCreds.token:')) throw new Error('keyring locked');
      return realSet(key, value);
    };
    const outcome = await tokens.fetch('p');
    assert.equal(outcome.persisted, false);
    assert.equal(tokens.current('p')?.accessToken, OPAQUE);
    assert.deepEqual(changed, ['p']);
  });

  test('a cancelled fetch caches nothing', async () => {
    const { tokens } = await setup();
    delayMs = 300;
    try {
      const controller = new AbortController();
      const pending = tokens.fetch(
        'p',
        { step: (e) => (e.step === 'request' ? controller.abort() : undefined) },
        controller.signal,
      );
      await assert.rejects(
        pending,
        (e: unknown) => e instanceof Cancelled || (e as { code?: string }).code === 'aborted',
      );
      assert.equal(tokens.current('p'), undefined);
    } finally {
      delayMs = 0;
    }
  });

  test('a profile without a key says so', async () => {
    const { tokens, profiles } = await setup();
    const profile = await profiles.get('p');
    await profiles.save({ ...profile, key: undefined });
    await assert.rejects(tokens.fetch('p'), { code: 'key_missing', message: /profile "p" has no private key/ });
  });

  test('a profile naming a key that was never stored here says which key', async () => {
    const { tokens, profiles } = await setup();
    await profiles.save({ ...(await profiles.get('p')), key: 'from-another-machine' });
    await assert.rejects(tokens.fetch('p'), { code: 'key_not_found', message: /"from-another-machine"/ });
  });

  test('a lost key stops the fetch with its name and thumbprint, before any request', async () => {
    const { tokens, keys, keychain } = await setup();
    const thumbprint = keys.get('k')?.thumbprint ?? '';
    keychain.values.delete('clientCreds.privateKey:k');
    const error = await tokens.fetch('p').then(
      () => assert.fail('the fetch went on without its key'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof LostKeyError);
    assert.equal(error.code, 'key_lost');
    assert.ok(error.message.includes('"k"') && error.message.includes(thumbprint), error.message);
    assert.match(error.hint ?? '', /backup/);
  });

  test('latest() reads a newer token another window stored unannounced, and never goes back', async () => {
    const { tokens, keychain } = await setup();
    const fetched = await tokens.fetch('p');
    // Written straight into the keychain: no change event, as when the host does not tell this window.
    const store = (token: object) =>
      keychain.values.set('clientCreds.token:p', serializeCachedToken(token as CachedToken));
    const newer = { ...fetched.token, accessToken: 'newer-from-window-2', obtainedAt: fetched.token.obtainedAt + 1 };
    store(newer);
    assert.equal(tokens.current('p')?.accessToken, OPAQUE, 'the test wrote with an event after all');
    assert.equal((await tokens.latest('p'))?.accessToken, 'newer-from-window-2');
    // An older stored token, or none (SecretStorage refused to keep one), never replaces the one held.
    store({ ...newer, accessToken: 'older', obtainedAt: 1 });
    assert.equal((await tokens.latest('p'))?.accessToken, 'newer-from-window-2');
    keychain.values.delete('clientCreds.token:p');
    assert.equal((await tokens.latest('p'))?.accessToken, 'newer-from-window-2');
  });

  test('step details are logged from an allow-list only', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjIn0.c2lnbmF0dXJl';
    assert.equal(describeDetail({ alg: 'ES256', kid: undefined, assertion: jwt }), ' (alg=ES256)');
    assert.equal(describeDetail({ payload: { iss: 'c', aud: 'x' }, secret: 'x' }), ' (payload={"iss":"c","aud":"x"})');
    assert.equal(describeDetail({ params: { a: 1 } }), '');
  });
});
