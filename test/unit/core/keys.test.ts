import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import { SIGNING_ALGS, type SigningAlg } from '../../../src/core/algorithms';
import { ConfigError, KeyError } from '../../../src/core/errors';
import { assertKeyFitsAlg, defaultAlgForKey, describeKey } from '../../../src/core/keyDescription';
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  jwkThumbprint,
  publicJwk,
  publicJwks,
} from '../../../src/core/keyExport';
import { generateKeyPair } from '../../../src/core/keyGeneration';
import { importPrivateKey, isEncryptedPrivateKey } from '../../../src/core/keyImport';
import { readKeyInput } from '../../../src/core/keyInput';

// Keys are generated here, once per run; the only committed fixture is a test-only certificate (public material).
const CERT = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'keys', 'test-only-certificate.pem'), 'utf8');
const PASS = 'correct horse battery staple';
// A test-only key and the certificate issued for it (test/fixtures/keys/make-test-only-keys.sh).
const RSA_KEY = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'keys', 'test-only-rsa.key.pem'), 'utf8');
const RSA_CERT = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'keys', 'test-only-rsa.cert.pem'), 'utf8');

let rsa: KeyObject;
let ec256: KeyObject;
let ec384: KeyObject;
let ec521: KeyObject;
let ed: KeyObject;

before(() => {
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  ec256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  ec521 = generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey;
  ed = generateKeyPairSync('ed25519').privateKey;
});

const pem = (k: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1' | 'spki', extra: Record<string, string> = {}) =>
  (type === 'spki' ? createPublicKey(k) : k).export({ type, format: 'pem', ...extra } as never).toString();

/** Long base64 runs of the key text must never appear in an error. */
function assertNoKeyText(e: KeyError, input: string | Uint8Array): void {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('base64');
  const said = `${e.message} ${e.hint ?? ''}`;
  for (const run of text.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
    assert.ok(!said.includes(run.slice(0, 16)), `error text leaks key material: ${said}`);
  }
}

describe('importPrivateKey accepts every supported form', () => {
  const cases: { name: string; input: () => string | Uint8Array; passphrase?: string; key: () => KeyObject }[] = [
    { name: 'PKCS#8 RSA', input: () => pem(rsa, 'pkcs8'), key: () => rsa },
    { name: 'PKCS#1 RSA (BEGIN RSA PRIVATE KEY)', input: () => pem(rsa, 'pkcs1'), key: () => rsa },
    { name: 'SEC1 EC (BEGIN EC PRIVATE KEY)', input: () => pem(ec256, 'sec1'), key: () => ec256 },
    {
      name: 'SEC1 EC after an EC PARAMETERS block (openssl ecparam -genkey)',
      input: () =>
        `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${pem(ec256, 'sec1')}`,
      key: () => ec256,
    },
    { name: 'PKCS#8 P-384', input: () => pem(ec384, 'pkcs8'), key: () => ec384 },
    { name: 'PKCS#8 P-521', input: () => pem(ec521, 'pkcs8'), key: () => ec521 },
    { name: 'PKCS#8 Ed25519', input: () => pem(ed, 'pkcs8'), key: () => ed },
    {
      name: 'encrypted PKCS#8 with its passphrase',
      input: () => pem(rsa, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: PASS }),
      passphrase: PASS,
      key: () => rsa,
    },
    {
      name: 'legacy encrypted PEM (Proc-Type: 4,ENCRYPTED) with its passphrase',
      input: () => pem(rsa, 'pkcs1', { cipher: 'aes-128-cbc', passphrase: PASS }),
      passphrase: PASS,
      key: () => rsa,
    },
    {
      name: 'legacy encrypted SEC1 with its passphrase',
      input: () => pem(ec256, 'sec1', { cipher: 'aes-256-cbc', passphrase: PASS }),
      passphrase: PASS,
      key: () => ec256,
    },
    {
      name: 'CRLF line endings, BOM and surrounding blank lines',
      input: () => `\uFEFF\r\n${pem(ec256, 'pkcs8').replace(/\n/g, '\r\n')}\r\n`,
      key: () => ec256,
    },
    {
      name: 'text before the block (openssl "Bag Attributes")',
      input: () => `Bag Attributes\n    localKeyID: 01\n${pem(ec256, 'pkcs8')}`,
      key: () => ec256,
    },
    {
      name: 'a private key bundled with its certificate',
      input: () => `${RSA_CERT}${RSA_KEY}`,
      key: () => importPrivateKey(RSA_KEY),
    },
    {
      name: 'an unencrypted key with a passphrase given (ignored)',
      input: () => pem(ed, 'pkcs8'),
      passphrase: 'unused',
      key: () => ed,
    },
    { name: 'PEM as bytes', input: () => Buffer.from(pem(rsa, 'pkcs8')), key: () => rsa },
    {
      name: 'DER PKCS#8 bytes',
      input: () => new Uint8Array(rsa.export({ type: 'pkcs8', format: 'der' })),
      key: () => rsa,
    },
    { name: 'DER PKCS#1 bytes', input: () => rsa.export({ type: 'pkcs1', format: 'der' }), key: () => rsa },
    { name: 'DER SEC1 bytes', input: () => ec256.export({ type: 'sec1', format: 'der' }), key: () => ec256 },
    { name: 'RSA JWK', input: () => JSON.stringify(rsa.export({ format: 'jwk' })), key: () => rsa },
    { name: 'EC JWK', input: () => JSON.stringify(ec521.export({ format: 'jwk' })), key: () => ec521 },
    { name: 'Ed25519 JWK (kty OKP)', input: () => JSON.stringify(ed.export({ format: 'jwk' })), key: () => ed },
    {
      name: 'a JWKS with one private key among public ones',
      input: () => JSON.stringify({ keys: [publicJwk(ec384), { ...ec256.export({ format: 'jwk' }), kid: 'x' }] }),
      key: () => ec256,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const key = importPrivateKey(c.input(), c.passphrase === undefined ? {} : { passphrase: c.passphrase });
      assert.equal(key.type, 'private');
      assert.equal(jwkThumbprint(key), jwkThumbprint(c.key()), 'same key as the one exported');
    });
  }
});

describe('importPrivateKey refuses bad keys with a code, a hint, and no key text', () => {
  const x25519 = () => generateKeyPairSync('x25519').privateKey;
  const rsa1024 = () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const cases: { name: string; input: () => string | Uint8Array; passphrase?: string; code: string; says: RegExp }[] = [
    { name: 'public key (SPKI PEM)', input: () => pem(rsa, 'spki'), code: 'key_is_public', says: /public key/ },
    {
      name: 'public key (BEGIN RSA PUBLIC KEY)',
      input: () =>
        rsa
          .export({ type: 'pkcs1', format: 'pem' })
          .toString()
          .replace(/PRIVATE/g, 'PUBLIC'),
      code: 'key_is_public',
      says: /public key/,
    },
    {
      name: 'OpenSSH public key line',
      input: () => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAbc user@host',
      code: 'key_is_public',
      says: /public key/,
    },
    {
      name: 'public key as DER bytes',
      input: () => createPublicKey(rsa).export({ type: 'spki', format: 'der' }),
      code: 'key_is_public',
      says: /public key/,
    },
    { name: 'certificate', input: () => CERT, code: 'key_is_public', says: /certificate/ },
    {
      name: 'a private key bundled with the certificate of another key',
      input: () => `${CERT}${pem(ed, 'pkcs8')}`,
      code: 'key_certificate_mismatch',
      says: /does not hold this private key's public key/,
    },
    {
      name: 'certificate as DER bytes',
      input: () => Buffer.from(CERT.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'),
      code: 'key_is_public',
      says: /certificate/,
    },
    { name: 'RSA 1024 (PEM)', input: () => pem(rsa1024(), 'pkcs8'), code: 'key_too_small', says: /1024 bits.*2048/ },
    {
      name: 'RSA 1024 (JWK)',
      input: () => JSON.stringify(rsa1024().export({ format: 'jwk' })),
      code: 'key_too_small',
      says: /2048/,
    },
    {
      name: 'encrypted PKCS#8 without a passphrase',
      input: () => pem(rsa, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: PASS }),
      code: 'key_passphrase_required',
      says: /encrypted/,
    },
    {
      name: 'legacy encrypted PEM without a passphrase',
      input: () => pem(rsa, 'pkcs1', { cipher: 'aes-128-cbc', passphrase: PASS }),
      code: 'key_passphrase_required',
      says: /encrypted/,
    },
    {
      name: 'encrypted PKCS#8 with a wrong passphrase',
      input: () => pem(rsa, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: PASS }),
      passphrase: 'wrong',
      code: 'key_bad_passphrase',
      says: /passphrase/,
    },
    {
      name: 'legacy encrypted PEM with a wrong passphrase',
      input: () => pem(ec256, 'sec1', { cipher: 'aes-256-cbc', passphrase: PASS }),
      passphrase: 'wrong',
      code: 'key_bad_passphrase',
      says: /passphrase/,
    },
    {
      name: 'encrypted DER PKCS#8 without a passphrase',
      input: () => rsa.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: PASS }),
      code: 'key_passphrase_required',
      says: /encrypted/,
    },
    { name: 'garbage text', input: () => 'hello, this is not a key', code: 'key_unreadable', says: /no private key/ },
    {
      name: 'garbage bytes',
      input: () => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]),
      code: 'key_unreadable',
      says: /DER/,
    },
    {
      name: 'damaged PEM body',
      input: () => '-----BEGIN PRIVATE KEY-----\nTUlJQ2VnSUJBREFO\n-----END PRIVATE KEY-----\n',
      code: 'key_unreadable',
      says: /could not be read/,
    },
    {
      name: 'truncated PEM (no END line)',
      input: () => pem(rsa, 'pkcs8').slice(0, 300),
      code: 'key_unreadable',
      says: /incomplete/,
    },
    { name: 'empty string', input: () => '', code: 'key_empty', says: /empty/ },
    { name: 'only whitespace', input: () => ' \n\t\r\n', code: 'key_empty', says: /empty/ },
    { name: 'empty bytes', input: () => new Uint8Array(0), code: 'key_empty', says: /empty/ },
    {
      name: 'DSA key',
      input: () => pem(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 224 }).privateKey, 'pkcs8'),
      code: 'key_unsupported',
      says: /DSA/,
    },
    {
      name: 'legacy DSA PEM label',
      input: () => '-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----',
      code: 'key_unsupported',
      says: /DSA/,
    },
    { name: 'X25519 key (PEM)', input: () => pem(x25519(), 'pkcs8'), code: 'key_unsupported', says: /X25519.*Ed25519/ },
    {
      name: 'X25519 key (JWK)',
      input: () => JSON.stringify(x25519().export({ format: 'jwk' })),
      code: 'key_unsupported',
      says: /X25519/,
    },
    {
      name: 'Ed448 key',
      input: () => pem(generateKeyPairSync('ed448').privateKey, 'pkcs8'),
      code: 'key_unsupported',
      says: /Ed448/,
    },
    {
      name: 'secp256k1 key (PEM)',
      input: () => pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, 'sec1'),
      code: 'key_unsupported',
      says: /secp256k1/,
    },
    {
      name: 'secp256k1 key (JWK)',
      input: () =>
        JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ format: 'jwk' })),
      code: 'key_unsupported',
      says: /secp256k1/,
    },
    {
      name: 'OpenSSH private key',
      input: () =>
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----',
      code: 'key_unsupported',
      says: /OpenSSH/,
    },
    {
      name: 'RSA-PSS key restricted to MGF1-SHA1 (no JOSE alg fits)',
      input: () =>
        pem(
          generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha1' })
            .privateKey,
          'pkcs8',
        ),
      code: 'key_unsupported',
      says: /MGF1/,
    },
    {
      name: 'JWK without d (public JWK)',
      input: () => JSON.stringify(rsa.export({ format: 'jwk' }), ['kty', 'n', 'e']),
      code: 'key_is_public',
      says: /no "d"/,
    },
    {
      name: 'JWKS with only public keys',
      input: () => JSON.stringify(publicJwks(ec256)),
      code: 'key_is_public',
      says: /only public/,
    },
    {
      name: 'JWKS with two private keys',
      input: () => JSON.stringify({ keys: [ec256.export({ format: 'jwk' }), ed.export({ format: 'jwk' })] }),
      code: 'key_unreadable',
      says: /2 private keys/,
    },
    {
      name: 'symmetric JWK (kty oct)',
      input: () => JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0' }),
      code: 'key_unsupported',
      says: /symmetric/,
    },
    {
      name: 'JWK with an unknown kty',
      input: () => JSON.stringify({ kty: 'AKP', d: 'AAAA' }),
      code: 'key_unsupported',
      says: /AKP/,
    },
    {
      name: 'RSA JWK with damaged members',
      input: () => JSON.stringify({ ...rsa.export({ format: 'jwk' }), p: undefined }),
      code: 'key_unreadable',
      says: /malformed/,
    },
    { name: 'JSON that is not a JWK', input: () => '["a"]', code: 'key_unreadable', says: /not valid JSON|not a JWK/ },
    { name: 'invalid JSON', input: () => '{"kty": "RSA", ', code: 'key_unreadable', says: /not valid JSON/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const input = c.input();
      const opts = c.passphrase === undefined ? {} : { passphrase: c.passphrase };
      const refused = (e: unknown) => {
        assert.ok(e instanceof KeyError, `KeyError expected, got ${String(e)}`);
        assert.equal(e.code, c.code);
        assert.match(e.message, c.says);
        assert.ok(e.hint && e.hint.length > 10, 'a hint says what to do');
        assertNoKeyText(e, input);
        return true;
      };
      assert.throws(() => importPrivateKey(input, opts), refused);
      // The CLI and the extension read keys through readKeyInput: the same refusal, the same code.
      await assert.rejects(readKeyInput(input, opts), refused);
    });
  }

  test('a public key error names the private key forms to import', () => {
    assert.throws(() => importPrivateKey(pem(rsa, 'spki')), {
      hint: /BEGIN PRIVATE KEY \/ BEGIN RSA PRIVATE KEY \/ BEGIN EC PRIVATE KEY/,
    });
  });
  test('a passphrase error says how to give one', () => {
    assert.throws(() => importPrivateKey(pem(ec256, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: PASS })), {
      hint: /CLIENT_CREDS_PASSPHRASE or enter it when asked/,
    });
  });
});

describe('isEncryptedPrivateKey', () => {
  for (const [name, input, expected] of [
    ['encrypted PKCS#8', () => pem(ed, 'pkcs8', { cipher: 'aes-256-cbc', passphrase: PASS }), true],
    ['legacy encrypted', () => pem(rsa, 'pkcs1', { cipher: 'aes-128-cbc', passphrase: PASS }), true],
    ['plain PKCS#8', () => pem(ed, 'pkcs8'), false],
    ['plain PKCS#1', () => pem(rsa, 'pkcs1'), false],
    ['empty', () => '', false],
  ] as const) {
    test(name, () => assert.equal(isEncryptedPrivateKey(input()), expected));
  }
});

describe('describeKey, defaultAlgForKey, assertKeyFitsAlg', () => {
  const RSA_ALGS = SIGNING_ALGS.filter((a) => /^(RS|PS)/.test(a));
  const rows: { name: string; key: () => KeyObject; label: string; algs: SigningAlg[]; def: SigningAlg }[] = [
    { name: 'RSA', key: () => rsa, label: 'RSA 2048-bit', algs: RSA_ALGS, def: 'PS256' },
    { name: 'P-256', key: () => ec256, label: 'EC P-256', algs: ['ES256'], def: 'ES256' },
    { name: 'P-384', key: () => ec384, label: 'EC P-384', algs: ['ES384'], def: 'ES384' },
    { name: 'P-521', key: () => ec521, label: 'EC P-521', algs: ['ES512'], def: 'ES512' },
    { name: 'Ed25519', key: () => ed, label: 'Ed25519', algs: ['EdDSA'], def: 'EdDSA' },
    {
      name: 'RSA-PSS without restrictions',
      key: () => generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey,
      label: 'RSA-PSS 2048-bit',
      algs: ['PS256', 'PS384', 'PS512'],
      def: 'PS256',
    },
    {
      name: 'RSA-PSS restricted to SHA-384',
      key: () =>
        generateKeyPairSync('rsa-pss', {
          modulusLength: 2048,
          hashAlgorithm: 'sha384',
          mgf1HashAlgorithm: 'sha384',
          // @types/node 20 declares saltLength as a string; node:crypto takes a number of bytes.
          saltLength: 48 as unknown as string,
        }).privateKey,
      label: 'RSA-PSS 2048-bit',
      algs: ['PS384'],
      def: 'PS384',
    },
  ];
  for (const r of rows) {
    test(`${r.name}: label, algs, default, and every alg checked`, () => {
      const key = r.key();
      const d = describeKey(key);
      assert.equal(d.label, r.label);
      assert.deepEqual(d.algs, r.algs);
      assert.equal(defaultAlgForKey(key), r.def);
      assert.deepEqual(describeKey(exportPublic(key)).algs, r.algs, 'the public half describes the same');
      for (const alg of SIGNING_ALGS) {
        if (r.algs.includes(alg)) {
          assertKeyFitsAlg(key, alg);
          continue;
        }
        assert.throws(
          () => assertKeyFitsAlg(key, alg),
          (e: unknown) =>
            e instanceof KeyError &&
            e.code === 'key_alg_mismatch' &&
            e.message.includes(alg) &&
            e.message.includes(r.algs[0] as string) &&
            (e.hint ?? '').includes(`set the alg to ${r.algs[0]}`),
        );
      }
    });
  }
  test('RSA under 2048 bits is refused for every RSA alg even when passed as a KeyObject', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    for (const alg of RSA_ALGS) assert.throws(() => assertKeyFitsAlg(small, alg), { code: 'key_too_small' });
  });
  test('unsupported key objects are refused by describeKey', () => {
    for (const k of [
      generateKeyPairSync('x25519').privateKey,
      generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey,
    ]) {
      assert.throws(() => describeKey(k), { code: 'key_unsupported' });
    }
  });
  test('the mismatch message names the key and the alg that fits', () => {
    assert.throws(() => assertKeyFitsAlg(ec384, 'ES256'), {
      message: 'ES256 does not fit this EC P-384 key; it signs with ES384',
    });
  });
});

function exportPublic(key: KeyObject): KeyObject {
  return importPublic(exportPublicKeyPem(key));
}
function importPublic(text: string): KeyObject {
  // node:crypto reads the SPKI PEM this module wrote.
  return createPublicKey(text);
}

describe('exports', () => {
  test('private PEM is unencrypted PKCS#8 and re-imports to the same key', () => {
    for (const k of [rsa, ec256, ed]) {
      const out = exportPrivateKeyPem(k);
      assert.match(out, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.equal(jwkThumbprint(importPrivateKey(out)), jwkThumbprint(k));
    }
  });
  test('exportPrivateKeyPem refuses a public key', () => {
    assert.throws(() => exportPrivateKeyPem(exportPublic(ec256)), { code: 'key_is_public' });
  });
  test('public PEM is SPKI (BEGIN PUBLIC KEY), from a private or a public key', () => {
    const pub = exportPublicKeyPem(rsa);
    assert.match(pub, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    assert.equal(exportPublicKeyPem(exportPublic(rsa)), pub);
  });
  test('public JWK: public members only, RFC 7638 kid, use sig, alg when asked', async () => {
    for (const [k, alg, kty] of [
      [rsa, 'PS256', 'RSA'],
      [ec521, 'ES512', 'EC'],
      [ed, 'EdDSA', 'OKP'],
    ] as const) {
      const jwk = publicJwk(k, alg);
      assert.equal(jwk.kty, kty);
      assert.equal(jwk.use, 'sig');
      assert.equal(jwk.alg, alg);
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) assert.ok(!(secret in jwk), `no ${secret}`);
      assert.equal(jwk.kid, await calculateJwkThumbprint(jwk, 'sha256'), 'kid is the thumbprint jose computes');
      assert.equal(publicJwk(k).alg, undefined);
      assert.deepEqual(publicJwks(k, alg), { keys: [jwk] });
    }
  });
  test('publicJwk refuses an alg that does not fit', () => {
    assert.throws(() => publicJwk(ed, 'RS256'), { code: 'key_alg_mismatch' });
  });
  test('RSA-PSS keys export n and e like any RSA key', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey;
    const jwk = publicJwk(pss, 'PS256');
    assert.equal(jwk.kty, 'RSA');
    assert.equal(jwk.e, 'AQAB');
    assert.equal(Buffer.from(jwk.n ?? '', 'base64url').length, 256);
  });
  test('jwkThumbprint matches the RFC 7638 §3.1 example', () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    assert.equal(jwkThumbprint(key), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});

describe('generateKeyPair', () => {
  const rows: { alg: SigningAlg; bits?: 2048 | 3072; label: string }[] = [
    { alg: 'PS256', label: 'RSA 2048-bit' },
    { alg: 'RS256', bits: 3072, label: 'RSA 3072-bit' },
    { alg: 'ES256', label: 'EC P-256' },
    { alg: 'ES384', label: 'EC P-384' },
    { alg: 'ES512', label: 'EC P-521' },
    { alg: 'EdDSA', label: 'Ed25519' },
  ];
  for (const r of rows) {
    test(`${r.alg}${r.bits ? ` ${r.bits}` : ''} -> ${r.label}, PEMs that re-import`, async () => {
      const pair = await generateKeyPair(r.bits ? { alg: r.alg, bits: r.bits } : { alg: r.alg });
      assert.equal(describeKey(pair.privateKey).label, r.label);
      assertKeyFitsAlg(pair.privateKey, r.alg);
      assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
      assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
      assert.equal(jwkThumbprint(importPrivateKey(pair.privateKeyPem)), jwkThumbprint(pair.privateKey));
      assert.equal(jwkThumbprint(importPublic(pair.publicKeyPem)), jwkThumbprint(pair.privateKey));
    });
  }
  test('keeps the event loop turning while an RSA key is generated (threadpool, not the main thread)', async () => {
    let turns = 0;
    let spinning = true;
    const spin = () => {
      if (!spinning) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    await generateKeyPair({ alg: 'PS256', bits: 3072 });
    spinning = false;
    assert.ok(turns > 0, 'setImmediate callbacks ran during generation');
  });
  test('two calls give two different keys', async () => {
    const [a, b] = await Promise.all([generateKeyPair({ alg: 'ES256' }), generateKeyPair({ alg: 'ES256' })]);
    assert.notEqual(jwkThumbprint(a.privateKey), jwkThumbprint(b.privateKey));
  });
  for (const [name, opts] of [
    ['RSA size not offered', { alg: 'PS256', bits: 1024 }],
    ['bits with an EC alg', { alg: 'ES256', bits: 2048 }],
    ['bits with EdDSA', { alg: 'EdDSA', bits: 4096 }],
  ] as const) {
    test(`refuses ${name}`, async () => {
      await assert.rejects(
        generateKeyPair(opts as never),
        (e: unknown) => e instanceof ConfigError && e.code === 'invalid_bits',
      );
    });
  }
});
