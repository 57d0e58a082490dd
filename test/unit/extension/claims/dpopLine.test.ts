// The claims panel's DPoP line: the token's cnf.jkt against the RFC 7638 thumbprint of the profile's DPoP key, for
// every kind of token a DPoP profile may hold, and the line the webview renders (text only).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { decodeToken } from '../../../../src/core/jwt';
import { buildClaimsView } from '../../../../src/extension/claims/claimsView';
import { dpopView } from '../../../../src/extension/claims/dpopLine';
import { initialSignature } from '../../../../src/extension/claims/signatureLine';
import type { DpopView } from '../../../../src/shared/protocol';
import { ClaimsPanelView } from '../../../../src/webview/render';
import { SCRIPT_BREAKOUT, unsignedJwt } from '../../../support/jwtSamples';

const KEY = 'A'.repeat(43);
const OTHER = 'B'.repeat(43);

describe('DPoP line of the claims panel', () => {
  const cases: [string, string, string | undefined, DpopView['state'], RegExp][] = [
    ['cnf.jkt equals the key thumbprint', unsignedJwt({ cnf: { jkt: KEY } }), KEY, 'bound', /equals the thumbprint/],
    ["another key's cnf.jkt", unsignedJwt({ cnf: { jkt: OTHER } }), KEY, 'mismatch', /fetch a new token/],
    ['a JWT without cnf', unsignedJwt({ sub: 'x' }), KEY, 'no-cnf', /without cnf\.jkt/],
    ['a cnf that is not an object', unsignedJwt({ cnf: 'jkt' }), KEY, 'no-cnf', /without cnf\.jkt/],
    ['a numeric jkt', unsignedJwt({ cnf: { jkt: 7 } }), KEY, 'no-cnf', /without cnf\.jkt/],
    ['an opaque token', 'opaque-token-value', KEY, 'opaque', /only the server knows/],
    ['no DPoP key stored any more', unsignedJwt({ cnf: { jkt: KEY } }), undefined, 'no-key', /fetch a new token/],
    ['a hostile jkt', unsignedJwt({ cnf: { jkt: SCRIPT_BREAKOUT } }), KEY, 'mismatch', /not the thumbprint/],
  ];
  for (const [what, token, thumbprint, state, text] of cases) {
    test(`${what}: ${state}`, () => {
      const view = dpopView(decodeToken(token), thumbprint);
      assert.equal(view.state, state);
      assert.match(view.summary.text, text);
      assert.ok(!view.summary.text.includes(SCRIPT_BREAKOUT), 'token text in the line');
    });
  }

  test('the view carries the line only for DPoP tokens, and the webview renders it as text', () => {
    const token = unsignedJwt({ cnf: { jkt: KEY }, sub: 'x' });
    const decoded = decodeToken(token);
    const base = {
      title: 'Claims: p',
      source: 'token' as const,
      decoded,
      tokenLength: token.length,
      signature: initialSignature(decoded, { source: 'token' }),
    };
    assert.equal(buildClaimsView(base, 0).dpop, undefined);
    const view = buildClaimsView({ ...base, dpop: dpopView(decoded, KEY) }, 0);
    assert.equal(view.dpop?.state, 'bound');
    const { document } = parseHTML('<!DOCTYPE html><html><body><main id="app"></main></body></html>');
    const root = (document as unknown as Document).getElementById('app');
    assert.ok(root);
    new ClaimsPanelView(root, { reveal: () => {}, copy: () => {} }).render(view, 0);
    const line = root.querySelector('#dpop-status');
    assert.equal(line?.getAttribute('data-state'), 'bound');
    assert.match(line?.textContent ?? '', /DPoP-bound/);
    assert.equal(root.querySelector('#dpop-heading')?.textContent, 'DPoP');
  });
});
