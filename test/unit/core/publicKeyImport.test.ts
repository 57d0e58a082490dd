// Reading the public keys a JWKS is built from: every accepted form gives the key's public half, and every refusal
// is a KeyError with a code and a hint that never repeats key text.
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { KeyError } from '../../../src/core/errors';
import { jwkThumbprint } from '../../../src/core/keyExport';
import { holdsPrivateKeyPem, importPublicKeys } from '../../../src/core/publicKeyImport';

const CERT = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'keys', 'test-only-certificate.pem'), 'utf8');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
const ed = generateKeyPairSync('ed25519').privateKey;
const spki = (k: KeyObject) => createPublicKey(k).export({ type: 'spki', format: 'pem' }).toString();
const jwk = (k: KeyObject) => k.export({ format: 'jwk' }) as Record<string, unknown>;
const kids = (keys: KeyObject[]) => keys.map(jwkThumbprint);

describe('accepted forms', () => {
  const cases: [string, () => string, KeyObject[] | 'certificate'][] = [
    ['SPKI PEM', () => spki(rsa), [rsa]],
    ['PKCS#1 RSA PUBLIC KEY', () => createPublicKey(rsa).export({ type: 'pkcs1', format: 'pem' }).toString(), [rsa]],
    ['two PEM blocks with text around them', () => `key one\n${spki(ec)}\nkey two\n${spki(ed)}`, [ec, ed]],
    ['a byte order mark and blank lines', () => `\uFEFF\n\n${spki(ed)}\n`, [ed]],
    ['a certificate', () => CERT, 'certificate'],
    ['a public JWK', () => JSON.stringify(createPublicKey(ec).export({ format: 'jwk' })), [ec]],
    ['a private JWK (its public half)', () => JSON.stringify(jwk(ed)), [ed]],
    [
      'a JWKS of three',
      () => JSON.stringify({ keys: [jwk(rsa), jwk(ec), { ...jwk(ed), kid: 'x', use: 'sig' }] }),
      [rsa, ec, ed],
    ],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => {
      const keys = importPublicKeys(text());
      assert.ok(keys.every((k) => k.type === 'public'));
      if (expected === 'certificate') assert.equal(keys.length, 1);
      else assert.deepEqual(kids(keys), kids(expected));
    });
  }
});

describe('refusals', () => {
  const cases: [string, string, string][] = [
    ['empty', '  \n', 'key_empty'],
    ['no PEM block', 'hello world', 'key_unreadable'],
    ['a BEGIN without END', `${spki(ec).split('-----END')[0]}`, 'key_unreadable'],
    ['a damaged block', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 'key_unreadable'],
    ['broken JSON', '{"kty": "EC",', 'key_unreadable'],
    ['an empty JWKS', '{"keys": []}', 'key_unreadable'],
    ['a JWKS of 101 keys', JSON.stringify({ keys: Array.from({ length: 101 }, () => jwk(ed)) }), 'key_unreadable'],
    ['a JWK without members', '{"kty": "RSA"}', 'key_unreadable'],
    ['a symmetric JWK', '{"kty": "oct", "k": "c2VjcmV0"}', 'key_unsupported'],
    ['an X25519 key', spki(generateKeyPairSync('x25519').privateKey), 'key_unsupported'],
    ['a secp256k1 key', spki(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey), 'key_unsupported'],
    ['RSA 1024', spki(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey), 'key_too_small'],
  ];
  for (const [name, text, code] of cases) {
    test(name, () => {
      assert.throws(
        () => importPublicKeys(text),
        (e: unknown) =>
          e instanceof KeyError &&
          e.code === code &&
          !!e.hint &&
          !e.message.includes('BEGIN') &&
          !e.message.includes('{'),
      );
    });
  }

  test('BEGIN lines repeated without END: refused at the first one', () => {
    const text = `${spki(ed)}${'-----BEGIN PUBLIC KEY-----\n'.repeat(40_000)}`;
    assert.throws(
      () => importPublicKeys(text),
      (e: unknown) => e instanceof KeyError && e.code === 'key_unreadable' && /no END line/.test(e.message),
    );
  });
});

test('holdsPrivateKeyPem: the private forms that go through keyImport', () => {
  const pem = (type: 'pkcs8' | 'pkcs1' | 'sec1', k: KeyObject) => k.export({ type, format: 'pem' }).toString();
  assert.ok(holdsPrivateKeyPem(pem('pkcs8', ed)));
  assert.ok(holdsPrivateKeyPem(pem('pkcs1', rsa)));
  assert.ok(holdsPrivateKeyPem(pem('sec1', ec)));
  assert.ok(
    holdsPrivateKeyPem(ec.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' }).toString()),
  );
  assert.ok(!holdsPrivateKeyPem(spki(rsa)));
  assert.ok(!holdsPrivateKeyPem(CERT));
  assert.ok(!holdsPrivateKeyPem(JSON.stringify(jwk(ed))));
});
