// The memory of which profiles' tokens a workspace's tasks and launch configurations may use.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StateKey } from '../../../../src/extension/contract';
import { TokenConsent } from '../../../../src/extension/services/tokenConsent';
import { TestMemento } from '../fakes';

describe('TokenConsent', () => {
  test('nothing is allowed at first; allowing is remembered per profile, in this workspace only', async () => {
    const workspaceA = new TestMemento();
    const workspaceB = new TestMemento();
    const a = new TokenConsent(workspaceA);
    assert.deepEqual(a.allowed(), []);
    assert.equal(a.isAllowed('bank'), false);
    await a.allow('bank');
    await a.allow('bank');
    await a.allow('work');
    assert.deepEqual(a.allowed(), ['bank', 'work']);
    assert.deepEqual(workspaceA.values.get(StateKey.taskTokenConsent), ['bank', 'work']);
    // A new instance over the same storage (a reload) remembers; another workspace does not.
    assert.equal(new TokenConsent(workspaceA).isAllowed('bank'), true);
    assert.equal(new TokenConsent(workspaceB).isAllowed('bank'), false);
  });

  test('revoking one profile keeps the others; revoking all leaves nothing stored', async () => {
    const state = new TestMemento();
    const consent = new TokenConsent(state);
    for (const p of ['bank', 'work', 'test']) await consent.allow(p);
    await consent.revoke(['work']);
    assert.deepEqual(consent.allowed(), ['bank', 'test']);
    await consent.revoke();
    assert.deepEqual(consent.allowed(), []);
    assert.equal(state.values.has(StateKey.taskTokenConsent), false);
  });

  test('malformed storage counts as nothing allowed, never as everything', () => {
    for (const stored of ['bank', { bank: true }, 42, [1, null, ''], null]) {
      const state = new TestMemento();
      state.values.set(StateKey.taskTokenConsent, stored);
      const consent = new TokenConsent(state);
      assert.equal(consent.isAllowed('bank'), false, JSON.stringify(stored));
      assert.deepEqual(consent.allowed(), [], JSON.stringify(stored));
    }
  });
});
