// readKeyInput, the one reader of key files and pasted key text, over every kind of input people have: each key
// format (PKCS#8, PKCS#1, SEC1, JWK) in each spelling (escapes, quotes, one line, indentation, BOMs, UTF-16), DER,
// PKCS#12 (test-only fixtures, see test/fixtures/keys/make-test-only-keys.sh), bundles and JSON files; and what
// the key says about itself (a JWK's kid and alg, the certificate that comes with it).
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { ClientCredsError } from '../../../src/core/errors';
import { jwkThumbprint } from '../../../src/core/keyExport';
import { defaultAlgFor, readKeyInput } from '../../../src/core/keyInput';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'keys');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));
const P12_PASSPHRASE = 'test-only-passphrase';
const PASS = 'correct horse battery staple';

let rsa: KeyObject;
let ec: KeyObject;
let ed: KeyObject;
before(() => {
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  ed = generateKeyPairSync('ed25519').privateKey;
});

type Encoding = 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted-pkcs8' | 'legacy-encrypted' | 'jwk';
const FORMATS: { name: Encoding; key: () => KeyObject }[] = [
  { name: 'pkcs8', key: () => rsa },
  { name: 'pkcs1', key: () => rsa },
  { name: 'sec1', key: () => ec },
  { name: 'encrypted-pkcs8', key: () => ec },
  { name: 'legacy-encrypted', key: () => rsa },
  { name: 'jwk', key: () => ed },
];

function written(key: KeyObject, encoding: Encoding): string {
  switch (encoding) {
    case 'jwk':
      return JSON.stringify({ ...key.export({ format: 'jwk' }), kid: 'k1' });
    case 'encrypted-pkcs8':
      return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS }).toString();
    case 'legacy-encrypted':
      return key.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: PASS }).toString();
    default:
      return key.export({ type: encoding, format: 'pem' }).toString();
  }
}

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

/** How people store key text. `pemOnly` spellings break JSON syntax (escapes outside strings), so JWKs skip them. */
const SPELLINGS: { name: string; pemOnly?: boolean; spell: (text: string) => string | Uint8Array }[] = [
  { name: 'as written', spell: (t) => t },
  { name: 'literal \\n escapes (environment variable)', pemOnly: true, spell: (t) => t.replace(/\n/g, '\\n') },
  { name: 'literal \\r\\n escapes', pemOnly: true, spell: (t) => t.replace(/\n/g, '\\r\\n') },
  { name: 'doubly escaped \\\\n', pemOnly: true, spell: (t) => t.replace(/\n/g, '\\\\n') },
  { name: 'in double quotes', spell: (t) => `"${t}"` },
  { name: 'in single quotes', spell: (t) => `'${t}'` },
  { name: 'a JSON string', spell: (t) => JSON.stringify(t) },
  { name: 'a .env line', pemOnly: true, spell: (t) => `PRIVATE_KEY="${t.replace(/\n/g, '\\n')}"\n` },
  { name: 'one line, breaks turned to spaces', pemOnly: true, spell: (t) => t.replace(/\n/g, ' ') },
  { name: 'one line, breaks removed', pemOnly: true, spell: (t) => t.replace(/\n/g, '') },
  { name: 'indented by four spaces (YAML block)', spell: (t) => t.replace(/^/gm, '    ') },
  { name: 'indented by a tab', spell: (t) => t.replace(/^/gm, '\t') },
  { name: 'CRLF line ends', spell: (t) => t.replace(/\n/g, '\r\n') },
  { name: 'lines re-wrapped at 76', pemOnly: true, spell: rewrap },
  {
    name: 'UTF-8 with BOM and CRLF',
    spell: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t.replace(/\n/g, '\r\n'))]),
  },
  {
    name: 'UTF-16 LE with BOM (PowerShell 5 redirection)',
    spell: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  },
  { name: 'UTF-16 BE with BOM', spell: (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(t)]) },
  { name: 'UTF-16 LE without BOM', spell: (t) => Buffer.from(t, 'utf16le') },
];

/** The base64 body re-wrapped at 76 characters (MIME style) instead of 64; markers and headers kept. */
function rewrap(pem: string): string {
  return pem.replace(/(?:^[A-Za-z0-9+/=]+\n)+/gm, (body) => `${body.replace(/\n/g, '').replace(/(.{76})/g, '$1\n')}\n`);
}

describe('readKeyInput reads every key format in every spelling people store it in', () => {
  for (const format of FORMATS) {
    for (const spelling of SPELLINGS) {
      if (spelling.pemOnly && format.name === 'jwk') continue;
      test(`${format.name}, ${spelling.name}`, async () => {
        const key = format.key();
        const text = written(key, format.name);
        // Without any separator the legacy DEK-Info IV (hex) runs into the base64 body: there is no telling them apart.
        if (format.name === 'legacy-encrypted' && spelling.name.startsWith('one line, breaks removed')) return;
        const material = await readKeyInput(spelling.spell(text), { passphrase: PASS });
        assert.equal(jwkThumbprint(material.key), jwkThumbprint(key), 'the same key');
        assert.equal(material.source, format.name === 'jwk' ? 'jwk' : 'pem');
      });
    }
  }
});

describe('readKeyInput reads DER by content, not by file name', () => {
  const rows: { name: string; der: () => Buffer; key: () => KeyObject; passphrase?: string }[] = [
    { name: 'PKCS#8 RSA', der: () => rsa.export({ type: 'pkcs8', format: 'der' }), key: () => rsa },
    { name: 'PKCS#1 RSA', der: () => rsa.export({ type: 'pkcs1', format: 'der' }), key: () => rsa },
    { name: 'SEC1 P-256', der: () => ec.export({ type: 'sec1', format: 'der' }), key: () => ec },
    { name: 'PKCS#8 Ed25519', der: () => ed.export({ type: 'pkcs8', format: 'der' }), key: () => ed },
    {
      name: 'encrypted PKCS#8',
      der: () => ec.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: PASS }),
      key: () => ec,
      passphrase: PASS,
    },
  ];
  for (const r of rows) {
    for (const [how, input] of [
      ['bytes', (d: Buffer) => d],
      ['bare base64 text', (d: Buffer) => d.toString('base64')],
      ['bare base64 text wrapped at 64', (d: Buffer) => d.toString('base64').replace(/(.{64})/g, '$1\n')],
    ] as const) {
      test(`${r.name} as ${how}`, async () => {
        const material = await readKeyInput(input(r.der()), r.passphrase ? { passphrase: r.passphrase } : {});
        assert.equal(jwkThumbprint(material.key), jwkThumbprint(r.key()));
        assert.equal(material.source, 'der');
        assert.deepEqual(material.certificates, []);
      });
    }
  }
});

const rsaKeyPem = () => fixture('test-only-rsa.key.pem').toString();
const rsaCertPem = () => fixture('test-only-rsa.cert.pem').toString();
const caCertPem = () => fixture('test-only-ca.cert.pem').toString();
const rsaFixtureKey = () => readKeyInput(rsaKeyPem()).then((m) => m.key);

describe('PKCS#12 files with their passphrase', () => {
  const rows: { file: string; subjects: string[]; notes: number }[] = [
    {
      file: 'test-only-rsa.p12',
      subjects: ['CN=Client Creds test-only RSA', 'CN=Client Creds test-only CA'],
      notes: 0,
    },
    { file: 'test-only-ec.p12', subjects: ['CN=Client Creds test-only EC'], notes: 0 },
    { file: 'test-only-rsa-3des.p12', subjects: ['CN=Client Creds test-only RSA'], notes: 0 },
    { file: 'test-only-rsa-rc2-certs.p12', subjects: [], notes: 1 },
  ];
  for (const r of rows) {
    for (const [how, input] of [
      ['bytes', (b: Buffer) => b],
      ['base64 text (as secret stores hand it out)', (b: Buffer) => b.toString('base64')],
    ] as const) {
      test(`${r.file} as ${how}: the key, its certificate first, then the chain`, async () => {
        const material = await readKeyInput(input(fixture(r.file)), { passphrase: P12_PASSPHRASE });
        const own = r.file.includes('-ec') ? 'test-only-ec.key.pem' : 'test-only-rsa.key.pem';
        assert.equal(jwkThumbprint(material.key), jwkThumbprint((await readKeyInput(fixture(own))).key));
        assert.equal(material.source, 'pkcs12');
        assert.deepEqual(
          material.certificates.map((c) => c.subject),
          r.subjects,
        );
        assert.equal(material.notes.length, r.notes);
        if (r.notes) assert.match(material.notes[0] ?? '', /RC2-40.*openssl pkcs12 -legacy .*-clcerts -nokeys/);
      });
    }
  }
  test('the passphrase is asked for, again after a wrong one, and never appears in an error', async () => {
    const asked: boolean[] = [];
    const answers = ['wrong-1', P12_PASSPHRASE];
    const material = await readKeyInput(fixture('test-only-ec.p12'), {
      askPassphrase: async (retry) => {
        asked.push(retry);
        return answers.shift() as string;
      },
    });
    assert.deepEqual(asked, [false, true]);
    assert.equal(material.certificates.length, 1);
  });
  test('after the last wrong passphrase: key_bad_passphrase', async () => {
    let calls = 0;
    await assert.rejects(
      readKeyInput(fixture('test-only-rsa.p12'), { askPassphrase: async () => `wrong-${++calls}`, attempts: 3 }),
      (e: unknown) => e instanceof ClientCredsError && e.code === 'key_bad_passphrase' && !e.message.includes('wrong-'),
    );
    assert.equal(calls, 3);
  });
});

/** A refusal: its code, what the message says, what the hint says. */
interface Refusal {
  name: string;
  input: () => string | Uint8Array | Promise<string | Uint8Array>;
  passphrase?: string;
  code: string;
  says: RegExp;
  hint?: RegExp;
}

const REFUSALS: Refusal[] = [
  {
    name: 'PKCS#12 without a passphrase',
    input: () => fixture('test-only-rsa.p12'),
    code: 'key_passphrase_required',
    says: /PKCS#12.*passphrase/,
    hint: /CLIENT_CREDS_PASSPHRASE/,
  },
  {
    name: 'PKCS#12 with a wrong passphrase (integrity MAC)',
    input: () => fixture('test-only-rsa.p12'),
    passphrase: 'wrong',
    code: 'key_bad_passphrase',
    says: /passphrase/,
  },
  {
    name: 'PKCS#12 (3DES) with a wrong passphrase',
    input: () => fixture('test-only-rsa-3des.p12'),
    passphrase: 'wrong',
    code: 'key_bad_passphrase',
    says: /passphrase/,
  },
  {
    name: 'PKCS#12 whose key is under RC2-40',
    input: () => fixture('test-only-rsa-rc2-key.p12'),
    passphrase: P12_PASSPHRASE,
    code: 'key_pkcs12_unsupported',
    says: /RC2-40/,
    hint: /openssl pkcs12 -legacy -in <file\.p12> -nodes -out key\.pem/,
  },
  {
    name: 'PKCS#12 with certificates only',
    input: () => fixture('test-only-certs-only.p12'),
    passphrase: P12_PASSPHRASE,
    code: 'key_is_public',
    says: /only certificates/,
  },
  {
    name: 'binary data that is neither DER nor PKCS#12',
    input: () => Buffer.from([0x30, 0x82, 0x01, 0x00, 0x04, 0x02, 0xff, 0xff]),
    code: 'key_unreadable',
    says: /neither a DER private key .* nor a PKCS#12 file/,
  },
  {
    name: 'a Java KeyStore',
    input: () => Buffer.concat([Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]), Buffer.alloc(64, 1)]),
    code: 'key_unsupported',
    says: /Java KeyStore/,
    hint: /keytool -importkeystore .*-deststoretype PKCS12/,
  },
  {
    name: 'a PuTTY key',
    input: () => 'PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: x\nPublic-Lines: 1\nAAAA\n',
    code: 'key_unsupported',
    says: /PuTTY/,
    hint: /puttygen key\.ppk -O private-openssh -o key\.pem/,
  },
  {
    name: 'a PEM block with a quote inside it',
    input: () => written(rsa, 'pkcs8').replace('\n', '\n"'),
    code: 'key_unreadable',
    says: /not base64/,
  },
  {
    name: 'two private keys in one text',
    input: () => `${written(rsa, 'pkcs8')}${written(ec, 'sec1')}`,
    code: 'key_unreadable',
    says: /2 private keys/,
  },
  {
    name: 'a bundle whose certificate belongs to another key',
    input: () => `${rsaCertPem()}${written(rsa, 'pkcs8')}`,
    code: 'key_certificate_mismatch',
    says: /does not hold this private key's public key \(CN=Client Creds test-only RSA\)/,
  },
  {
    name: 'a certificate alone',
    input: () => rsaCertPem(),
    code: 'key_is_public',
    says: /certificate/,
    hint: /cat cert\.pem key\.pem.*--certificate/,
  },
  {
    name: 'a service-account JSON whose private_key is not PEM',
    input: () => JSON.stringify({ type: 'service_account', private_key: 'nope' }),
    code: 'key_unreadable',
    says: /no private key|not a PEM key/,
  },
  {
    name: 'a JWK whose alg does not fit it',
    input: () => JSON.stringify({ ...ec.export({ format: 'jwk' }), alg: 'RS256' }),
    code: 'key_alg_mismatch',
    says: /RS256 does not fit this EC P-256 key/,
  },
  {
    name: 'a JWK meant for HMAC',
    input: () => JSON.stringify({ ...rsa.export({ format: 'jwk' }), alg: 'HS256' }),
    code: 'key_jwk_alg_unsupported',
    says: /"HS256"/,
  },
  {
    name: 'a JWK meant for encryption (use enc)',
    input: () => JSON.stringify({ ...rsa.export({ format: 'jwk' }), use: 'enc' }),
    code: 'key_not_for_signing',
    says: /"use": "enc"/,
  },
  {
    name: 'a JWK whose key_ops lack sign',
    input: () => JSON.stringify({ ...rsa.export({ format: 'jwk' }), key_ops: ['decrypt'] }),
    code: 'key_not_for_signing',
    says: /key_ops/,
  },
  {
    name: 'a JWK with a damaged x5c',
    input: () => JSON.stringify({ ...rsa.export({ format: 'jwk' }), x5c: ['bm90IGEgY2VydA=='] }),
    code: 'certificate_unreadable',
    says: /x5c/,
  },
];

describe('readKeyInput refuses what it cannot use, naming the problem and the fix, never the key', () => {
  for (const r of REFUSALS) {
    test(r.name, async () => {
      const input = await r.input();
      await assert.rejects(readKeyInput(input, r.passphrase ? { passphrase: r.passphrase } : {}), (e: unknown) => {
        assert.ok(e instanceof ClientCredsError, `a ClientCredsError, got ${String(e)}`);
        assert.equal(e.code, r.code);
        assert.match(e.message, r.says);
        assert.ok(e.hint && e.hint.length > 10, 'a hint says what to do');
        if (r.hint) assert.match(e.hint, r.hint);
        assertNoSecret(`${e.message} ${e.hint}`, input, r.passphrase);
        return true;
      });
    });
  }
});

/** No run of 16 base64 characters of the input (key text) and never the passphrase appears in error text. */
function assertNoSecret(said: string, input: string | Uint8Array, passphrase?: string): void {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('base64');
  for (const run of text.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
    assert.ok(!said.includes(run.slice(0, 16)), `error text leaks input: ${said}`);
  }
  if (passphrase) assert.ok(!said.includes(passphrase), 'error text holds the passphrase');
}

describe('bundles and JSON files: the certificates and what the key says about itself', () => {
  test('`cat cert.pem ca.pem key.pem`: the key, its certificate first, the CA after', async () => {
    const m = await readKeyInput(`${caCertPem()}${rsaCertPem()}${rsaKeyPem()}`);
    assert.equal(jwkThumbprint(m.key), jwkThumbprint(await rsaFixtureKey()));
    assert.deepEqual(
      m.certificates.map((c) => c.subject),
      ['CN=Client Creds test-only RSA', 'CN=Client Creds test-only CA'],
    );
  });
  test('a bundle kept in an environment variable (literal \\n escapes, quoted) reads the same', async () => {
    const m = await readKeyInput(JSON.stringify(`${rsaCertPem()}${rsaKeyPem()}`).replace(/\\n/g, '\\\\n'));
    assert.equal(m.certificates[0]?.subject, 'CN=Client Creds test-only RSA');
  });
  test('a JWK: its kid and alg come back; a JWKS with one private key likewise', async () => {
    const jwk = { ...rsa.export({ format: 'jwk' }), kid: 'key-2025-b', alg: 'RS256', use: 'sig' };
    for (const input of [
      JSON.stringify(jwk),
      JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }, jwk] }),
    ]) {
      const m = await readKeyInput(input);
      assert.equal(m.kid, 'key-2025-b');
      assert.equal(m.alg, 'RS256');
      assert.equal(m.source, 'jwk');
    }
  });
  test("a JWK's x5c is its certificate chain", async () => {
    const key = await rsaFixtureKey();
    const der = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');
    const jwk = { ...key.export({ format: 'jwk' }), x5c: [der(caCertPem()), der(rsaCertPem())] };
    const m = await readKeyInput(JSON.stringify(jwk));
    assert.equal(m.certificates[0]?.subject, 'CN=Client Creds test-only RSA');
  });
  test('a service-account JSON: the PEM in private_key, private_key_id as kid', async () => {
    const sa = {
      type: 'service_account',
      private_key_id: '0123abcd',
      private_key: written(rsa, 'pkcs8'),
      client_email: 'svc@example.iam.gserviceaccount.com',
    };
    for (const input of [JSON.stringify(sa), JSON.stringify(sa, null, 2), Buffer.from(JSON.stringify(sa), 'utf16le')]) {
      const m = await readKeyInput(input);
      assert.equal(jwkThumbprint(m.key), jwkThumbprint(rsa));
      assert.equal(m.kid, '0123abcd');
      assert.equal(m.source, 'service-account');
    }
  });
});

describe('defaultAlgFor: the JWK alg, else the preferred alg the key fits, else the key natural alg', () => {
  const rows: { name: string; key: () => KeyObject; jwkAlg?: 'RS256' | 'PS384'; preferred?: 'PS256'; want: string }[] =
    [
      {
        name: 'RSA JWK with alg RS256, preset PS256',
        key: () => rsa,
        jwkAlg: 'RS256',
        preferred: 'PS256',
        want: 'RS256',
      },
      { name: 'RSA JWK with alg PS384, no preset', key: () => rsa, jwkAlg: 'PS384', want: 'PS384' },
      { name: 'RSA without alg, preset PS256', key: () => rsa, preferred: 'PS256', want: 'PS256' },
      { name: 'P-256 without alg, preset PS256', key: () => ec, preferred: 'PS256', want: 'ES256' },
      { name: 'Ed25519 without alg or preset', key: () => ed, want: 'EdDSA' },
    ];
  for (const r of rows) {
    test(r.name, () => {
      assert.equal(defaultAlgFor({ key: r.key(), ...(r.jwkAlg ? { alg: r.jwkAlg } : {}) }, r.preferred), r.want);
    });
  }
});
