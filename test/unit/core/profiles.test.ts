import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../src/core/errors';
import {
  createProfile,
  formatAudience,
  JACK_HENRY_TOKEN_URL,
  PRESETS,
  parseAudience,
  validateProfile,
} from '../../../src/core/profiles';

describe('presets', () => {
  test("jack-henry is exactly what Jack Henry's helper sends", () => {
    assert.equal(JACK_HENRY_TOKEN_URL, 'https://login.jackhenry.com/a/oidc-provider/api/v0/token');
    assert.deepEqual(PRESETS['jack-henry'].defaults, {
      preset: 'jack-henry',
      tokenUrl: JACK_HENRY_TOKEN_URL,
      scope: 'openid',
      audience: 'token-endpoint',
      expUnit: 'milliseconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
      sendClientId: false,
    });
  });

  test('generic: aud = the token endpoint URL (OpenID Connect Core §9), exp in seconds, client_id in the form', () => {
    const d = PRESETS.generic.defaults;
    assert.equal(d.tokenUrl, undefined);
    assert.equal(d.audience, 'token-endpoint');
    assert.equal(d.expUnit, 'seconds');
    assert.equal(d.lifetimeSeconds, 60);
    assert.equal(d.alg, 'PS256');
    assert.equal(d.sendClientId, true);
    assert.equal(d.typ, undefined);
  });

  test('issuer-audience: aud = the issuer and typ client-authentication+jwt (rfc7523bis, FAPI 2.0)', () => {
    const d = PRESETS['issuer-audience'].defaults;
    assert.equal(d.audience, 'issuer');
    assert.equal(d.typ, true);
    assert.equal(d.expUnit, 'seconds');
    assert.equal(d.sendClientId, true);
  });

  test('entra-id: aud = the token URL, exp in seconds, client_id in the form, PS256', () => {
    const d = PRESETS['entra-id'].defaults;
    assert.equal(d.audience, 'token-endpoint');
    assert.equal(d.expUnit, 'seconds');
    assert.equal(d.sendClientId, true);
    assert.equal(d.alg, 'PS256');
    assert.deepEqual(PRESETS['entra-id'].rules?.algs, ['PS256', 'RS256']);
  });

  test('createProfile with only a name and client id gives the Jack Henry profile', () => {
    assert.deepEqual(createProfile('jack-henry', { name: 'prod', clientId: 'abc-123' }), {
      name: 'prod',
      preset: 'jack-henry',
      clientId: 'abc-123',
      tokenUrl: JACK_HENRY_TOKEN_URL,
      scope: 'openid',
      audience: 'token-endpoint',
      expUnit: 'milliseconds',
      lifetimeSeconds: 60,
      alg: 'PS256',
      sendClientId: false,
    });
  });

  test('createProfile: given fields win, undefined ones keep the preset', () => {
    const p = createProfile('jack-henry', {
      name: 'local',
      clientId: 'c',
      tokenUrl: 'http://127.0.0.1:4455/a/oidc-provider/api/v0/token',
      alg: 'ES256',
      scope: undefined,
    });
    assert.equal(p.tokenUrl, 'http://127.0.0.1:4455/a/oidc-provider/api/v0/token');
    assert.equal(p.alg, 'ES256');
    assert.equal(p.scope, 'openid');
  });

  test('createProfile refuses an invalid result, listing every problem', () => {
    assert.throws(
      () => createProfile('generic', { name: 'x', clientId: '', lifetimeSeconds: 900 }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.code === 'invalid_profile' &&
        err.message.includes('clientId: required') &&
        err.message.includes('lifetimeSeconds: must be 1..300') &&
        err.message.includes('tokenUrl or issuer: one is required') &&
        !err.message.includes('\n'),
    );
  });
});

describe('validateProfile', () => {
  const valid = { name: 'p', preset: 'generic', clientId: 'c', issuer: 'https://as.example' };
  const cases: { name: string; input: unknown; problems: string[] }[] = [
    { name: 'not an object', input: 'profile', problems: ['profile: must be an object'] },
    { name: 'an array', input: [], problems: ['profile: must be an object'] },
    { name: 'missing name', input: { ...valid, name: ' ' }, problems: ['name: required'] },
    {
      name: 'missing client id',
      input: { ...valid, clientId: '' },
      problems: ['clientId: required — the client id the admin got from Users & Groups'],
    },
    {
      name: 'unknown preset',
      input: { ...valid, preset: 'okta' },
      problems: ['preset: must be one of jack-henry, generic, issuer-audience, entra-id'],
    },
    {
      name: 'http token URL to a remote host',
      input: { ...valid, tokenUrl: 'http://as.example/token' },
      problems: ['tokenUrl: must be https (http only for loopback)'],
    },
    {
      name: 'token URL not a URL',
      input: { ...valid, tokenUrl: 'as.example/token' },
      problems: ['tokenUrl: not a valid URL'],
    },
    {
      name: 'issuer with a query',
      input: { ...valid, issuer: 'https://as.example/?tenant=1' },
      problems: ['issuer: must not contain a ?query'],
    },
    {
      name: 'http issuer to a remote host',
      input: { ...valid, issuer: 'http://as.example' },
      problems: ['issuer: must be https (http only for loopback)'],
    },
    {
      name: 'neither token URL nor issuer',
      input: { name: 'p', preset: 'generic', clientId: 'c', audience: 'token-endpoint' },
      problems: ['tokenUrl or issuer: one is required (an issuer finds the token URL by discovery)'],
    },
    {
      name: 'audience issuer without an issuer',
      input: { name: 'p', preset: 'issuer-audience', clientId: 'c', tokenUrl: 'https://as.example/token' },
      problems: ['audience: "issuer" needs an issuer (set the issuer, or use audience token-endpoint)'],
    },
    {
      name: 'audience of the wrong type',
      input: { ...valid, audience: 42 },
      problems: ['audience: must be token-endpoint, issuer, or an explicit value'],
    },
    { name: 'lifetime 0', input: { ...valid, lifetimeSeconds: 0 }, problems: ['lifetimeSeconds: must be 1..300'] },
    { name: 'lifetime 301', input: { ...valid, lifetimeSeconds: 301 }, problems: ['lifetimeSeconds: must be 1..300'] },
    { name: 'lifetime 1.5', input: { ...valid, lifetimeSeconds: 1.5 }, problems: ['lifetimeSeconds: must be 1..300'] },
    {
      name: 'lifetime as text',
      input: { ...valid, lifetimeSeconds: '60' },
      problems: ['lifetimeSeconds: must be 1..300'],
    },
    {
      name: 'exp unit',
      input: { ...valid, expUnit: 'minutes' },
      problems: ['expUnit: must be seconds or milliseconds'],
    },
    {
      name: 'sendClientId as text',
      input: { ...valid, sendClientId: 'yes' },
      problems: ['sendClientId: must be true or false'],
    },
    {
      name: 'extraParams not an object',
      input: { ...valid, extraParams: ['audience=x'] },
      problems: ['extraParams: must be an object of NAME: VALUE'],
    },
    {
      name: 'extraParams overriding the grant and the client authentication',
      input: {
        ...valid,
        extraParams: { grant_type: 'password', client_assertion: 'x', Client_Secret: 's', scope: 'a', client_id: 'c' },
      },
      problems: [
        'extraParams: "grant_type" cannot be set as an extra parameter: it carries the grant (always client_credentials)',
        'extraParams: "client_assertion" cannot be set as an extra parameter: it carries the client authentication (the signed assertion)',
        'extraParams: "Client_Secret" cannot be set as an extra parameter: a client secret would be a second client authentication, which servers refuse',
        'extraParams: "scope" cannot be set as an extra parameter: use the scope setting (CLI --scope)',
        'extraParams: "client_id" cannot be set as an extra parameter: use the send client_id setting (CLI --send-client-id)',
      ],
    },
    {
      name: 'extraParams with an empty value',
      input: { ...valid, extraParams: { audience: '' } },
      problems: ['extraParams: "audience" must have a text value'],
    },
    {
      name: 'clock skew beyond an hour',
      input: { ...valid, clockSkewSeconds: 3601 },
      problems: ['clockSkewSeconds: must be a whole number from -3600 to 3600'],
    },
    {
      name: 'clock skew not whole',
      input: { ...valid, clockSkewSeconds: 1.5 },
      problems: ['clockSkewSeconds: must be a whole number from -3600 to 3600'],
    },
    ...['none', 'HS256', 'ps256', 'RSA-OAEP'].map((alg) => ({
      name: `alg ${alg}`,
      input: { ...valid, alg },
      problems: [
        'alg: must be one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (none and HS* are never allowed)',
      ],
    })),
    { name: 'kid not text', input: { ...valid, kid: 7 }, problems: ['kid: must be text'] },
    { name: 'typ not boolean', input: { ...valid, typ: 'yes' }, problems: ['typ: must be true or false'] },
    { name: 'dpop not boolean', input: { ...valid, dpop: 'on' }, problems: ['dpop: must be true or false'] },
    {
      name: 'clientJwksUri not text',
      input: { ...valid, clientJwksUri: 1 },
      problems: ['clientJwksUri: must be text'],
    },
    {
      name: 'clientJwksUri plain http to a remote host',
      input: { ...valid, clientJwksUri: 'http://keys.example/jwks.json' },
      problems: ['clientJwksUri: must be https (http only for loopback)'],
    },
    {
      name: 'nextKey and previousKey at once',
      input: { ...valid, key: 'a', nextKey: 'b', previousKey: 'c' },
      problems: [
        'nextKey, previousKey: a profile has a next key or a previous key, not both (retire the previous key first)',
      ],
    },
    ...(['nextKey', 'previousKey'] as const).map((field) => ({
      name: `${field} the same as key`,
      input: { ...valid, key: 'a', [field]: 'a' },
      problems: [`${field}: must be another key than \`key\``],
    })),
    { name: 'nextKey not text', input: { ...valid, nextKey: 3 }, problems: ['nextKey: must be text'] },
    {
      name: 'several problems, one line each',
      input: { name: '', preset: 'jack-henry', clientId: '', lifetimeSeconds: 1000, alg: 'HS256' },
      problems: [
        'name: required',
        'clientId: required — the client id the admin got from Users & Groups',
        'lifetimeSeconds: must be 1..300',
        'alg: must be one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (none and HS* are never allowed)',
      ],
    },
  ];
  for (const { name, input, problems } of cases) {
    test(name, () => {
      const result = validateProfile(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.deepEqual(result.problems, problems);
    });
  }

  const accepted: { name: string; input: Record<string, unknown>; check: Record<string, unknown> }[] = [
    {
      name: 'settings form: audience as a string, preset defaults filled in',
      input: { name: 'jh', preset: 'jack-henry', clientId: ' abc ' },
      check: { clientId: 'abc', tokenUrl: JACK_HENRY_TOKEN_URL, audience: 'token-endpoint', expUnit: 'milliseconds' },
    },
    {
      name: 'explicit audience string',
      input: { ...valid, audience: 'https://api.example/' },
      check: { audience: { value: 'https://api.example/' } },
    },
    {
      name: 'explicit audience object',
      input: { ...valid, audience: { value: 'urn:x' } },
      check: { audience: { value: 'urn:x' } },
    },
    {
      name: 'missing preset means generic',
      input: { name: 'p', clientId: 'c', issuer: 'https://as.example' },
      check: { preset: 'generic', audience: 'token-endpoint', sendClientId: true },
    },
    {
      name: 'loopback http token URL',
      input: { ...valid, tokenUrl: 'http://127.0.0.1:4455/token' },
      check: { tokenUrl: 'http://127.0.0.1:4455/token' },
    },
    {
      name: 'empty strings mean not set',
      input: { ...valid, tokenUrl: '', scope: '', kid: '' },
      check: { tokenUrl: undefined, scope: undefined, kid: undefined },
    },
    { name: 'kid and typ', input: { ...valid, kid: 'k1', typ: true }, check: { kid: 'k1', typ: true } },
    { name: 'lifetime bounds', input: { ...valid, lifetimeSeconds: 300 }, check: { lifetimeSeconds: 300 } },
    { name: 'dpop on', input: { ...valid, dpop: true }, check: { dpop: true } },
    { name: 'dpop off is kept', input: { ...valid, dpop: false }, check: { dpop: false } },
    {
      name: 'client JWKS URI',
      input: { ...valid, clientJwksUri: ' https://keys.example/client/jwks.json ' },
      check: { clientJwksUri: 'https://keys.example/client/jwks.json', dpop: undefined },
    },
    {
      name: 'sendClientId turned off for a generic profile',
      input: { ...valid, sendClientId: false },
      check: { sendClientId: false },
    },
    {
      name: 'sendClientId turned on for a Jack Henry profile',
      input: { name: 'jh', preset: 'jack-henry', clientId: 'c', sendClientId: true },
      check: { sendClientId: true },
    },
    {
      name: 'extra parameters',
      input: { ...valid, extraParams: { audience: 'https://api.example', resource: 'https://r.example' } },
      check: { extraParams: { audience: 'https://api.example', resource: 'https://r.example' } },
    },
    {
      name: 'empty extra parameters mean none',
      input: { ...valid, extraParams: {} },
      check: { extraParams: undefined },
    },
    { name: 'clock skew', input: { ...valid, clockSkewSeconds: -120 }, check: { clockSkewSeconds: -120 } },
    {
      name: 'clock skew 0 means none',
      input: { ...valid, clockSkewSeconds: 0 },
      check: { clockSkewSeconds: undefined },
    },
    {
      name: 'issuer-audience preset fills typ',
      input: { name: 'p', preset: 'issuer-audience', clientId: 'c', issuer: 'https://as.example' },
      check: { audience: 'issuer', typ: true },
    },
  ];
  for (const { name, input, check } of accepted) {
    test(`accepts: ${name}`, () => {
      const result = validateProfile(input);
      assert.ok(result.ok, result.ok ? '' : result.problems.join('; '));
      if (!result.ok) return;
      for (const [key, value] of Object.entries(check)) {
        assert.deepEqual((result.profile as unknown as Record<string, unknown>)[key], value, key);
      }
    });
  }
});

describe('parseAudience / formatAudience', () => {
  const cases: [string, ReturnType<typeof parseAudience>][] = [
    ['token-endpoint', 'token-endpoint'],
    ['issuer', 'issuer'],
    [' issuer ', 'issuer'],
    ['https://login.example/token', { value: 'https://login.example/token' }],
    ['Issuer', { value: 'Issuer' }],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseAudience(text), expected);
      assert.deepEqual(parseAudience(formatAudience(expected)), expected);
    });
  }
  test('empty is refused', () => {
    assert.throws(
      () => parseAudience('  '),
      (err: unknown) => err instanceof ConfigError && err.code === 'invalid_audience',
    );
  });
});
