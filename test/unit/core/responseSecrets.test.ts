// No error text ever holds a secret from a token endpoint's answer: a property over token values of every length from
// 8 to 4096 characters (each length to 64, then a spread of powers and odd sizes), in every secret field of success
// and error answers, echoed in every other field, in every way an answer can be unusable — checked in core's error,
// the CLI's error lines and the extension's notification text and log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { errorLines } from '../../../src/cli/failure';
import { ClientCredsError, isClientCredsError } from '../../../src/core/errors';
import type { HttpResponse } from '../../../src/core/http';
import { REDACTED, redactSecrets, SECRET_RESPONSE_FIELDS, secretsInResponse } from '../../../src/core/responseSecrets';
import { parseTokenResponse } from '../../../src/core/tokenClient';
import { errorText } from '../../../src/extension/services/errorText';
import { Log, type LogSink } from '../../../src/extension/services/log';

/** Lengths 8..64 each, then powers of two and their neighbours, and odd sizes, up to 4096. */
const LENGTHS = [
  ...Array.from({ length: 57 }, (_, i) => i + 8),
  65,
  95,
  96,
  100,
  127,
  128,
  129,
  255,
  256,
  257,
  511,
  512,
  777,
  1000,
  1023,
  1024,
  2047,
  2048,
  3001,
  4095,
  4096,
];

/** A random base64url token value of exactly `n` characters. */
function tokenValue(n: number): string {
  return randomBytes(Math.ceil((n * 3) / 4) + 3)
    .toString('base64url')
    .slice(0, n);
}

function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body, url: 'https://as.example/token' };
}

/** Where else in the answer the secret shows up, beside its own field. */
const ECHOES = [
  'none',
  'error_description',
  'error',
  'error_uri',
  'token_type',
  'expires_in',
  'scope',
  'other',
] as const;
type Echo = (typeof ECHOES)[number];
/**
 * Every length is tried with the secret alone and quoted in the description (the leak paths of length-based masking);
 * lengths around the old masking thresholds and the extremes are tried with every echo.
 */
const EVERY_ECHO_LENGTHS = new Set([8, 9, 16, 31, 32, 47, 48, 64, 4096]);
const echoesFor = (length: number): readonly Echo[] =>
  EVERY_ECHO_LENGTHS.has(length) ? ECHOES : ['none', 'error_description'];

function withEcho(body: Record<string, unknown>, echo: Echo, value: string): Record<string, unknown> {
  switch (echo) {
    case 'none':
      return body;
    case 'error_description':
      return { ...body, error_description: `the token ${value} cannot be issued` };
    case 'error':
      return { ...body, error: value };
    case 'error_uri':
      return { ...body, error_uri: `https://as.example/errors?token=${value}` };
    case 'other':
      return { ...body, detail: `see ${value}` };
    default:
      return { ...body, [echo]: value };
  }
}

/** An unusable answer carrying `value` in `field`: each shape fails a different way. */
const SHAPES: {
  name: string;
  make: (field: string, value: string, echo: Echo) => HttpResponse;
  /** The field the shape cannot carry (it is defined by its absence). */
  without?: string;
}[] = [
  {
    name: '2xx JSON without token_type',
    make: (field, value, echo) => {
      const body = withEcho({ access_token: 'x', [field]: value, expires_in: 60 }, echo, value);
      if (echo !== 'token_type') delete body.token_type;
      else body.expires_in = 'soon';
      return response(200, JSON.stringify(body));
    },
  },
  {
    name: '2xx JSON with an unusable expires_in',
    make: (field, value, echo) =>
      response(
        200,
        JSON.stringify(
          withEcho({ access_token: 'x', token_type: 'Bearer', [field]: value, expires_in: -1 }, echo, value),
        ),
      ),
  },
  {
    name: '2xx JSON with an error and no access_token',
    make: (field, value, echo) =>
      response(200, JSON.stringify(withEcho({ error: 'server_error', [field]: value }, echo, value))),
    without: 'access_token',
  },
  {
    name: '2xx JSON cut short',
    make: (field, value, echo) =>
      response(200, JSON.stringify(withEcho({ token_type: 'Bearer', [field]: value }, echo, value)).slice(0, -3)),
  },
  {
    name: '2xx form-encoded answer',
    make: (field, value) =>
      response(200, `token_type=Bearer&${field}=${value}&expires_in=60`, { 'content-type': 'text/plain' }),
  },
  {
    name: '4xx OAuth error that also carries the field',
    make: (field, value, echo) =>
      response(400, JSON.stringify(withEcho({ error: 'invalid_request', [field]: value }, echo, value))),
  },
  {
    name: '4xx JSON without an OAuth error',
    make: (field, value, echo) =>
      response(401, JSON.stringify(withEcho({ message: 'no', [field]: value }, echo, value))),
  },
  {
    name: '5xx HTML page quoting the field',
    make: (field, value) =>
      response(502, `<html><body>upstream said ${field}=${value} and "${field}": "${value}"</body></html>`, {
        'content-type': 'text/html',
      }),
  },
];

const sink = (lines: string[]): LogSink => ({
  trace: (m) => lines.push(m),
  debug: (m) => lines.push(m),
  info: (m) => lines.push(m),
  warn: (m) => lines.push(m),
  error: (m) => lines.push(m),
  show: () => {},
});

/** Every text a user or a log could see for `error`: core's fields, the CLI's lines, the extension's message and log. */
function texts(error: ClientCredsError): string[] {
  const fields = error as unknown as Record<string, unknown>;
  const lines: string[] = [];
  const log = new Log(sink(lines));
  log.error('fetch token failed', error);
  return [
    error.message,
    error.hint ?? '',
    ...['excerpt', 'error', 'errorDescription', 'errorUri'].map((k) => String(fields[k] ?? '')),
    ...errorLines(error),
    errorText(error, log),
    ...lines,
  ];
}

function expectLeakFree(res: HttpResponse, value: string, assertion: string | undefined, label: string): void {
  let error: unknown;
  try {
    parseTokenResponse(res, assertion);
  } catch (e) {
    error = e;
  }
  assert.ok(isClientCredsError(error), `${label}: the answer must be refused (${String(error)})`);
  for (const text of texts(error as ClientCredsError)) {
    if (text.includes(value)) assert.fail(`${label}: the secret reached the error text: ${text.slice(0, 300)}`);
  }
}

describe('no error text holds a secret of the answer (property over lengths 8..4096)', () => {
  for (const field of ['access_token', 'refresh_token', 'id_token']) {
    for (const shape of SHAPES.filter((s) => s.without !== field)) {
      test(`${field} in a ${shape.name}, echoed anywhere`, () => {
        for (const length of LENGTHS) {
          const value = tokenValue(length);
          for (const echo of echoesFor(length)) {
            expectLeakFree(shape.make(field, value, echo), value, undefined, `${length} chars, echo ${echo}`);
          }
        }
      });
    }
  }

  test('the client assertion echoed back, in any field or a broken body', () => {
    for (const length of LENGTHS) {
      const assertion = tokenValue(length);
      for (const echo of echoesFor(length)) {
        const body = withEcho({ error: 'invalid_client' }, echo, assertion);
        expectLeakFree(response(400, JSON.stringify(body)), assertion, assertion, `${length}, echo ${echo}`);
      }
      expectLeakFree(response(500, `bad client_assertion ${assertion}`), assertion, assertion, `${length}, text`);
      expectLeakFree(response(200, `{"client_assertion":"${assertion}"`), assertion, assertion, `${length}, cut`);
    }
  });
});

describe('secretsInResponse and redactSecrets', () => {
  test('every secret field is found, in JSON, in nested JSON, cut-short JSON and forms', () => {
    for (const field of SECRET_RESPONSE_FIELDS) {
      const value = tokenValue(12);
      for (const body of [
        JSON.stringify({ [field]: value }),
        `\uFEFF${JSON.stringify({ [field]: value })}`,
        JSON.stringify({ data: { [field.toUpperCase()]: value } }),
        `{"${field}": "${value}`,
        `${field}=${encodeURIComponent(value)}&x=1`,
      ]) {
        assert.ok(secretsInResponse(body).includes(value), `${field} in ${body}`);
      }
    }
  });

  test('a field value is replaced however short; other text keeps its words', () => {
    assert.equal(redactSecrets('{"access_token":"ab","error":"x"}', []), `{"access_token":"${REDACTED}","error":"x"}`);
    assert.equal(redactSecrets('id_token=q&scope=read', []), `id_token=${REDACTED}&scope=read`);
    assert.equal(
      redactSecrets('the ab word', ['ab']),
      'the ab word',
      'values under 4 characters are not removed by value',
    );
    assert.equal(redactSecrets('abcd and abcdef', ['abcd', 'abcdef']), `${REDACTED} and ${REDACTED}`);
  });

  test('a successful answer is returned whole: redaction is for error text only', () => {
    const value = tokenValue(9);
    const out = parseTokenResponse(response(200, JSON.stringify({ access_token: value, token_type: 'Bearer' })));
    assert.equal(out.accessToken, value);
  });

  test('a refusal still shows the server reason around the removed token', () => {
    const value = tokenValue(20);
    assert.throws(
      () =>
        parseTokenResponse(
          response(
            400,
            JSON.stringify({
              error: 'invalid_grant',
              error_description: `token ${value} expired`,
              access_token: value,
            }),
          ),
        ),
      (e: unknown) =>
        e instanceof ClientCredsError &&
        e.message === `token endpoint answered HTTP 400 invalid_grant: token ${REDACTED} expired`,
    );
  });
});
