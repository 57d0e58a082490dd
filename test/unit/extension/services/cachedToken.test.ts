import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cachedTokenFrom,
  parseCachedToken,
  serializeCachedToken,
} from '../../../../src/extension/services/cachedToken';

const valid = { accessToken: 'a', tokenType: 'Bearer', obtainedAt: 1, tokenEndpoint: 'https://x/token' };

describe('cached token records', () => {
  const cases: [string, string | undefined, unknown][] = [
    ['a minimal record', JSON.stringify(valid), valid],
    [
      'all fields',
      JSON.stringify({ ...valid, expiresAt: 2, scope: 's', jwksUri: 'https://x/jwks' }),
      { ...valid, expiresAt: 2, scope: 's', jwksUri: 'https://x/jwks' },
    ],
    ['unknown fields are dropped', JSON.stringify({ ...valid, privateKey: 'x' }), valid],
    ['a string expiresAt reads as unknown', JSON.stringify({ ...valid, expiresAt: '2' }), valid],
    ['NaN-ish expiresAt reads as unknown', JSON.stringify({ ...valid, expiresAt: null }), valid],
    ['no access token', JSON.stringify({ ...valid, accessToken: '' }), undefined],
    ['no obtainedAt', JSON.stringify({ ...valid, obtainedAt: 'now' }), undefined],
    ['no token endpoint', JSON.stringify({ ...valid, tokenEndpoint: 3 }), undefined],
    [
      'a DPoP binding',
      JSON.stringify({ ...valid, tokenType: 'DPoP', dpop: { thumbprint: 'a'.repeat(43), binding: 'bound' } }),
      { ...valid, tokenType: 'DPoP', dpop: { thumbprint: 'a'.repeat(43), binding: 'bound' } },
    ],
    ...[
      ['a short thumbprint', { thumbprint: 'abc', binding: 'bound' }],
      ['a thumbprint outside base64url', { thumbprint: `${'a'.repeat(42)}=`, binding: 'bound' }],
      ['an unknown binding', { thumbprint: 'a'.repeat(43), binding: 'maybe' }],
      ['a string', 'bound'],
      ['null', null],
    ].map(([what, dpop]): [string, string, unknown] => [
      `a DPoP record with ${what} is read without its binding`,
      JSON.stringify({ ...valid, dpop }),
      valid,
    ]),
    ['an array', '[]', undefined],
    ['not JSON', '{', undefined],
    ['nothing', undefined, undefined],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(parseCachedToken(text), expected));
  }

  test('round trip through serialize', () => {
    const token = { ...valid, expiresAt: 5, scope: 'openid' };
    assert.deepEqual(parseCachedToken(serializeCachedToken(token)), token);
  });

  test('from a fetch result: expiry only when the server said, JWKS from discovery', () => {
    const base = {
      response: { accessToken: 't', tokenType: 'Bearer' },
      endpoints: { tokenEndpoint: 'https://x/t' },
      obtainedAt: 10,
    };
    assert.deepEqual(cachedTokenFrom(base), {
      accessToken: 't',
      tokenType: 'Bearer',
      obtainedAt: 10,
      tokenEndpoint: 'https://x/t',
    });
    const full = cachedTokenFrom({
      ...base,
      response: { ...base.response, scope: 'openid full' },
      endpoints: { tokenEndpoint: 'https://x/t', metadata: { jwks_uri: 'https://x/jwks' } },
      expiresAt: 610,
    });
    assert.equal(full.expiresAt, 610);
    assert.equal(full.scope, 'openid full');
    assert.equal(full.jwksUri, 'https://x/jwks');
  });
});
