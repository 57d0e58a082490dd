import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JACK_HENRY_TOKEN_URL, type Profile } from '../../../../src/core/profiles';
import {
  ACTIVE_PROFILE_KEY,
  fromStoredProfile,
  PROFILES_KEY,
  ProfileSettings,
  toStoredProfile,
} from '../../../../src/extension/services/profileSettings';
import { TestSettings } from '../fakes';

const jackHenry: Profile = {
  name: 'bank',
  preset: 'jack-henry',
  clientId: '3f0c6b1e-9a43-4d7e-8f55-2b9b3d5a7c10',
  tokenUrl: JACK_HENRY_TOKEN_URL,
  scope: 'openid',
  audience: 'token-endpoint',
  expUnit: 'milliseconds',
  lifetimeSeconds: 60,
  alg: 'PS256',
  sendClientId: false,
};
const generic: Profile = {
  name: 'idp',
  preset: 'generic',
  clientId: 'svc',
  issuer: 'https://login.example.com',
  audience: { value: 'https://login.example.com/oauth2/token' },
  expUnit: 'seconds',
  lifetimeSeconds: 120,
  alg: 'ES256',
  kid: 'k1',
  typ: true,
  sendClientId: true,
};
/** Every field a profile can carry, the request ones included. */
const entra: Profile = {
  name: 'entra',
  preset: 'entra-id',
  clientId: '00000000-0000-0000-0000-0000000000aa',
  tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
  scope: 'https://graph.microsoft.com/.default',
  audience: 'token-endpoint',
  expUnit: 'seconds',
  lifetimeSeconds: 60,
  alg: 'RS256',
  sendClientId: false,
  extraParams: { resource: 'https://api.example', audience: 'https://api.example/v1' },
  clockSkewSeconds: -45,
};

describe('profiles in settings', () => {
  for (const profile of [jackHenry, generic, entra]) {
    test(`round trip of ${profile.name} (${profile.preset})`, async () => {
      const settings = new TestSettings();
      const profiles = new ProfileSettings(settings);
      await profiles.save(profile);
      const stored = settings.values.get(PROFILES_KEY) as Record<string, unknown>[];
      assert.equal(stored.length, 1);
      assert.equal(typeof stored[0]?.audience, 'string', 'audience is stored in its string form');
      assert.deepEqual(await profiles.get(profile.name), profile);
      assert.deepEqual((await profiles.list()).profiles, [profile]);
    });
  }

  test('the stored form has no undefined members and the audience as text', () => {
    assert.deepEqual(toStoredProfile({ ...generic, kid: undefined }), {
      name: 'idp',
      preset: 'generic',
      clientId: 'svc',
      issuer: 'https://login.example.com',
      audience: 'https://login.example.com/oauth2/token',
      expUnit: 'seconds',
      lifetimeSeconds: 120,
      alg: 'ES256',
      typ: true,
      sendClientId: true,
    });
  });

  test('the stored form carries the request fields as settings.json takes them', () => {
    const stored = toStoredProfile(entra) as unknown as Record<string, unknown>;
    assert.equal(stored.sendClientId, false);
    assert.deepEqual(stored.extraParams, { resource: 'https://api.example', audience: 'https://api.example/v1' });
    assert.equal(stored.clockSkewSeconds, -45);
    assert.equal(JSON.stringify(JSON.parse(JSON.stringify(stored))), JSON.stringify(stored), 'plain JSON');
  });

  test('a hand-written entry gets the preset defaults', async () => {
    const result = await fromStoredProfile({ name: 'x', preset: 'jack-henry', clientId: 'c' });
    assert.ok(result.ok);
    assert.equal(result.profile.tokenUrl, JACK_HENRY_TOKEN_URL);
    assert.equal(result.profile.expUnit, 'milliseconds');
  });

  test('invalid entries are listed with their problems, valid ones still load', async () => {
    const settings = new TestSettings();
    settings.values.set(PROFILES_KEY, [
      toStoredProfile(jackHenry),
      {
        name: 'broken',
        preset: 'jack-henry',
        clientId: '',
        tokenUrl: 'http://evil.example/token',
        lifetimeSeconds: 900,
      },
      'not an object',
    ]);
    const profiles = new ProfileSettings(settings);
    const { profiles: ok, problems } = await profiles.list();
    assert.deepEqual(
      ok.map((p) => p.name),
      ['bank'],
    );
    assert.equal(problems.length, 2);
    const broken = problems.find((p) => p.name === 'broken');
    assert.ok(broken);
    assert.ok(broken.problems.some((p) => /clientId/.test(p)));
    assert.ok(broken.problems.some((p) => /lifetimeSeconds/.test(p)));
    assert.ok(
      broken.problems.some((p) => /https|loopback|insecure/i.test(p)),
      broken.problems.join(' | '),
    );
    await assert.rejects(profiles.get('broken'), { code: 'invalid_profile' });
    await assert.rejects(profiles.get('missing'), { code: 'profile_not_found' });
  });

  test('save refuses an invalid profile and writes nothing', async () => {
    const settings = new TestSettings();
    await assert.rejects(new ProfileSettings(settings).save({ ...jackHenry, lifetimeSeconds: 0 }), {
      code: 'invalid_profile',
    });
    assert.equal(settings.writes, 0);
  });

  test('save refuses a second profile with the same name', async () => {
    const settings = new TestSettings();
    const profiles = new ProfileSettings(settings);
    await profiles.save(jackHenry);
    await profiles.save(generic);
    await assert.rejects(profiles.save({ ...generic, name: 'bank' }, 'idp'), { code: 'profile_exists' });
    assert.deepEqual(profiles.names(), ['bank', 'idp']);
  });

  test('a rename replaces the entry in place and moves the active profile along', async () => {
    const settings = new TestSettings();
    const profiles = new ProfileSettings(settings);
    await profiles.save(jackHenry);
    await profiles.save(generic);
    await profiles.setActive('bank');
    await profiles.save({ ...jackHenry, name: 'bank-prod' }, 'bank');
    assert.deepEqual(profiles.names(), ['bank-prod', 'idp']);
    assert.equal(settings.values.get(ACTIVE_PROFILE_KEY), 'bank-prod');
    assert.equal(profiles.activeName(), 'bank-prod');
  });

  test('active profile: the setting when it names a profile, else the first', async () => {
    const settings = new TestSettings();
    const profiles = new ProfileSettings(settings);
    assert.equal(profiles.activeName(), undefined);
    await profiles.save(jackHenry);
    await profiles.save(generic);
    assert.equal(profiles.activeName(), 'bank');
    await profiles.setActive('idp');
    assert.equal(profiles.activeName(), 'idp');
    settings.values.set(ACTIVE_PROFILE_KEY, 'gone');
    assert.equal(profiles.activeName(), 'bank');
    await assert.rejects(profiles.setActive('nope'), { code: 'profile_not_found' });
  });

  test('remove drops the entry and clears the active profile it was', async () => {
    const settings = new TestSettings();
    const profiles = new ProfileSettings(settings);
    await profiles.save(jackHenry);
    await profiles.setActive('bank');
    await profiles.remove('bank');
    assert.deepEqual(profiles.names(), []);
    assert.equal(settings.values.has(ACTIVE_PROFILE_KEY), false);
  });

  test('a settings value that is not a list reads as no profiles', () => {
    const settings = new TestSettings();
    settings.values.set(PROFILES_KEY, { name: 'x' });
    assert.deepEqual(new ProfileSettings(settings).names(), []);
  });
});
