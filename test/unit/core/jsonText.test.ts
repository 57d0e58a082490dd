// A UTF-8 byte order mark before JSON is ignored, as fetch().json() ignores it (RFC 8259 §8.1), on every JSON document
// the client reads: the token response, an OAuth error, discovery metadata, a JWKS — whether the bytes come through the
// HTTP client from a real loopback server, or as text from a caller's own transport.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { discover } from '../../../src/core/discovery';
import { OAuthError } from '../../../src/core/errors';
import { createHttpClient, type HttpClient, type HttpResponse } from '../../../src/core/http';
import { decodeUtf8Body, parseJsonText, stripBom } from '../../../src/core/jsonText';
import { fetchJwks } from '../../../src/core/jwks';
import { parseTokenResponse, requestToken } from '../../../src/core/tokenClient';

const BOM_BYTES = Buffer.from([0xef, 0xbb, 0xbf]);
const ASSERTION = 'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJjIn0.c2ln';

/** The documents, by path, and what reading each one must give. */
interface Document {
  name: string;
  path: string;
  status: number;
  body: (base: string) => unknown;
  read: (http: HttpClient, base: string) => Promise<unknown>;
  expect: (result: unknown, base: string) => void;
}

const DOCUMENTS: Document[] = [
  {
    name: 'token response',
    path: '/token',
    status: 200,
    body: () => ({ access_token: 'at-1', token_type: 'Bearer', expires_in: 60 }),
    read: (http, base) => requestToken(http, { tokenEndpoint: `${base}/token`, clientAssertion: ASSERTION }),
    expect: (r) => assert.equal((r as { accessToken: string }).accessToken, 'at-1'),
  },
  {
    name: 'OAuth error',
    path: '/refuse',
    status: 400,
    body: () => ({ error: 'invalid_client', error_description: 'no' }),
    read: (http, base) =>
      requestToken(http, { tokenEndpoint: `${base}/refuse`, clientAssertion: ASSERTION }).then(
        () => assert.fail('must be refused'),
        (e: unknown) => e,
      ),
    expect: (r) => {
      assert.ok(r instanceof OAuthError, String(r));
      assert.equal(r.error, 'invalid_client');
      assert.equal(r.errorDescription, 'no');
    },
  },
  {
    name: 'discovery metadata',
    path: '/op/.well-known/openid-configuration',
    status: 200,
    body: (base) => ({ issuer: `${base}/op`, token_endpoint: `${base}/token`, jwks_uri: `${base}/jwks` }),
    read: (http, base) => discover(`${base}/op`, http),
    expect: (r, base) => assert.equal((r as { token_endpoint: string }).token_endpoint, `${base}/token`),
  },
  {
    name: 'JWKS',
    path: '/jwks',
    status: 200,
    body: () => ({ keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] }),
    read: (http, base) => fetchJwks(http, `${base}/jwks`),
    expect: (r) => assert.equal((r as { keys: unknown[] }).keys.length, 1),
  },
];

describe('a byte order mark before JSON is ignored, on every JSON document the client reads', () => {
  let server: Server;
  let base = '';
  let bom = true;
  const http = createHttpClient({ timeoutMs: 5000, useEnvProxy: false });

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const doc = DOCUMENTS.find((d) => d.path === req.url);
        res.statusCode = doc?.status ?? 404;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        const json = Buffer.from(JSON.stringify(doc ? doc.body(base) : {}));
        res.end(bom ? Buffer.concat([BOM_BYTES, json]) : json);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await http.close();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const doc of DOCUMENTS) {
    for (const withBom of [true, false]) {
      test(`${doc.name} over HTTP, ${withBom ? 'with' : 'without'} a BOM`, async () => {
        bom = withBom;
        doc.expect(await doc.read(http, base), base);
      });
    }

    test(`${doc.name} from a caller's own transport (the BOM as text)`, async () => {
      const transport: HttpClient = {
        async request(req): Promise<HttpResponse> {
          const path = new URL(req.url).pathname;
          const found = DOCUMENTS.find((d) => d.path === path);
          const body = `\uFEFF${JSON.stringify(found ? found.body(base) : {})}`;
          return { status: found?.status ?? 404, headers: {}, body, url: req.url };
        },
        async close() {},
      };
      doc.expect(await doc.read(transport, base), base);
    });
  }
});

describe('jsonText', () => {
  test('one leading BOM is dropped; one in the middle is content', () => {
    assert.equal(stripBom('\uFEFF{}'), '{}');
    assert.equal(stripBom('{"a":"\uFEFF"}'), '{"a":"\uFEFF"}');
    assert.deepEqual(parseJsonText('\uFEFF{"a":1}'), { a: 1 });
    assert.throws(() => parseJsonText('\uFEFF\uFEFF{}'), SyntaxError, 'only one BOM is ignored, as fetch does');
  });

  test('the body decoder matches fetch: BOM dropped, invalid UTF-8 replaced', async () => {
    const samples = [
      Buffer.concat([BOM_BYTES, Buffer.from('{"x":"é"}')]),
      Buffer.from([0x7b, 0xff, 0x7d]),
      Buffer.from('plain'),
    ];
    for (const bytes of samples) assert.equal(decodeUtf8Body(bytes), await new Response(bytes).text());
  });

  test('a token answer with a BOM parses as text too (parseTokenResponse)', () => {
    const out = parseTokenResponse({
      status: 200,
      headers: {},
      body: `\uFEFF${JSON.stringify({ access_token: 'a', token_type: 'Bearer' })}`,
      url: 'https://as.example/token',
    });
    assert.equal(out.accessToken, 'a');
  });
});
