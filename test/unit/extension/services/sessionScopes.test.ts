// What getSession('client-creds', scopes) means: table-driven over the accepted and the refused scope lists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSessionScopes, scopeOverride } from '../../../../src/extension/services/sessionScopes';

describe('parseSessionScopes', () => {
  const accepted: { scopes: string[]; profile?: string; oauth: string[] }[] = [
    { scopes: [], oauth: [] },
    { scopes: ['profile:bank'], profile: 'bank', oauth: [] },
    { scopes: ['profile:my bank'], profile: 'my bank', oauth: [] },
    { scopes: ['read', 'profile:bank', 'write', 'read'], profile: 'bank', oauth: ['read', 'write'] },
    { scopes: ['profile:bank', 'profile:bank'], profile: 'bank', oauth: [] },
    { scopes: ['https://api.example/.default', 'a:b'], oauth: ['a:b', 'https://api.example/.default'] },
    { scopes: ['profile:a:b'], profile: 'a:b', oauth: [] },
  ];
  for (const c of accepted) {
    test(`accepts ${JSON.stringify(c.scopes)}`, () => {
      const parsed = parseSessionScopes(c.scopes);
      assert.equal(parsed.profile, c.profile);
      assert.deepEqual(parsed.oauthScopes, c.oauth);
    });
  }
  const refused: string[][] = [
    ['profile:'],
    ['profile:  '],
    ['profile:a', 'profile:b'],
    ['two words'],
    ['quote"d'],
    ['back\\slash'],
    ['new\nline'],
    [''],
    ['tab\t'],
    ['é'],
  ];
  for (const scopes of refused) {
    test(`refuses ${JSON.stringify(scopes)} with a hint`, () => {
      assert.throws(
        () => parseSessionScopes(scopes),
        (e: Error & { code?: string; hint?: string }) =>
          e.code === 'session_scope_invalid' && /profile:<name>/.test(e.hint ?? ''),
      );
    });
  }
});

describe('scopeOverride', () => {
  const cases: { requested: string[]; configured?: string; want: string | undefined }[] = [
    { requested: [], configured: 'openid', want: undefined },
    { requested: ['openid'], configured: 'openid', want: undefined },
    { requested: ['a', 'b'], configured: 'b  a a', want: undefined },
    { requested: ['a'], configured: 'a b', want: 'a' },
    { requested: ['openid'], want: 'openid' },
    { requested: ['a', 'b'], configured: '', want: 'a b' },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.requested)} for a profile with scope ${JSON.stringify(c.configured)}`, () => {
      assert.equal(scopeOverride(c.requested, c.configured), c.want);
    });
  }
});
