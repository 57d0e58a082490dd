import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, OAuthError, ResponseError } from '../../../src/core/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/core/http';
import {
  CLIENT_ASSERTION_TYPE,
  explainOAuthError,
  parseExpiresIn,
  parseTokenResponse,
  requestToken,
  tokenRequestBody,
} from '../../../src/core/tokenClient';

/** True when `text` holds a C0 or C1 control character (what must never reach a terminal from a server). */
function hasControlCharacter(text: string): boolean {
  return [...text].some((ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

const ASSERTION =
  'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjbGllbnQtMSIsInN1YiI6ImNsaWVudC0xIiwiYXVkIjoiaHR0cHM6Ly94L3Rva2VuIn0.c2lnbmF0dXJl';

describe('tokenRequestBody', () => {
  const cases: { name: string; req: Parameters<typeof tokenRequestBody>[0]; expected: [string, string][] }[] = [
    {
      name: 'assertion only',
      req: { tokenEndpoint: 'https://x/token', clientAssertion: ASSERTION },
      expected: [
        ['grant_type', 'client_credentials'],
        ['client_assertion_type', CLIENT_ASSERTION_TYPE],
        ['client_assertion', ASSERTION],
      ],
    },
    {
      name: 'scope and client_id when given',
      req: { tokenEndpoint: 'https://x/token', clientAssertion: ASSERTION, scope: 'openid', clientId: 'client-1' },
      expected: [
        ['grant_type', 'client_credentials'],
        ['client_assertion_type', CLIENT_ASSERTION_TYPE],
        ['client_assertion', ASSERTION],
        ['scope', 'openid'],
        ['client_id', 'client-1'],
      ],
    },
    {
      name: 'blank scope and empty client id are left out',
      req: { tokenEndpoint: 'https://x/token', clientAssertion: ASSERTION, scope: '  ', clientId: '' },
      expected: [
        ['grant_type', 'client_credentials'],
        ['client_assertion_type', CLIENT_ASSERTION_TYPE],
        ['client_assertion', ASSERTION],
      ],
    },
    {
      name: 'extra parameters come last',
      req: { tokenEndpoint: 'https://x/token', clientAssertion: ASSERTION, extra: { resource: 'https://api.example' } },
      expected: [
        ['grant_type', 'client_credentials'],
        ['client_assertion_type', CLIENT_ASSERTION_TYPE],
        ['client_assertion', ASSERTION],
        ['resource', 'https://api.example'],
      ],
    },
  ];
  for (const { name, req, expected } of cases) {
    test(name, () => assert.deepEqual([...tokenRequestBody(req).entries()], expected));
  }

  for (const reserved of ['grant_type', 'client_assertion', 'client_assertion_type', 'scope', 'client_id']) {
    test(`refuses an extra ${reserved}`, () => {
      assert.throws(
        () =>
          tokenRequestBody({
            tokenEndpoint: 'https://x/token',
            clientAssertion: ASSERTION,
            extra: { [reserved]: 'x' },
          }),
        (err: unknown) => err instanceof ConfigError && err.code === 'invalid_extra_param',
      );
    });
  }

  test('form-encodes the scope list', () => {
    const body = tokenRequestBody({
      tokenEndpoint: 'https://x/token',
      clientAssertion: ASSERTION,
      scope: 'openid profile',
    });
    assert.match(body.toString(), /&scope=openid\+profile$/);
  });
});

function response(status: number, body: string, contentType = 'application/json'): HttpResponse {
  return { status, headers: { 'content-type': contentType }, body, url: 'https://as.example/token' };
}

type Expect =
  | { ok: { accessToken: string; tokenType: string; expiresIn: number | undefined } }
  | { error: 'oauth'; code: string; hintMatches?: RegExp; description?: string }
  | { error: 'response'; code: string; messageMatches?: RegExp };

// One row per line of SECURITY.md's "token endpoint is untrusted input" table that a body can show.
const responseCases: { name: string; res: HttpResponse; expect: Expect }[] = [
  {
    name: '200 JSON with a JWT access token',
    res: response(200, JSON.stringify({ access_token: ASSERTION, token_type: 'Bearer', expires_in: 3600 })),
    expect: { ok: { accessToken: ASSERTION, tokenType: 'Bearer', expiresIn: 3600 } },
  },
  {
    name: 'opaque (non-JWT) access token is fine',
    res: response(
      200,
      JSON.stringify({ access_token: 'opaque-2YotnFZFEjr1zCsicMWpAA', token_type: 'Bearer', expires_in: 60 }),
    ),
    expect: { ok: { accessToken: 'opaque-2YotnFZFEjr1zCsicMWpAA', tokenType: 'Bearer', expiresIn: 60 } },
  },
  {
    name: 'content-type is not required when the body is a JSON object',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'bearer' }), 'text/plain'),
    expect: { ok: { accessToken: 'a', tokenType: 'bearer', expiresIn: undefined } },
  },
  {
    name: 'expires_in missing means unknown',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer' })),
    expect: { ok: { accessToken: 'a', tokenType: 'Bearer', expiresIn: undefined } },
  },
  {
    name: 'expires_in as a numeric string',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: '3600' })),
    expect: { ok: { accessToken: 'a', tokenType: 'Bearer', expiresIn: 3600 } },
  },
  {
    name: 'expires_in beyond the 2^31 ms timer limit is kept (timers clamp it, not the parser)',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: 3_000_000_000 })),
    expect: { ok: { accessToken: 'a', tokenType: 'Bearer', expiresIn: 3_000_000_000 } },
  },
  {
    name: 'expires_in negative',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: -1 })),
    expect: { error: 'response', code: 'invalid_expires_in', messageMatches: /expires_in -1/ },
  },
  {
    name: 'expires_in negative string',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: '-60' })),
    expect: { error: 'response', code: 'invalid_expires_in' },
  },
  {
    name: 'expires_in "NaN"',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: 'NaN' })),
    expect: { error: 'response', code: 'invalid_expires_in', messageMatches: /"NaN"/ },
  },
  {
    name: 'expires_in huge (1e300)',
    res: response(200, '{"access_token":"a","token_type":"Bearer","expires_in":1e300}'),
    expect: { error: 'response', code: 'invalid_expires_in' },
  },
  {
    name: 'expires_in a word',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: 'one hour' })),
    expect: { error: 'response', code: 'invalid_expires_in' },
  },
  {
    name: 'expires_in a boolean',
    res: response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: true })),
    expect: { error: 'response', code: 'invalid_expires_in' },
  },
  {
    name: 'JSON array',
    res: response(200, JSON.stringify([{ access_token: 'a', token_type: 'Bearer' }])),
    expect: { error: 'response', code: 'not_object', messageMatches: /JSON array, not an object/ },
  },
  {
    name: 'JSON string',
    res: response(200, JSON.stringify('token')),
    expect: { error: 'response', code: 'not_object', messageMatches: /JSON string/ },
  },
  {
    name: 'JSON null',
    res: response(200, 'null'),
    expect: { error: 'response', code: 'not_object', messageMatches: /JSON null/ },
  },
  {
    name: 'missing access_token',
    res: response(200, JSON.stringify({ token_type: 'Bearer', expires_in: 3600 })),
    expect: { error: 'response', code: 'missing_access_token' },
  },
  {
    name: 'access_token not a string',
    res: response(200, JSON.stringify({ access_token: 42, token_type: 'Bearer' })),
    expect: { error: 'response', code: 'missing_access_token' },
  },
  {
    name: 'missing token_type',
    res: response(200, JSON.stringify({ access_token: 'a', expires_in: 3600 })),
    expect: { error: 'response', code: 'missing_token_type' },
  },
  {
    name: '200 HTML page',
    res: response(200, '<!doctype html><html><body>Login</body></html>', 'text/html'),
    expect: {
      error: 'response',
      code: 'not_json',
      messageMatches: /HTTP 200 with a body that is not JSON: "<!doctype html>/,
    },
  },
  {
    name: '400 invalid_client JSON',
    res: response(
      400,
      JSON.stringify({
        error: 'invalid_client',
        error_description: 'client authentication failed',
        error_uri: 'https://as.example/e',
      }),
    ),
    expect: {
      error: 'oauth',
      code: 'oauth_invalid_client',
      hintMatches: /public key.*aud.*clock.*replayed.*milliseconds.*client id/,
      description: 'client authentication failed',
    },
  },
  {
    name: '401 invalid_client without description',
    res: response(401, JSON.stringify({ error: 'invalid_client' })),
    expect: { error: 'oauth', code: 'oauth_invalid_client', hintMatches: /token URL vs issuer/ },
  },
  {
    name: '400 invalid_scope',
    res: response(400, JSON.stringify({ error: 'invalid_scope' })),
    expect: { error: 'oauth', code: 'oauth_invalid_scope', hintMatches: /scope/ },
  },
  {
    name: '400 unauthorized_client',
    res: response(400, JSON.stringify({ error: 'unauthorized_client' })),
    expect: { error: 'oauth', code: 'oauth_unauthorized_client', hintMatches: /client_credentials/ },
  },
  {
    name: '200 with an OAuth error and no token',
    res: response(200, JSON.stringify({ error: 'invalid_grant', error_description: 'jti reused' })),
    expect: { error: 'oauth', code: 'oauth_invalid_grant', hintMatches: /replayed/ },
  },
  {
    name: 'HTML 500 page',
    res: response(
      500,
      '<html>\r\n<head><title>500 Internal Server Error</title></head>\n<body>\u001b[2J</body></html>',
      'text/html; charset=utf-8',
    ),
    expect: {
      error: 'response',
      code: 'http_error',
      messageMatches:
        /^token endpoint answered HTTP 500 with text\/html: "<html> <head><title>500 Internal Server Error/,
    },
  },
  {
    name: '502 with an empty body',
    res: response(502, '', 'text/plain'),
    expect: { error: 'response', code: 'http_error', messageMatches: /HTTP 502 with an empty body$/ },
  },
  {
    name: '400 JSON that is not an OAuth error',
    res: response(400, JSON.stringify({ message: 'bad' })),
    expect: { error: 'response', code: 'http_error', messageMatches: /JSON without an OAuth error/ },
  },
];

describe('parseTokenResponse: the token endpoint is untrusted input', () => {
  for (const { name, res, expect } of responseCases) {
    test(name, () => {
      if ('ok' in expect) {
        const out = parseTokenResponse(res, ASSERTION);
        assert.equal(out.accessToken, expect.ok.accessToken);
        assert.equal(out.tokenType, expect.ok.tokenType);
        assert.equal(out.expiresIn, expect.ok.expiresIn);
        assert.equal('expiresIn' in out, expect.ok.expiresIn !== undefined, 'an unknown lifetime is never invented');
        assert.equal(out.raw.access_token, expect.ok.accessToken);
        return;
      }
      assert.throws(
        () => parseTokenResponse(res, ASSERTION),
        (err: unknown) => {
          const e = err as Error & { code: string; hint?: string };
          assert.equal(e.code, expect.code);
          assert.ok(expect.error === 'oauth' ? err instanceof OAuthError : err instanceof ResponseError);
          assert.equal(hasControlCharacter(e.message), false, 'one clean line');
          assert.ok(e.message.length < 400, 'short');
          assert.ok(!e.message.includes(ASSERTION), 'no assertion in the message');
          if (expect.error === 'oauth') {
            assert.equal((err as OAuthError).status, res.status);
            if (expect.hintMatches) assert.match(e.hint ?? '', expect.hintMatches);
            if (expect.description) assert.equal((err as OAuthError).errorDescription, expect.description);
          } else {
            assert.equal((err as ResponseError).status, res.status);
            if (expect.messageMatches) assert.match(e.message, expect.messageMatches);
          }
          return true;
        },
      );
    });
  }

  test('an echoed assertion is redacted from the excerpt', () => {
    const res = response(500, `failed for assertion ${ASSERTION} (see logs)`, 'text/plain');
    assert.throws(
      () => parseTokenResponse(res, ASSERTION),
      (err: unknown) =>
        err instanceof ResponseError &&
        !err.message.includes(ASSERTION) &&
        !err.message.includes('eyJ') &&
        !(err.excerpt ?? '').includes('eyJ'),
    );
  });

  test('error_description with control characters and bidi overrides becomes one clean line', () => {
    const res = response(
      400,
      JSON.stringify({
        error: 'invalid_client',
        error_description: 'bad\r\n\u202Ekey\u0007',
        error_uri: 'javascript:alert(1)',
      }),
    );
    assert.throws(
      () => parseTokenResponse(res),
      (err: unknown) =>
        err instanceof OAuthError &&
        err.errorDescription === 'bad key' &&
        err.errorUri === undefined &&
        err.message === 'token endpoint answered HTTP 400 invalid_client: bad key',
    );
  });
});

describe('parseExpiresIn', () => {
  const accepted: [unknown, number | undefined][] = [
    [undefined, undefined],
    [null, undefined],
    [0, 0],
    [3600, 3600],
    ['3600', 3600],
    ['0', 0],
    [299.5, 299.5],
    ['86400.0', 86400],
  ];
  for (const [input, expected] of accepted) {
    test(`accepts ${JSON.stringify(input)}`, () => assert.equal(parseExpiresIn(input), expected));
  }
  const refused: unknown[] = [
    -1,
    '-1',
    'NaN',
    '',
    ' 3600',
    '3600s',
    '0x10',
    '1e3',
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e11,
    true,
    {},
    [],
  ];
  for (const input of refused) {
    test(`refuses ${typeof input === 'number' ? String(input) : JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseExpiresIn(input),
        (err: unknown) =>
          err instanceof ResponseError && err.code === 'invalid_expires_in' && !err.message.includes('\n'),
      );
    });
  }
});

describe('explainOAuthError', () => {
  const cases: [string, number, RegExp | undefined][] = [
    ['invalid_client', 400, /public key.*not registered|missing or a different key/],
    ['invalid_client', 401, /aud is not what the server expects \(token URL vs issuer/],
    ['invalid_client', 400, /clock is off \(skew\)/],
    ['invalid_client', 400, /replayed/],
    ['invalid_client', 400, /seconds vs milliseconds/],
    ['invalid_client', 400, /wrong client id/],
    ['invalid_scope', 400, /scope/],
    ['unauthorized_client', 400, /client_credentials/],
    ['invalid_grant', 400, /expired.*replayed/],
    ['unsupported_grant_type', 400, /client_credentials/],
    ['invalid_request', 400, /client_id in the form.*--send-client-id/],
    ['server_error', 500, /try again/],
    ['temporarily_unavailable', 503, /try again/],
    ['something_custom', 401, /public key/],
    ['something_custom', 503, /try again/],
    ['something_custom', 400, undefined],
  ];
  for (const [error, status, expected] of cases) {
    test(`${error} (${status})`, () => {
      const hint = explainOAuthError(error, status);
      if (expected === undefined) assert.equal(hint, undefined);
      else {
        assert.match(hint ?? '', expected);
        assert.doesNotMatch(hint ?? '', /\n/);
      }
    });
  }
});

describe('requestToken', () => {
  /** An in-memory transport (HttpClient is injected, as any caller may do) that records what would be sent. */
  function recordingClient(answer: HttpResponse): HttpClient & { sent: HttpRequest[] } {
    const sent: HttpRequest[] = [];
    return {
      sent,
      async request(req) {
        sent.push(req);
        return answer;
      },
      async close() {},
    };
  }

  test('posts the form with Accept: application/json', async () => {
    const http = recordingClient(
      response(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: 60 })),
    );
    const out = await requestToken(http, {
      tokenEndpoint: 'https://as.example/token',
      clientAssertion: ASSERTION,
      scope: 'openid',
    });
    assert.equal(out.expiresIn, 60);
    assert.equal(http.sent.length, 1);
    const [req] = http.sent;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.url, 'https://as.example/token');
    assert.equal(req?.headers?.accept, 'application/json');
    assert.equal(req?.headers?.['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(req?.body);
    assert.equal(form.get('client_assertion'), ASSERTION);
    assert.equal(form.get('scope'), 'openid');
    assert.equal(form.has('client_id'), false);
  });

  test('refuses plain http to a non-loopback token endpoint before sending anything', async () => {
    const http = recordingClient(response(200, '{}'));
    await assert.rejects(
      requestToken(http, { tokenEndpoint: 'http://as.example/token', clientAssertion: ASSERTION }),
      (err: unknown) =>
        err instanceof ConfigError && err.code === 'insecure_url' && err.message.startsWith('token endpoint:'),
    );
    assert.equal(http.sent.length, 0);
  });
});
