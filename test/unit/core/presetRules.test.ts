// Presets carry their server's rules, and the lint checks an assertion and its key against them before anything is
// sent; the preset helpers build each server's token URL.
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { SigningAlg } from '../../../src/core/algorithms';
import { signAssertion } from '../../../src/core/assertion';
import { ConfigError } from '../../../src/core/errors';
import { generateKeyPair } from '../../../src/core/keyGeneration';
import { assertServerRules, lintServerRules, rulesOf } from '../../../src/core/presetRules';
import {
  entraTokenUrl,
  isJackHenryTokenUrl,
  JACK_HENRY_TOKEN_URL,
  jackHenryTokenUrl,
  PRESET_IDS,
  PRESETS,
} from '../../../src/core/presets';

const KEYS: Record<string, { alg: SigningAlg; key?: KeyObject }> = {
  rsa: { alg: 'PS256' },
  p256: { alg: 'ES256' },
  p384: { alg: 'ES384' },
  ed25519: { alg: 'EdDSA' },
};

function signed(key: KeyObject, alg: SigningAlg, over: { lifetime?: number; header?: Record<string, unknown> } = {}) {
  const a = signAssertion(key, {
    clientId: 'c',
    audience: 'https://as.example/token',
    alg,
    expUnit: 'milliseconds',
    lifetimeSeconds: over.lifetime ?? 60,
  });
  return { header: { ...a.header, ...over.header }, payload: a.payload };
}

describe('server rules of the presets', () => {
  before(async () => {
    for (const entry of Object.values(KEYS)) entry.key = (await generateKeyPair({ alg: entry.alg })).privateKey;
  });

  test('only Jack Henry and Entra ID have rules; generic servers vary too much', () => {
    assert.deepEqual(
      PRESET_IDS.filter((p) => rulesOf(p) !== undefined),
      ['jack-henry', 'entra-id'],
    );
  });

  // Jack Henry accepts ES256, PS256 and RS256 only: every key type and alg against that.
  const jackHenry: [string, SigningAlg, string[]][] = [
    ['rsa', 'PS256', []],
    ['rsa', 'RS256', []],
    ['rsa', 'PS384', ['server_alg']],
    ['rsa', 'RS512', ['server_alg']],
    ['p256', 'ES256', []],
    ['p384', 'ES384', ['server_key']],
    ['ed25519', 'EdDSA', ['server_key']],
  ];
  for (const [keyName, alg, codes] of jackHenry) {
    test(`Jack Henry: a ${keyName} key signing ${alg} -> ${codes.join(', ') || 'accepted'}`, () => {
      const key = KEYS[keyName]?.key as KeyObject;
      const rules = rulesOf('jack-henry');
      assert.ok(rules);
      const findings = lintServerRules(rules, { ...signed(key, alg), key });
      assert.deepEqual(
        findings.map((f) => f.code),
        codes,
      );
      for (const f of findings) {
        assert.equal(f.level, 'error');
        assert.match(f.message, /Jack Henry accepts ES256, PS256, RS256 only/);
      }
    });
  }

  test('Jack Henry: an alg it refuses names what this key can use instead', () => {
    const key = KEYS.rsa?.key as KeyObject;
    const [finding] = lintServerRules(PRESETS['jack-henry'].rules ?? { server: '' }, { ...signed(key, 'PS512'), key });
    assert.match(finding?.message ?? '', /not PS512; this key can use PS256 or RS256/);
  });

  const lifetimes: [number, number, boolean][] = [
    [60, 0, true],
    [300, 0, true],
    [300, 1, false],
    [60, 241, false],
  ];
  for (const [lifetime, laterSeconds, ok] of lifetimes) {
    test(`Jack Henry: exp ${lifetime} s after signing, checked ${laterSeconds} s earlier -> ${ok ? 'ok' : 'too far'}`, () => {
      const key = KEYS.rsa?.key as KeyObject;
      const out = signed(key, 'PS256', { lifetime });
      const nowMs = Date.now() - laterSeconds * 1000;
      const codes = lintServerRules(PRESETS['jack-henry'].rules ?? { server: '' }, { ...out, nowMs }).map(
        (f) => f.code,
      );
      assert.deepEqual(codes, ok ? [] : ['server_lifetime']);
    });
  }

  const entra: { name: string; alg: SigningAlg; scope?: string; header?: Record<string, unknown>; codes: string[] }[] =
    [
      {
        name: 'all rules met',
        alg: 'PS256',
        scope: 'https://graph.microsoft.com/.default',
        header: { 'x5t#S256': 'abc' },
        codes: [],
      },
      {
        name: 'x5t (SHA-1) is accepted too',
        alg: 'RS256',
        scope: 'api://x/.default',
        header: { x5t: 'abc' },
        codes: [],
      },
      { name: 'no certificate', alg: 'PS256', scope: 'api://x/.default', codes: ['server_certificate'] },
      { name: 'no scope', alg: 'PS256', header: { 'x5t#S256': 'a' }, codes: ['server_scope'] },
      {
        name: 'a scope without /.default',
        alg: 'PS256',
        scope: 'User.Read',
        header: { 'x5t#S256': 'a' },
        codes: ['server_scope'],
      },
      {
        name: 'one of two scopes without /.default',
        alg: 'PS256',
        scope: 'api://a/.default User.Read',
        header: { 'x5t#S256': 'a' },
        codes: ['server_scope'],
      },
      {
        name: 'ES256 with nothing else right',
        alg: 'ES256',
        codes: ['server_key', 'server_scope', 'server_certificate'],
      },
    ];
  for (const c of entra) {
    test(`Entra ID: ${c.name}`, () => {
      const key = (c.alg === 'ES256' ? KEYS.p256?.key : KEYS.rsa?.key) as KeyObject;
      const out = { ...signed(key, c.alg, c.header ? { header: c.header } : {}), key };
      const findings = lintServerRules(
        PRESETS['entra-id'].rules ?? { server: '' },
        c.scope ? { ...out, scope: c.scope } : out,
      );
      assert.deepEqual(
        findings.map((f) => f.code),
        c.codes,
      );
    });
  }

  test('assertServerRules refuses with one message and the fix of each broken rule', () => {
    const key = KEYS.p256?.key as KeyObject;
    assert.throws(
      () => assertServerRules('entra-id', { ...signed(key, 'ES256'), key }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.code === 'server_rules' &&
        e.message.startsWith('not sent: Microsoft Entra ID accepts PS256, RS256 only') &&
        /keygen --alg=PS256/.test(e.hint ?? '') &&
        /CLI --scope/.test(e.hint ?? '') &&
        /x5t#S256/.test(e.hint ?? '') &&
        !e.message.includes('\n'),
    );
    assert.doesNotThrow(() => assertServerRules('generic', { ...signed(key, 'ES256'), key }));
  });
});

describe('preset token URLs', () => {
  const jh: [string, string | RegExp][] = [
    ['login.jackhenry.com', JACK_HENRY_TOKEN_URL],
    ['banno.com', 'https://banno.com/a/oidc-provider/api/v0/token'],
    [' Digital.Example-Bank.com ', 'https://digital.example-bank.com/a/oidc-provider/api/v0/token'],
    ['https://banno.com', /host name/],
    ['banno.com/a', /host name/],
    ['-bad-.com', /host name/],
    ['', /host name/],
  ];
  for (const [host, expected] of jh) {
    test(`jackHenryTokenUrl(${JSON.stringify(host)})`, () => {
      if (typeof expected === 'string') assert.equal(jackHenryTokenUrl(host), expected);
      else
        assert.throws(
          () => jackHenryTokenUrl(host),
          (e: unknown) => e instanceof ConfigError && expected.test(e.message),
        );
    });
  }

  const tenants: [string, string | RegExp][] = [
    [
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
      'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token',
    ],
    ['Contoso.onmicrosoft.com', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token'],
    ['common', /not a tenant/],
    ['organizations', /not a tenant/],
    ['consumers', /not a tenant/],
    ['contoso', /tenant id \(GUID\) or a domain/],
    ['72f988bf-86f1', /tenant id \(GUID\) or a domain/],
    ['a/b', /tenant id/],
  ];
  for (const [tenant, expected] of tenants) {
    test(`entraTokenUrl(${JSON.stringify(tenant)})`, () => {
      if (typeof expected === 'string') assert.equal(entraTokenUrl(tenant), expected);
      else {
        assert.throws(
          () => entraTokenUrl(tenant),
          (e: unknown) => e instanceof ConfigError && e.code === 'invalid_tenant' && expected.test(e.message),
        );
      }
    });
  }

  const hosts: [string, boolean][] = [
    [JACK_HENRY_TOKEN_URL, true],
    ['https://banno.com/a/oidc-provider/api/v0/token', true],
    ['https://sandbox.banno.com/x/token', true],
    ['https://digital.example-bank.com/a/oidc-provider/api/v0/token', true],
    ['http://127.0.0.1:4455/a/oidc-provider/api/v0/token', true],
    ['https://notbanno.com/token', false],
    ['https://login.jackhenry.com.evil.example/token', false],
    ['https://auth.example.com/oauth2/token', false],
    ['not a url', false],
  ];
  for (const [url, expected] of hosts) {
    test(`isJackHenryTokenUrl(${url}) = ${expected}`, () => assert.equal(isJackHenryTokenUrl(url), expected));
  }
});
