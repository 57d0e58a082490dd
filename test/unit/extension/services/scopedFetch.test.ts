// TokenService.fetch with other OAuth scopes than the profile's (what the authentication provider asks for): the
// request carries those scopes, and the token is handed back only: not the profile's token, not in SecretStorage,
// no change event. A node:http token endpoint on loopback records what it was sent.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createProfile } from '../../../../src/core/profiles';
import { extensionWindow } from '../window';

describe('TokenService.fetch with other scopes', () => {
  let server: Server;
  let tokenUrl = '';
  const scopesSent: (string | null)[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
      });
      req.on('end', () => {
        const scope = new URLSearchParams(body).get('scope');
        scopesSent.push(scope);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            access_token: `opaque-for-${scope ?? 'none'}-${scopesSent.length}`,
            token_type: 'Bearer',
            expires_in: 600,
            scope,
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('the scopes are requested, and the token is neither cached nor stored nor announced', async () => {
    const { secrets, profiles, keys, sink, tokens } = extensionWindow({ timeoutMs: 5000 });
    await profiles.save(createProfile('jack-henry', { name: 'p', clientId: 'c', tokenUrl, alg: 'ES256', key: 'p' }));
    await keys.generate('p', { alg: 'ES256' });
    const changed: string[] = [];
    tokens.onDidChange((p) => changed.push(p));

    const own = await tokens.fetch('p');
    assert.equal(scopesSent.at(-1), 'openid');
    assert.deepEqual(changed, ['p']);

    const scoped = await tokens.fetch('p', undefined, undefined, { scope: 'accounts:read payments:write' });
    assert.equal(scopesSent.at(-1), 'accounts:read payments:write');
    assert.equal(scoped.persisted, false);
    assert.equal(scoped.token.scope, 'accounts:read payments:write');
    assert.equal(tokens.current('p')?.accessToken, own.token.accessToken, "the profile's token was replaced");
    assert.equal((await secrets.getToken('p'))?.accessToken, own.token.accessToken, 'SecretStorage changed');
    assert.deepEqual(changed, ['p'], 'a change event fired for a token that is not the profile’s');
    assert.ok(!sink.lines.join('\n').includes(scoped.token.accessToken), 'the scoped token reached the log');
  });
});
