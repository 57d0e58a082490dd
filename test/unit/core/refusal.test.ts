// The explanation of a refusal uses what was sent and what was measured: the assertion's aud, exp unit and kid, the
// scope and client_id of the form, and the clock offset from the server's Date header.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { signAssertion } from '../../../src/core/assertion';
import { OAuthError, ResponseError } from '../../../src/core/errors';
import { createHttpClient } from '../../../src/core/http';
import {
  CLOCK_SKEW_REPORT_SECONDS,
  clockOffsetSeconds,
  explainRefusal,
  type SentRequest,
} from '../../../src/core/refusal';
import { requestToken } from '../../../src/core/tokenClient';

const TOKEN_URL = 'https://auth.example.com/oauth2/token';
const ISSUER = 'https://auth.example.com';
const JH_URL = 'https://login.jackhenry.com/a/oidc-provider/api/v0/token';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

function assertionFor(opts: { aud: string; expUnit?: 'seconds' | 'milliseconds'; kid?: string }): string {
  return signAssertion(privateKey, {
    clientId: 'svc',
    audience: opts.aud,
    alg: 'PS256',
    expUnit: opts.expUnit ?? 'seconds',
    lifetimeSeconds: 60,
    ...(opts.kid ? { kid: opts.kid } : {}),
  }).jwt;
}

function sent(over: Partial<SentRequest> & { aud?: string; expUnit?: 'seconds' | 'milliseconds' } = {}): SentRequest {
  const { aud, expUnit, ...rest } = over;
  const tokenEndpoint = rest.tokenEndpoint ?? TOKEN_URL;
  return {
    tokenEndpoint,
    issuer: ISSUER,
    assertion: assertionFor({ aud: aud ?? tokenEndpoint, ...(expUnit ? { expUnit } : {}), kid: 'k1' }),
    scope: 'read',
    clientIdSent: true,
    ...rest,
  };
}

const invalidClient = { status: 401, error: 'invalid_client' };

/** The causes in the order the explanation gives them: "(1) … (2) …", or the one after the lead's colon. */
function causesOf(hint: string | undefined): string[] {
  const list = hint?.split('most likely first: ')[1];
  if (list === undefined) return [hint?.split(': ').slice(1).join(': ') ?? ''];
  return list.split(/ ?\(\d+\) /).filter((c) => c !== '');
}

describe('what was sent', () => {
  const cases: { name: string; refusal?: object; sent: SentRequest; first: RegExp; never?: RegExp }[] = [
    {
      name: 'aud = issuer refused: many servers want the token endpoint URL',
      sent: sent({ aud: ISSUER }),
      first: /^aud was the issuer .*Okta, Microsoft Entra ID, Glewlwyd.*--audience=token-endpoint/,
    },
    {
      name: 'aud = token endpoint refused by a non-Jack Henry server: the issuer, for rfc7523bis servers',
      sent: sent(),
      first: /^the public key/,
    },
    {
      name: 'aud = token endpoint refused, reason "audience": the issuer is offered',
      refusal: { status: 401, error: 'invalid_client', description: 'bad audience' },
      sent: sent(),
      first: /aud was the token endpoint URL.*rfc7523bis or FAPI 2\.0 accept only the issuer.*--preset=issuer-audience/,
    },
    {
      name: 'aud neither endpoint nor issuer: the API identifier belongs in the form',
      sent: sent({ aud: 'https://api.example.com' }),
      first: /^aud was "https:\/\/api\.example\.com", neither.*--param=audience=https:\/\/api\.example\.com/,
    },
    {
      name: 'exp in milliseconds sent to a host that is not Jack Henry’s',
      sent: sent({ expUnit: 'milliseconds' }),
      first: /^exp was sent in milliseconds.*--exp-unit=seconds/,
    },
    {
      name: 'exp in milliseconds to Jack Henry: the unit is not the problem',
      sent: sent({ tokenEndpoint: JH_URL, expUnit: 'milliseconds', issuer: undefined }),
      first: /^the public key/,
      never: /exp was sent|wrong unit/,
    },
    {
      name: 'exp in seconds to a generic server: the unit is not the problem',
      sent: sent(),
      first: /^the public key/,
      never: /wrong unit|exp was sent/,
    },
    {
      name: 'no kid sent: a client with several keys needs one',
      sent: { ...sent(), assertion: assertionFor({ aud: TOKEN_URL }) },
      first: /^no kid was sent.*--kid=thumbprint/,
    },
    {
      name: 'a kid sent is not evidence against itself',
      sent: sent(),
      first: /^the public key/,
    },
    {
      name: 'no scope sent to a server that refuses the scope',
      refusal: { status: 400, error: 'invalid_scope' },
      sent: sent({ scope: undefined }),
      first: /^no scope was sent.*--scope/,
    },
    {
      name: 'a scope sent and refused is named',
      refusal: { status: 400, error: 'invalid_scope' },
      sent: sent({ scope: 'admin' }),
      first: /^the scope "admin" is not allowed/,
    },
    {
      name: 'client_id not sent to a server that wants it (a bare invalid_request)',
      refusal: { status: 400, error: 'invalid_request' },
      sent: sent({ clientIdSent: false }),
      first: /^the server wants client_id in the form.*--send-client-id/,
    },
    {
      name: 'client_id sent: the mismatch is the cause, not its absence',
      refusal: {
        status: 400,
        error: 'invalid_client',
        description:
          'Client authentication with signed JWT failed: client_id parameter does not match authenticated client',
      },
      sent: sent({ clientIdSent: true }),
      first: /^client_id in the form must be the assertion's iss and sub/,
      never: /--send-client-id/,
    },
    {
      name: 'Auth0 audience parameter already sent: its value is the problem',
      refusal: { status: 403, error: 'access_denied', description: 'Service not enabled within domain: https://x' },
      sent: sent({ extraParams: { audience: 'https://x' } }),
      first: /^the audience form parameter "https:\/\/x" is not an API/,
    },
    {
      name: 'an RFC 8707 resource the server does not know',
      refusal: { status: 400, error: 'invalid_target', description: 'resource indicator is missing, or unknown' },
      sent: sent({ extraParams: { resource: 'https://other.example' } }),
      first: /^the resource "https:\/\/other\.example" \(RFC 8707\) is not one this server serves/,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const hint = explainRefusal({ ...invalidClient, ...c.refusal }, c.sent);
      assert.match(causesOf(hint)[0] ?? '', c.first, hint);
      if (c.never) assert.doesNotMatch(hint ?? '', c.never);
    });
  }

  test('an empty 401/403 gets the full list of causes, at least as long as invalid_client', () => {
    for (const status of [400, 401, 403]) {
      for (const s of [sent(), {}]) {
        const empty = causesOf(explainRefusal({ status }, s));
        const oauth = causesOf(explainRefusal({ status, error: 'invalid_client' }, s));
        assert.ok(empty.length >= oauth.length, `${status}: ${empty.length} < ${oauth.length}`);
        for (const cause of oauth) assert.ok(empty.includes(cause), `${status} misses: ${cause}`);
        assert.ok(empty.length >= 6, empty.join(' | '));
      }
    }
  });

  test('404 and 405 point at the URL; 5xx at the server', () => {
    assert.match(explainRefusal({ status: 404 }) ?? '', /check the token URL/);
    assert.match(explainRefusal({ status: 405 }) ?? '', /check the token URL/);
    assert.match(explainRefusal({ status: 503 }) ?? '', /try again later/);
    assert.equal(explainRefusal({ status: 418, error: 'something_custom' }), undefined);
  });
});

describe('clock skew, measured from the Date header', () => {
  const arrived = Date.parse('2025-01-01T12:00:00Z');
  const offsets: [string, number | undefined][] = [
    ['Wed, 01 Jan 2025 12:00:00 GMT', 0],
    ['Wed, 01 Jan 2025 11:58:00 GMT', 120],
    ['Wed, 01 Jan 2025 12:02:00 GMT', -120],
    ['not a date', undefined],
  ];
  for (const [date, expected] of offsets) {
    test(`clockOffsetSeconds(${date})`, () => assert.equal(clockOffsetSeconds(date, arrived), expected));
  }
  test('no Date header or no arrival time: not measured', () => {
    assert.equal(clockOffsetSeconds(undefined, arrived), undefined);
    assert.equal(clockOffsetSeconds('Wed, 01 Jan 2025 12:00:00 GMT', undefined), undefined);
  });

  const refusal = (offset: number) => ({
    ...invalidClient,
    date: new Date(arrived - offset * 1000).toUTCString(),
    receivedAt: arrived,
  });
  test('a clock 120 s ahead comes first, with the flag that makes up for it', () => {
    const hint = explainRefusal(refusal(120), sent());
    assert.match(causesOf(hint)[0] ?? '', /^your clock is 120 s ahead of the server's.*--clock-skew=-120/);
  });
  test('a clock 300 s behind', () => {
    assert.match(
      explainRefusal(refusal(-300), sent()) ?? '',
      /your clock is 300 s behind the server's.*--clock-skew=300/,
    );
  });
  test(`within ${CLOCK_SKEW_REPORT_SECONDS} s the clock is not blamed at all`, () => {
    const hint = explainRefusal(refusal(2), sent()) ?? '';
    assert.doesNotMatch(hint, /clock/);
    assert.match(hint, /expired or lives longer/);
  });
  test('a profile skew that makes up for the offset rules the clock out; one that does not is named', () => {
    assert.doesNotMatch(explainRefusal(refusal(120), sent({ clockSkewSeconds: -120 })) ?? '', /your clock/);
    assert.match(
      explainRefusal(refusal(120), sent({ clockSkewSeconds: -30 })) ?? '',
      /your clock is 120 s ahead.*clock skew of -30 s does not make up for it.*--clock-skew=-120/,
    );
  });
  test('a clock skew set on a machine whose clock is right is named as the cause', () => {
    assert.match(
      causesOf(explainRefusal(refusal(0), sent({ clockSkewSeconds: 600 })))[0] ?? '',
      /^your clock agrees with the server's.*clock skew moves iat and exp 600 s: set it to 0/,
    );
  });
  test('without a Date header the clock is only a possibility', () => {
    assert.match(explainRefusal(invalidClient, sent()) ?? '', /the clock is off \(skew\) or the assertion expired/);
  });
});

describe('a real answer: Date header and refusal through the HTTP client', () => {
  let server: Server;
  let url = '';
  let answer: { status: number; body: string; date: string } = { status: 401, body: '', date: '' };
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.sendDate = false;
        res.writeHead(answer.status, { date: answer.date, 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const bodies: [string, string, typeof OAuthError | typeof ResponseError][] = [
    ['invalid_client JSON', JSON.stringify({ error: 'invalid_client' }), OAuthError],
    ['an empty body', '', ResponseError],
  ];
  for (const [name, body, kind] of bodies) {
    test(`a server clock 3 minutes behind, ${name}: "your clock is 180 s ahead"`, async () => {
      answer = { status: 401, body, date: new Date(Date.now() - 180_000).toUTCString() };
      const http = createHttpClient({ timeoutMs: 3000, useEnvProxy: false });
      try {
        await assert.rejects(
          requestToken(http, { tokenEndpoint: url, clientAssertion: assertionFor({ aud: url }) }),
          (e: unknown) => {
            assert.ok(e instanceof kind, String(e));
            // The Date header has whole seconds and the answer takes a moment to arrive: allow for both.
            const n = Number(/your clock is (\d+) s ahead of the server's/.exec((e as OAuthError).hint ?? '')?.[1]);
            assert.ok(n >= 178 && n <= 190, (e as OAuthError).hint);
            return true;
          },
        );
      } finally {
        await http.close();
      }
    });
  }
});
