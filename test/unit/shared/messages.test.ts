import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { panelStateFor, parsePanelState, tokenFingerprint } from '../../../src/extension/claims/panelState';
import { WEBVIEW_MESSAGE_TYPES } from '../../../src/shared/protocol';
import { parseWebviewMessage } from '../../../src/shared/webviewMessages';
import { parseHostMessage } from '../../../src/webview/hostMessages';

describe('messages from the webview (host-side allow-list)', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['ready', { type: 'ready' }, 'ready'],
    ['reveal', { type: 'reveal' }, 'reveal'],
    ['copy', { type: 'copy' }, 'copy'],
    ['extra fields are dropped', { type: 'copy', text: 'x', token: 'y' }, 'copy'],
    ['unknown type', { type: 'openExternal', url: 'https://evil.example' }, undefined],
    ['command-like type', { type: 'executeCommand', command: 'workbench.action.terminal.sendSequence' }, undefined],
    ['prototype key as type', { type: '__proto__' }, undefined],
    ['type in the prototype only', Object.create({ type: 'copy' }), undefined],
    ['type not a string', { type: 1 }, undefined],
    ['case differs', { type: 'Copy' }, undefined],
    ['string message', 'copy', undefined],
    ['array', ['copy'], undefined],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
  ];
  for (const [name, raw, expected] of cases) {
    test(name, () => {
      const parsed = parseWebviewMessage(raw);
      if (expected === undefined) {
        assert.equal(parsed.ok, false);
        if (!parsed.ok) assert.ok(parsed.reason.length > 0);
      } else {
        assert.deepEqual(parsed, { ok: true, message: { type: expected } });
      }
    });
  }

  test('the refusal reason never echoes the payload and cuts long types', () => {
    const parsed = parseWebviewMessage({ type: `${'x'.repeat(500)}<script>`, token: 'eyJsecret' });
    assert.equal(parsed.ok, false);
    if (!parsed.ok) {
      assert.ok(parsed.reason.length < 100);
      assert.doesNotMatch(parsed.reason, /eyJsecret|<script>/);
    }
  });

  test('the allow-list is exactly ready, reveal, copy', () => {
    assert.deepEqual([...WEBVIEW_MESSAGE_TYPES].sort(), ['copy', 'ready', 'reveal']);
  });
});

describe('messages from the host (webview-side check)', () => {
  const view = {
    title: 't',
    source: 'token',
    kind: 'jwt',
    header: [],
    payload: [],
    omitted: { header: 0, payload: 0 },
    scopes: [],
    lint: [],
    signature: { state: 'pending', summary: { text: 's', escaped: 0 } },
    tokenLength: 3,
  };
  const cases: [string, unknown, boolean][] = [
    ['render', { type: 'render', view, state: { v: 1 } }, true],
    ['render without state', { type: 'render', view }, false],
    ['render with a broken view', { type: 'render', view: { ...view, payload: 'x' }, state: {} }, false],
    ['signature', { type: 'signature', signature: { state: 'verified', summary: { text: 'ok', escaped: 0 } } }, true],
    ['signature without summary', { type: 'signature', signature: { state: 'verified' } }, false],
    ['revealed', { type: 'revealed', token: 'abc' }, true],
    ['revealed without token', { type: 'revealed' }, false],
    ['copied', { type: 'copied' }, true],
    ['unavailable', { type: 'unavailable', title: 't', message: 'm' }, true],
    ['unknown', { type: 'eval', code: 'alert(1)' }, false],
    ['not an object', 'render', false],
  ];
  for (const [name, raw, ok] of cases) {
    test(name, () => assert.equal(parseHostMessage(raw) !== undefined, ok));
  }
});

describe('panel state for restore', () => {
  const token = 'eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

  test('holds a 16-hex-digit fingerprint, never the token or its parts', () => {
    const state = panelStateFor('token', 'Claims: sandbox', token);
    assert.match(state.fingerprint, /^[0-9a-f]{16}$/);
    const text = JSON.stringify(state);
    for (const part of token.split('.')) assert.equal(text.includes(part), false);
    assert.deepEqual(Object.keys(state).sort(), ['fingerprint', 'source', 'title', 'v']);
  });

  test('fingerprints differ for different tokens and match for the same one', () => {
    assert.equal(tokenFingerprint(token), tokenFingerprint(token));
    assert.notEqual(tokenFingerprint(token), tokenFingerprint(`${token}x`));
  });

  const cases: [string, unknown, boolean][] = [
    ['valid', { v: 1, source: 'token', title: 'Claims: a', fingerprint: '0123456789abcdef' }, true],
    ['wrong version', { v: 2, source: 'token', title: 'a', fingerprint: '0123456789abcdef' }, false],
    ['unknown source', { v: 1, source: 'file', title: 'a', fingerprint: '0123456789abcdef' }, false],
    ['raw token instead of fingerprint', { v: 1, source: 'token', title: 'a', fingerprint: token }, false],
    ['overlong title', { v: 1, source: 'token', title: 'a'.repeat(301), fingerprint: '0123456789abcdef' }, false],
    ['nothing', undefined, false],
  ];
  for (const [name, raw, ok] of cases) {
    test(`parsePanelState: ${name}`, () => assert.equal(parsePanelState(raw) !== undefined, ok));
  }

  test('parsePanelState drops extra fields a webview might add', () => {
    const parsed = parsePanelState({
      v: 1,
      source: 'editor',
      title: 'a',
      fingerprint: '0123456789abcdef',
      token: 'leak',
    });
    assert.deepEqual(parsed, { v: 1, source: 'editor', title: 'a', fingerprint: '0123456789abcdef' });
  });
});
