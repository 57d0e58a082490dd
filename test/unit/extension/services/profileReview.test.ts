// The review step of New Profile and the preset summaries: for every preset and both ways to reach a token endpoint,
// the text says the audience (with its value), the unit of exp, the algorithm, the scope and the key: the settings a
// server refuses an assertion over. The summaries fit a quick pick's detail line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProfile, PRESETS, type PresetId, type Profile } from '../../../../src/core/profiles';
import { presetSummary, reviewLines } from '../../../../src/extension/services/profileReview';

const TOKEN_URL = 'https://login.example.com/oauth2/token';
const ISSUER = 'https://login.example.com';
const KEY = {
  name: 'ps256-2025-11-30',
  thumbprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
  keyType: 'RSA 2048-bit',
};

/** Each preset reached by a token URL and, where it allows one, by an issuer (as New Profile builds them). */
function cases(): { label: string; profile: Profile }[] {
  const out: { label: string; profile: Profile }[] = [];
  for (const preset of Object.keys(PRESETS) as PresetId[]) {
    const defaults = PRESETS[preset].defaults;
    const base = { name: 'p', clientId: 'client-1' };
    out.push({
      label: `${preset} with a token URL`,
      profile: createProfile(preset, {
        ...base,
        tokenUrl: defaults.tokenUrl ?? TOKEN_URL,
        ...(defaults.tokenUrl === undefined ? { audience: 'token-endpoint' as const } : {}),
      }),
    });
    if (defaults.tokenUrl === undefined) {
      out.push({ label: `${preset} with an issuer`, profile: createProfile(preset, { ...base, issuer: ISSUER }) });
    }
  }
  return out;
}

describe('the review of a new profile', () => {
  for (const { label, profile } of cases()) {
    test(`${label}: aud, exp unit, alg, scope and key are all spelled out`, () => {
      const text = reviewLines(profile, KEY).join('\n');
      if (profile.audience === 'token-endpoint' && profile.tokenUrl === undefined) {
        // An issuer's token endpoint is the audience; it is known only once discovery has run.
        assert.match(text, /^aud: the token URL found by discovery$/m);
      } else {
        const aud = profile.audience === 'token-endpoint' ? profile.tokenUrl : profile.issuer;
        assert.ok(aud, 'no audience value in the fixture');
        assert.ok(text.includes(`aud: ${aud}`), `the audience value is missing:\n${text}`);
      }
      assert.match(text, profile.expUnit === 'milliseconds' ? /exp: in milliseconds/ : /exp: in seconds .*RFC 7519/);
      assert.match(text, new RegExp(`${profile.lifetimeSeconds} s ahead`));
      assert.match(text, new RegExp(`Algorithm: ${profile.alg}$`, 'm'));
      assert.match(text, profile.scope === undefined ? /^Scope: none$/m : new RegExp(`^Scope: ${profile.scope}$`, 'm'));
      assert.ok(text.includes(KEY.name) && text.includes(KEY.thumbprint), `the key is missing:\n${text}`);
      assert.match(text, /Client ID \(iss and sub\): client-1/);
      assert.match(text, profile.sendClientId ? /^client_id in the form: yes$/m : /^client_id in the form: no$/m);
      if (profile.tokenUrl === undefined) assert.match(text, /read from its \/\.well-known metadata/);
    });
  }

  test('Jack Henry: exactly what its helper sends', () => {
    const profile = createProfile('jack-henry', { name: 'bank', clientId: 'c' });
    assert.deepEqual(reviewLines(profile, undefined), [
      'Client ID (iss and sub): c',
      'Token URL: https://login.jackhenry.com/a/oidc-provider/api/v0/token',
      'aud: https://login.jackhenry.com/a/oidc-provider/api/v0/token (the token URL)',
      'exp: in milliseconds since 1970, 60 s ahead (as Jack Henry documents it)',
      'Algorithm: PS256',
      'Scope: openid',
      'client_id in the form: no',
      'Private key: none yet (generate or import one after saving)',
    ]);
  });

  test('an explicit audience, kid, typ, extra parameters, clock skew, DPoP and a client JWKS URI show as set', () => {
    const profile = createProfile('generic', {
      name: 'p',
      clientId: 'c',
      tokenUrl: TOKEN_URL,
      audience: { value: 'urn:example:aud' },
      kid: 'kid-1',
      typ: true,
      extraParams: { resource: 'https://api.example.com', audience: 'api' },
      clockSkewSeconds: -30,
      dpop: true,
      clientJwksUri: 'https://client.example.com/jwks.json',
    });
    const text = reviewLines(profile, undefined).join('\n');
    assert.match(text, /^Extra form parameters: resource=https:\/\/api\.example\.com, audience=api$/m);
    assert.match(text, /^Clock skew: -30 s$/m);
    assert.match(text, /^DPoP-bound tokens \(RFC 9449\): on$/m);
    assert.match(text, /^Client JWKS URI: https:\/\/client\.example\.com\/jwks\.json$/m);
    assert.match(text, /^aud: urn:example:aud$/m);
    assert.match(text, /^kid header: kid-1$/m);
    assert.match(text, /^typ header: client-authentication\+jwt$/m);
  });

  test('the translation function is applied to every line', () => {
    const profile = createProfile('jack-henry', { name: 'bank', clientId: 'c' });
    const lines = reviewLines(profile, KEY, (m) => `«${m}»`);
    assert.ok(
      lines.every((l) => l.startsWith('«') && l.endsWith('»')),
      lines.join('\n'),
    );
  });
});

describe('the preset summaries of the quick pick', () => {
  for (const preset of Object.keys(PRESETS) as PresetId[]) {
    test(`${preset}: aud, exp unit, alg and scope, short enough for one detail line`, () => {
      const defaults = PRESETS[preset].defaults;
      const summary = presetSummary(defaults);
      assert.ok(summary.length <= 80, `${summary.length} characters: ${summary}`);
      assert.match(summary, /^aud = /);
      assert.match(summary, defaults.expUnit === 'milliseconds' ? /exp in milliseconds/ : /exp in seconds/);
      assert.ok(summary.includes(defaults.alg));
      assert.match(summary, defaults.scope === undefined ? /no scope/ : new RegExp(`scope ${defaults.scope}`));
    });
  }

  test('the presets read as they should', () => {
    assert.equal(
      presetSummary(PRESETS['jack-henry'].defaults),
      'aud = token URL · exp in milliseconds · PS256 · scope openid',
    );
    assert.equal(presetSummary(PRESETS.generic.defaults), 'aud = token URL · exp in seconds · PS256 · no scope');
    assert.equal(
      presetSummary(PRESETS['issuer-audience'].defaults),
      'aud = issuer · exp in seconds · PS256 · no scope',
    );
  });
});
