// Certificates that come with a key: description and thumbprints (checked against node's own fingerprints),
// reading certificate files, matching a certificate to its key, and the x5t / x5t#S256 header of an assertion,
// through the flow as the CLI and the extension sign it.
import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { signAssertion } from '../../../src/core/assertion';
import {
  certificateHeader,
  certificateNote,
  certificatesForKey,
  describeCertificate,
  readCertificates,
  X5T_CHOICES,
} from '../../../src/core/certificate';
import { KeyError } from '../../../src/core/errors';
import { signOnly } from '../../../src/core/flow';
import { createHttpClient } from '../../../src/core/http';
import { importPrivateKey } from '../../../src/core/keyImport';
import { createProfile, validateProfile } from '../../../src/core/profiles';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'keys');
const text = (name: string) => readFileSync(resolve(FIXTURES, name), 'utf8');
const rsaCert = () => new X509Certificate(text('test-only-rsa.cert.pem'));
const caCert = () => new X509Certificate(text('test-only-ca.cert.pem'));
const ecCert = () => new X509Certificate(text('test-only-ec.cert.pem'));
const rsaKey = () => importPrivateKey(text('test-only-rsa.key.pem'));
const ecKey = () => importPrivateKey(text('test-only-ec.key.pem'));

/** node's fingerprints are colon-separated upper-case hex; JOSE thumbprints are base64url of the same digest. */
const b64url = (colonHex: string) => Buffer.from(colonHex.replace(/:/g, ''), 'hex').toString('base64url');

describe('describeCertificate', () => {
  const rows = [
    { name: 'CA-issued RSA', cert: rsaCert, subject: 'CN=Client Creds test-only RSA', selfIssued: false },
    { name: 'self-signed EC', cert: ecCert, subject: 'CN=Client Creds test-only EC', selfIssued: true },
  ];
  for (const r of rows) {
    test(`${r.name}: names, validity, and both thumbprints as node computes them`, () => {
      const cert = r.cert();
      const d = describeCertificate(cert);
      assert.equal(d.subject, r.subject);
      assert.equal(d.selfIssued, r.selfIssued);
      assert.equal(d.issuer, r.selfIssued ? r.subject : 'CN=Client Creds test-only CA');
      assert.equal(d.sha256Thumbprint, b64url(cert.fingerprint256));
      assert.equal(d.sha1Thumbprint, b64url(cert.fingerprint));
      assert.equal(d.sha1Hex, cert.fingerprint.replace(/:/g, ''));
      assert.equal(d.notBeforeMs, Date.parse(cert.validFrom));
      assert.equal(d.notAfter, new Date(Date.parse(cert.validTo)).toISOString());
      assert.ok(d.notAfterMs > d.notBeforeMs);
      assert.equal(d.serialNumber, cert.serialNumber);
    });
  }
  test('certificateNote: valid, expired, not yet valid', () => {
    const d = describeCertificate(ecCert());
    assert.deepEqual(
      [d.notBeforeMs + 1000, d.notAfterMs + 1000, d.notBeforeMs - 1000].map(
        (now) => certificateNote(ecCert(), now).warning,
      ),
      [false, true, true],
    );
    assert.match(certificateNote(ecCert(), d.notAfterMs + 1000).text, /expired on .*refuse/);
    assert.match(certificateNote(ecCert(), d.notBeforeMs + 1000).text, new RegExp(`x5t#S256 ${d.sha256Thumbprint}`));
  });
});

describe('certificateHeader: which thumbprints the header carries', () => {
  const want: Record<(typeof X5T_CHOICES)[number], string[]> = {
    sha256: ['x5t#S256'],
    sha1: ['x5t'],
    both: ['x5t', 'x5t#S256'],
    none: [],
  };
  for (const choice of X5T_CHOICES) {
    test(choice, () => {
      const header = certificateHeader(rsaCert(), choice);
      assert.deepEqual(Object.keys(header).sort(), want[choice]);
      if (header.x5t) assert.equal(header.x5t, b64url(rsaCert().fingerprint));
      if (header['x5t#S256']) assert.equal(header['x5t#S256'], b64url(rsaCert().fingerprint256));
    });
  }
  test('sha256 is the default; no certificate, no header', () => {
    assert.deepEqual(Object.keys(certificateHeader(rsaCert())), ['x5t#S256']);
    assert.deepEqual(certificateHeader(undefined, 'both'), {});
  });
});

describe('readCertificates and certificatesForKey', () => {
  test('a PEM chain in order, a DER certificate, one in a quoted one-line spelling', () => {
    assert.deepEqual(
      readCertificates(`${text('test-only-ca.cert.pem')}${text('test-only-rsa.cert.pem')}`).map((c) => c.subject),
      ['CN=Client Creds test-only CA', 'CN=Client Creds test-only RSA'],
    );
    assert.equal(readCertificates(new Uint8Array(ecCert().raw))[0]?.subject, 'CN=Client Creds test-only EC');
    assert.equal(readCertificates(`"${text('test-only-ec.cert.pem').replace(/\n/g, '\\n')}"`).length, 1);
  });
  for (const [name, input] of [
    ['text without a certificate', () => 'hello'],
    ['a private key', () => text('test-only-ec.key.pem')],
    ['binary that is not a certificate', () => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])],
    ['a damaged certificate block', () => '-----BEGIN CERTIFICATE-----\nTUlJ\n-----END CERTIFICATE-----\n'],
  ] as const) {
    test(`refuses ${name} (certificate_unreadable)`, () => {
      assert.throws(() => readCertificates(input()), { code: 'certificate_unreadable', hint: /BEGIN CERTIFICATE/ });
    });
  }
  test("the key's own certificate comes first, whatever the order given", () => {
    assert.deepEqual(
      certificatesForKey(rsaKey(), [caCert(), rsaCert()]).map((c) => c.subject),
      ['CN=Client Creds test-only RSA', 'CN=Client Creds test-only CA'],
    );
    assert.deepEqual(certificatesForKey(rsaKey(), []), []);
  });
  test('a certificate of another key is refused, naming the certificate', () => {
    for (const [key, certs] of [
      [ecKey(), [rsaCert()]],
      [rsaKey(), [ecCert(), caCert()]],
      [generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, [ecCert()]],
    ] as const) {
      assert.throws(
        () => certificatesForKey(key, certs),
        (e: unknown) => e instanceof KeyError && e.code === 'key_certificate_mismatch' && /CN=/.test(e.message),
      );
    }
  });
});

describe('the assertion header carries the thumbprint the profile asks for', () => {
  const base = {
    clientId: 'c',
    audience: 'https://as.example/token',
    expUnit: 'seconds' as const,
    lifetimeSeconds: 60,
  };
  test('signAssertion puts x5t and x5t#S256 after alg and kid', () => {
    const signed = signAssertion(rsaKey(), {
      ...base,
      alg: 'PS256',
      kid: 'k',
      thumbprints: certificateHeader(rsaCert(), 'both'),
    });
    assert.deepEqual(Object.keys(signed.header), ['alg', 'kid', 'x5t', 'x5t#S256']);
    const header = JSON.parse(Buffer.from(signed.jwt.split('.')[0] ?? '', 'base64url').toString());
    assert.deepEqual(header, signed.header, 'the signed header is the one returned');
  });
  for (const x5t of [undefined, ...X5T_CHOICES]) {
    test(`signOnly with a certificate, profile x5t ${x5t ?? '(unset)'}`, async () => {
      const profile = createProfile('generic', {
        name: 'p',
        clientId: 'c',
        tokenUrl: 'https://as.example/token',
        audience: 'token-endpoint',
        alg: 'ES256',
        ...(x5t ? { x5t } : {}),
      });
      const http = createHttpClient({ timeoutMs: 1000 });
      try {
        const { assertion } = await signOnly({ profile, key: ecKey(), certificate: ecCert(), http });
        assert.deepEqual(assertion.header, { alg: 'ES256', ...certificateHeader(ecCert(), x5t ?? 'sha256') });
        const withoutCert = await signOnly({ profile, key: ecKey(), http });
        assert.deepEqual(withoutCert.assertion.header, { alg: 'ES256' });
      } finally {
        await http.close();
      }
    });
  }
});

describe('profile fields certificate and x5t', () => {
  const profile = { name: 'p', clientId: 'c', tokenUrl: 'https://as.example/token', audience: 'token-endpoint' };
  test('accepted and kept', () => {
    const r = validateProfile({ ...profile, certificate: '/path/cert.pem', x5t: 'sha1' });
    assert.ok(r.ok);
    assert.equal(r.profile.certificate, '/path/cert.pem');
    assert.equal(r.profile.x5t, 'sha1');
  });
  test('absent by default', () => {
    const r = validateProfile(profile);
    assert.ok(r.ok);
    assert.equal(r.profile.x5t, undefined);
    assert.equal(r.profile.certificate, undefined);
  });
  for (const [field, value, problem] of [
    ['x5t', 'md5', /x5t: must be one of sha256, sha1, both, none/],
    ['x5t', 1, /x5t: must be text/],
    ['certificate', 42, /certificate: must be text/],
  ] as const) {
    test(`refuses ${field} ${JSON.stringify(value)}`, () => {
      const r = validateProfile({ ...profile, [field]: value });
      assert.ok(!r.ok);
      assert.ok(
        r.problems.some((p) => problem.test(p)),
        r.problems.join('; '),
      );
    });
  }
});
