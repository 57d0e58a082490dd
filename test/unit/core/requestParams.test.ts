// Extra form parameters: NAME=VALUE as typed, never one that carries the grant or the client authentication.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../src/core/errors';
import {
  extraParamProblem,
  formatExtraParams,
  parseExtraParam,
  parseExtraParams,
  RESERVED_FORM_PARAMS,
} from '../../../src/core/requestParams';
import { tokenRequestBody } from '../../../src/core/tokenClient';

const ASSERTION = 'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjIn0.c2ln';

describe('parseExtraParam', () => {
  const accepted: [string, [string, string]][] = [
    ['audience=https://api.example', ['audience', 'https://api.example']],
    ['resource=https://r.example/?a=b=c', ['resource', 'https://r.example/?a=b=c']],
    ['organization=org_1', ['organization', 'org_1']],
    [' tenant =x', ['tenant', 'x']],
    ['claims[a]=1', ['claims[a]', '1']],
  ];
  for (const [text, expected] of accepted) {
    test(`${text}`, () => assert.deepEqual(parseExtraParam(text), expected));
  }

  const refused: [string, RegExp][] = [
    ['audience', /has no value/],
    ['audience=', /empty value/],
    ['=x', /name is empty/],
    ['bad name=x', /not a form parameter name/],
  ];
  for (const [text, message] of refused) {
    test(`refuses ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseExtraParam(text),
        (e: unknown) => e instanceof ConfigError && e.code === 'invalid_extra_param' && message.test(e.message),
      );
    });
  }

  // Every reserved name, in any case, is refused with the reason, by the parser, the check and the form builder.
  for (const name of RESERVED_FORM_PARAMS.keys()) {
    for (const spelling of [name, name.toUpperCase()]) {
      test(`${spelling} cannot be overridden`, () => {
        assert.match(extraParamProblem(spelling) ?? '', /cannot be set as an extra parameter: /);
        assert.throws(
          () => parseExtraParam(`${spelling}=x`),
          (e: unknown) => e instanceof ConfigError,
        );
        assert.throws(
          () =>
            tokenRequestBody({
              tokenEndpoint: 'https://x/token',
              clientAssertion: ASSERTION,
              extra: { [spelling]: 'x' },
            }),
          (e: unknown) => e instanceof ConfigError && e.code === 'invalid_extra_param',
        );
      });
    }
  }
});

describe('parseExtraParams / formatExtraParams (the input box form)', () => {
  test('round trip', () => {
    const params = { audience: 'https://api.example', resource: 'https://r.example/?a=b' };
    assert.deepEqual(parseExtraParams(formatExtraParams(params)), params);
    assert.equal(parseExtraParams('   '), undefined);
    assert.equal(formatExtraParams(undefined), '');
  });
  test('a name given twice and a reserved name are refused', () => {
    assert.throws(
      () => parseExtraParams('a=1 a=2'),
      (e: unknown) => e instanceof ConfigError && /given twice/.test(e.message),
    );
    assert.throws(
      () => parseExtraParams('a=1 grant_type=x'),
      (e: unknown) => e instanceof ConfigError && /grant_type/.test(e.message),
    );
  });
});
