import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LintFinding } from '../../../../src/core/assertion';
import { explainClaim } from '../../../../src/core/claimInfo';
import { decodeToken } from '../../../../src/core/jwt';
import { buildClaimsView, type ClaimsViewInput, MAX_ROWS, scopesOf } from '../../../../src/extension/claims/claimsView';
import { initialSignature } from '../../../../src/extension/claims/signatureLine';
import type { ClaimRow, ClaimsView } from '../../../../src/shared/protocol';
import { deeplyNestedJwt, JS_URL, nested, RLO, SCRIPT_BREAKOUT, unsignedJwt } from '../../../support/jwtSamples';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;

function viewOf(token: string, extra: Partial<ClaimsViewInput> = {}): ClaimsView {
  const decoded = decodeToken(token);
  return buildClaimsView(
    {
      title: 'Claims: test',
      source: 'editor',
      decoded,
      tokenLength: token.length,
      signature: initialSignature(decoded, { source: 'editor' }),
      ...extra,
    },
    NOW,
  );
}

function row(rows: ClaimRow[], name: string): ClaimRow {
  const found = rows.find((r) => r.name.text === name);
  assert.ok(found, `row ${name}`);
  return found;
}

const JACK_HENRY_TOKEN = unsignedJwt({
  iss: 'https://login.jackhenry.com/a/oidc-provider/api/v0',
  sub: 'client-123',
  aud: 'https://api.jackhenry.example',
  iat: NOW_S - 60,
  exp: NOW_S + 540,
  jti: 'c2f6',
  scope: 'openid https://api.banno.com/consumer/auth/accounts.readonly',
  client_id: 'client-123',
  institutionId: 'a1b2c3',
  clientName: 'Reporting job',
  authType: 'client_credentials',
  v: 1,
});

describe('claims view model', () => {
  test('every standard and Jack Henry claim in the payload is explained', () => {
    const view = viewOf(JACK_HENRY_TOKEN);
    for (const name of [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'jti',
      'scope',
      'client_id',
      'institutionId',
      'clientName',
      'authType',
      'v',
    ]) {
      assert.ok(row(view.payload, name).info?.description, `${name} is explained`);
    }
    for (const name of ['alg', 'typ']) assert.ok(row(view.header, name).info, `header ${name} is explained`);
  });

  test('explanations cover the claims the panel promises, and unknown names get none', () => {
    for (const name of [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'nbf',
      'jti',
      'scope',
      'client_id',
      'azp',
      'auth_time',
      'institutionId',
      'clientName',
      'authType',
      'accountId',
      'v',
    ]) {
      assert.ok(explainClaim(name, 'payload'), name);
    }
    for (const name of ['typ', 'kid', 'alg']) assert.ok(explainClaim(name, 'header'), name);
    for (const name of ['__proto__', 'constructor', 'toString', 'made_up']) {
      assert.equal(explainClaim(name, 'payload'), undefined, name);
    }
  });

  test('time claims carry their instant; seconds and milliseconds are told apart', () => {
    const view = viewOf(unsignedJwt({ iat: NOW_S - 60, exp: NOW + 60_000, nbf: NOW_S - 60 }));
    assert.deepEqual(row(view.payload, 'iat').time, { atMs: NOW - 60_000, unit: 'seconds' });
    assert.deepEqual(row(view.payload, 'exp').time, { atMs: NOW + 60_000, unit: 'milliseconds' });
    assert.equal(row(view.payload, 'exp').value.text, String(NOW + 60_000));
    assert.deepEqual(view.timeline, { startLabel: 'Issued', startMs: NOW - 60_000, endMs: NOW + 60_000 });
  });

  test('the timeline falls back to nbf, then to when the token was obtained', () => {
    assert.deepEqual(viewOf(unsignedJwt({ nbf: NOW_S, exp: NOW_S + 10 })).timeline, {
      startLabel: 'Not before',
      startMs: NOW,
      endMs: NOW + 10_000,
    });
    const opaque = viewOf('opaque-access-token-value', { obtainedAt: NOW, expiresAt: NOW + 3_600_000 });
    assert.equal(opaque.kind, 'opaque');
    assert.deepEqual(opaque.timeline, { startLabel: 'Obtained', startMs: NOW, endMs: NOW + 3_600_000 });
    assert.equal(viewOf(unsignedJwt({ sub: 'x' })).timeline, undefined);
  });

  test('scopes become chips from scope (space-separated) or scp (list)', () => {
    assert.deepEqual(
      scopesOf({ scope: ' openid  profile\taccounts ' }).map((s) => s.text),
      ['openid', 'profile', 'accounts'],
    );
    assert.deepEqual(
      scopesOf({ scp: ['read', 7, 'write'] }).map((s) => s.text),
      ['read', 'write'],
    );
    assert.deepEqual(scopesOf({ scope: 42 }), []);
    assert.deepEqual(scopesOf({ scope: `a${RLO}b` })[0], { text: 'a\\u202Eb', escaped: 1 });
  });

  test('hostile claim names and values stay inert strings, escaped and cut', () => {
    const view = viewOf(
      unsignedJwt({
        [SCRIPT_BREAKOUT]: JS_URL,
        [`evil${RLO}gpj.exe`]: `x${RLO}y`,
        big: 'B'.repeat(1_000_000),
        deep: nested(1000),
      }),
    );
    const breakout = row(view.payload, SCRIPT_BREAKOUT);
    assert.equal(breakout.value.text, JS_URL);
    assert.equal(breakout.info, undefined);
    const bidi = row(view.payload, 'evil\\u202Egpj.exe');
    assert.equal(bidi.name.escaped, 1);
    assert.equal(bidi.value.text, 'x\\u202Ey');
    const big = row(view.payload, 'big');
    assert.equal(big.value.truncatedBytes, 1_000_000);
    assert.ok(big.value.text.length < 10_000);
    const deep = row(view.payload, 'deep');
    assert.equal(deep.multiline, true);
    assert.match(deep.value.text, /\[… 1 items\]/);
  });

  test('nesting deeper than JSON.stringify can handle is capped, not a crash', () => {
    const deep = row(viewOf(deeplyNestedJwt('deep', 20_000)).payload, 'deep');
    assert.equal(deep.multiline, true);
    assert.match(deep.value.text, /\[… 1 items\]/);
  });

  test('a token with thousands of claims lists MAX_ROWS and counts the rest', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_ROWS + 50 }, (_, i) => [`c${i}`, i]));
    const view = viewOf(unsignedJwt(many));
    assert.equal(view.payload.length, MAX_ROWS);
    assert.equal(view.omitted.payload, 50);
  });

  test('the view never holds the raw token or its signature', () => {
    const token = JACK_HENRY_TOKEN;
    const text = JSON.stringify(viewOf(token, { source: 'token' }));
    for (const part of token.split('.')) assert.equal(text.includes(part), false);
  });

  test('lint findings are carried with their messages made safe', () => {
    const lint: LintFinding[] = [
      { level: 'error', code: 'exp_unit', message: `exp looks like milliseconds${RLO}` },
      { level: 'warning', code: 'lifetime', message: 'lifetime over 300 s' },
    ];
    const view = viewOf(JACK_HENRY_TOKEN, { source: 'assertion', lint });
    assert.deepEqual(
      view.lint.map((f) => [f.level, f.code, f.message.text]),
      [
        ['error', 'exp_unit', 'exp looks like milliseconds\\u202E'],
        ['warning', 'lifetime', 'lifetime over 300 s'],
      ],
    );
  });

  test('an opaque token has no claim rows and an opaque signature line', () => {
    const view = viewOf('2YotnFZFEjr1zCsicMWpAA');
    assert.equal(view.kind, 'opaque');
    assert.deepEqual([view.header, view.payload, view.scopes], [[], [], []]);
    assert.equal(view.signature.state, 'opaque');
  });
});
