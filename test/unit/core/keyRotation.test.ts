// The key set state machine of a rotation through a published JWKS, with a fake store (a variable) and a scripted
// JWKS URI: generate next -> check publication -> promote (refused while not published unless confirmed) -> retire.
// The integration test (test/integration/rotation.test.ts) runs the same steps against the real oidc-provider.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, test } from 'node:test';
import { type ClientCredsError, ConfigError, KeyError, ResponseError } from '../../../src/core/errors';
import { fetchToken } from '../../../src/core/flow';
import type { HttpClient, HttpRequest } from '../../../src/core/http';
import { jwkThumbprint, publicJwk } from '../../../src/core/keyExport';
import type { KeyGenOptions } from '../../../src/core/keyGeneration';
import { KeyRotation, type KeySetStore } from '../../../src/core/keyRotation';
import { type KeySet, keySetJwks, keySetPhase, publicationOf } from '../../../src/core/keySet';
import { createProfile } from '../../../src/core/profiles';

const JWKS_URI = 'https://client.example.com/.well-known/jwks.json';

const newKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/** A store that is one variable, counting its writes. */
function fakeStore(initial?: KeySet): KeySetStore & { current: KeySet | undefined; saves: number } {
  const store = {
    current: initial,
    saves: 0,
    async load() {
      return store.current;
    },
    async save(set: KeySet) {
      store.saves++;
      store.current = set;
    },
  };
  return store;
}

/** A JWKS URI whose document a test sets; `requests` counts the GETs. */
function fakeJwksUri(): HttpClient & { published: unknown; status: number; requests: HttpRequest[] } {
  const host = {
    published: { keys: [] } as unknown,
    status: 200,
    requests: [] as HttpRequest[],
    async request(req: HttpRequest) {
      host.requests.push(req);
      return { status: host.status, headers: {}, body: JSON.stringify(host.published), url: req.url };
    },
    async close() {},
  };
  return host;
}

/** A generator that hands out prepared keys and counts its calls. */
function generator(): ((opts: KeyGenOptions) => Promise<KeyObject>) & { calls: number } {
  const fn = Object.assign(
    async (opts: KeyGenOptions) => {
      fn.calls++;
      assert.equal(opts.alg, 'ES256');
      return newKey();
    },
    { calls: 0 },
  );
  return fn;
}

const publish = (...keys: (KeyObject | undefined)[]) => ({
  keys: keys.filter((k): k is KeyObject => !!k).map((k) => publicJwk(k)),
});

describe('a whole rotation: A signs, B is generated, published, promoted, A retired', () => {
  test('each step saves once and moves the phase on', async () => {
    const a = newKey();
    const store = fakeStore({ signing: a });
    const http = fakeJwksUri();
    const rotation = new KeyRotation({ store, http, generate: generator() });
    const kidA = jwkThumbprint(a);
    assert.deepEqual(await rotation.status(), { phase: 'single', kids: { signing: kidA } });

    const generated = await rotation.generateNext({ alg: 'ES256' });
    const b = store.current?.next;
    assert.ok(b);
    assert.equal(generated.kid, jwkThumbprint(b));
    assert.deepEqual(
      generated.jwks.keys.map((k) => [k.kid, k.use]),
      [
        [kidA, 'sig'],
        [generated.kid, 'sig'],
      ],
    );
    assert.equal((await rotation.status()).phase, 'next-pending');

    http.published = publish(a, b);
    const check = await rotation.checkPublished(JWKS_URI);
    assert.deepEqual(check.keys, [
      { role: 'signing', kid: kidA, status: 'published' },
      { role: 'next', kid: generated.kid, status: 'published' },
    ]);
    assert.equal(http.requests[0]?.url, JWKS_URI);

    const promotion = await rotation.promote({ jwksUri: JWKS_URI });
    assert.equal(promotion.kid, generated.kid);
    assert.equal(promotion.previousKid, kidA);
    assert.equal(store.current?.signing, b);
    assert.equal(store.current?.previous, a);
    assert.equal((await rotation.status()).phase, 'promoted');

    http.published = publish(b);
    const retirement = await rotation.retire({ jwksUri: JWKS_URI });
    assert.deepEqual(retirement, { retiredKid: kidA, stillPublished: false, jwks: publish(b) });
    assert.deepEqual(store.current, { signing: b });
    assert.equal(store.saves, 3);
  });
});

describe('refusals leave the store as it was', () => {
  const a = newKey();
  const b = newKey();
  const c = newKey();
  const cases: {
    name: string;
    set: KeySet | undefined;
    published?: unknown;
    run: (r: KeyRotation) => Promise<unknown>;
    code: string;
  }[] = [
    { name: 'no key at all', set: undefined, run: (r) => r.status(), code: 'key_missing' },
    {
      name: 'a second next key',
      set: { signing: a, next: b },
      run: (r) => r.generateNext({ alg: 'ES256' }),
      code: 'key_next_exists',
    },
    {
      name: 'a next key before the previous is retired',
      set: { signing: b, previous: a },
      run: (r) => r.generateNext({ alg: 'ES256' }),
      code: 'key_retire_first',
    },
    {
      name: 'promote without a next key',
      set: { signing: a },
      run: (r) => r.promote({ confirmed: true }),
      code: 'key_no_next',
    },
    {
      name: 'promote while the next key is not published',
      set: { signing: a, next: b },
      published: publish(a),
      run: (r) => r.promote({ jwksUri: JWKS_URI }),
      code: 'key_not_published',
    },
    {
      name: 'promote while the next key is published under another kid',
      set: { signing: a, next: b },
      published: { keys: [publicJwk(a), { ...publicJwk(b), kid: 'key-2' }] },
      run: (r) => r.promote({ jwksUri: JWKS_URI }),
      code: 'key_not_published',
    },
    {
      name: 'promote with nothing to check and no confirmation',
      set: { signing: a, next: b },
      run: (r) => r.promote(),
      code: 'no_client_jwks_uri',
    },
    {
      name: 'promote when the JWKS URI answers 404',
      set: { signing: a, next: b },
      published: 404,
      run: (r) => r.promote({ jwksUri: JWKS_URI }),
      code: 'jwks_status',
    },
    {
      name: 'promote when the JWKS URI answers something else',
      set: { signing: a, next: b },
      published: { issuer: 'x' },
      run: (r) => r.promote({ jwksUri: JWKS_URI }),
      code: 'jwks_not_jwks',
    },
    { name: 'retire without a previous key', set: { signing: a }, run: (r) => r.retire(), code: 'key_no_previous' },
    {
      name: 'retire with a next key pending',
      set: { signing: a, next: c },
      run: (r) => r.retire(),
      code: 'key_no_previous',
    },
    {
      name: 'a set holding a next and a previous key',
      set: { signing: a, next: b, previous: c },
      run: (r) => r.status(),
      code: 'key_retire_first',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const store = fakeStore(c.set);
      const http = fakeJwksUri();
      if (typeof c.published === 'number') http.status = c.published;
      else if (c.published !== undefined) http.published = c.published;
      const generate = generator();
      await assert.rejects(c.run(new KeyRotation({ store, http, generate })), (e: unknown) => {
        assert.ok(e instanceof KeyError || e instanceof ConfigError || e instanceof ResponseError, String(e));
        assert.equal((e as ClientCredsError).code, c.code);
        assert.ok((e as ClientCredsError).hint, 'says what to do');
        return true;
      });
      assert.equal(store.saves, 0);
      assert.equal(store.current, c.set);
      assert.equal(generate.calls, 0, 'no key generated for nothing');
    });
  }

  test('a confirmed promotion skips the check and makes no request', async () => {
    const store = fakeStore({ signing: a, next: b });
    const http = fakeJwksUri();
    const result = await new KeyRotation({ store, http }).promote({ confirmed: true });
    assert.equal(http.requests.length, 0);
    assert.equal(result.publication, undefined);
    assert.equal(store.current?.signing, b);
  });

  test('retire says when the retired key is still published', async () => {
    const store = fakeStore({ signing: b, previous: a });
    const http = fakeJwksUri();
    http.published = publish(a, b);
    const result = await new KeyRotation({ store, http }).retire({ jwksUri: JWKS_URI });
    assert.equal(result.stillPublished, true);
    assert.deepEqual(store.current, { signing: b });
  });
});

describe('what a published JWKS holds', () => {
  const a = newKey();
  const b = newKey();
  const stranger = newKey();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  test('matched by the thumbprint of the public members, not by the published kid', () => {
    const report = publicationOf(
      { signing: a, next: b },
      {
        keys: [
          { ...publicJwk(a), kid: 'renamed' },
          publicJwk(stranger),
          { ...publicJwk(rsa), use: 'enc' },
          { kty: 'oct', k: 'c2VjcmV0' },
          'not an object',
          { kty: 'EC', crv: 'P-256', x: 'broken' },
          { ...publicJwk(b), key_ops: ['encrypt'] },
          { ...(rsa.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'leaked' },
        ],
      },
    );
    assert.deepEqual(report.keys, [
      { role: 'signing', kid: jwkThumbprint(a), status: 'kid-differs' },
      { role: 'next', kid: jwkThumbprint(b), status: 'missing' },
    ]);
    assert.equal(report.otherKeys, 2, 'the stranger and the leaked RSA key');
    assert.equal(report.unusableEntries, 5);
    assert.equal(report.privateEntries, 2, 'the oct key and the RSA key with d');
  });

  test('the JWKS to publish: every key of the set, kid = thumbprint, use sig, nothing private', () => {
    for (const set of [{ signing: a }, { signing: a, next: b }, { signing: b, previous: a }] as KeySet[]) {
      const jwks = keySetJwks(set);
      const expected = [set.signing, set.next, set.previous].filter((k): k is KeyObject => !!k).map(jwkThumbprint);
      assert.deepEqual(
        jwks.keys.map((k) => k.kid),
        expected,
        keySetPhase(set),
      );
      for (const jwk of jwks.keys) {
        assert.equal(jwk.use, 'sig');
        assert.ok(!('d' in jwk));
      }
      assert.ok(publicationOf(set, jwks).keys.every((k) => k.status === 'published'));
    }
  });
});

describe("the assertion's kid follows the signing key when the profile publishes a JWKS", () => {
  const key = newKey();
  const cases: [string, Record<string, unknown>, string | undefined][] = [
    ['a client JWKS URI: the RFC 7638 thumbprint', { clientJwksUri: JWKS_URI }, jwkThumbprint(key)],
    ['a client JWKS URI and an explicit kid: the explicit kid', { clientJwksUri: JWKS_URI, kid: 'k-1' }, 'k-1'],
    ['neither: no kid', {}, undefined],
  ];
  for (const [name, fields, kid] of cases) {
    test(name, async () => {
      let sent = '';
      const http: HttpClient = {
        async request(req) {
          sent = new URLSearchParams(req.body ?? '').get('client_assertion') ?? '';
          return { status: 200, headers: {}, body: '{"access_token":"t","token_type":"Bearer"}', url: req.url };
        },
        async close() {},
      };
      const profile = createProfile('generic', {
        name: 'p',
        clientId: 'c',
        tokenUrl: 'https://as.example.com/token',
        audience: 'token-endpoint',
        alg: 'ES256',
        ...fields,
      });
      await fetchToken({ profile, key, http });
      const header = JSON.parse(Buffer.from(sent.split('.')[0] ?? '', 'base64url').toString('utf8'));
      assert.equal(header.kid, kid);
    });
  }
});
