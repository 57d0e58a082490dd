// The active profile's context keys for key rotation, which show the rotation commands only when they can run and
// tick the rotation walkthrough: the phase follows the profile's key, nextKey and previousKey, and the client JWKS URI
// is reported as set or not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProfile, type Profile } from '../../../../src/core/profiles';
import { ContextKeys } from '../../../../src/extension/contract';
import { ActiveProfile } from '../../../../src/extension/services/activeProfile';
import { extensionWindow } from '../window';

async function contextFor(fields: Partial<Profile>) {
  const w = extensionWindow();
  for (const name of ['a', 'b']) await w.keys.generate(name, { alg: 'ES256' });
  await w.profiles.save(
    createProfile('generic', { name: 'p', clientId: 'c', tokenUrl: 'https://as.example/token', ...fields }),
  );
  await w.profiles.setActive('p');
  const context = new Map<string, unknown>();
  const active = new ActiveProfile({ ...w, setContext: (key, value) => context.set(key, value) });
  await active.refresh();
  active.dispose();
  return context;
}

describe('the rotation context keys of the active profile', () => {
  const rows: { name: string; fields: Partial<Profile>; phase: string; jwksUri: boolean }[] = [
    { name: 'no signing key', fields: {}, phase: 'none', jwksUri: false },
    { name: 'a signing key', fields: { key: 'a' }, phase: 'single', jwksUri: false },
    {
      name: 'a next key, with a client JWKS URI',
      fields: { key: 'a', nextKey: 'b', clientJwksUri: 'https://client.example/jwks.json' },
      phase: 'next-pending',
      jwksUri: true,
    },
    { name: 'a previous key', fields: { key: 'b', previousKey: 'a' }, phase: 'promoted', jwksUri: false },
  ];
  for (const row of rows) {
    test(row.name, async () => {
      const context = await contextFor(row.fields);
      assert.equal(context.get(ContextKeys.rotationPhase), row.phase);
      assert.equal(context.get(ContextKeys.hasClientJwksUri), row.jwksUri);
    });
  }
});
