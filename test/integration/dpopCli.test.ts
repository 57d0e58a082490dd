// The built CLI with DPoP against the real loopback oidc-provider and a loopback resource that checks every DPoP
// rule with jose (test/support/resourceServer.ts): `client-assertion --dpop-key` gets a token bound to the key,
// `dpop-proof` makes the proofs the resource accepts — the README's curl line included — and the resource refuses
// what it must (a replayed proof, another URL or method, no ath, a Bearer scheme, another key, a missing nonce).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeJwt } from '../../src/core/jwt';
import { type AuthServer, startAuthServer } from '../support/authServer';
import { buildCliIfStale, CLI_BUNDLE, runCliProcess } from '../support/cliProcess';
import { type ResourceServer, startResourceServer } from '../support/resourceServer';

let as: AuthServer;
let nonceAs: AuthServer;
let resource: ResourceServer;
let dir = '';
const CLIENT = 'dpop-cli-client';
let thumbprint = '';

const cli = (args: string[], input?: string) => runCliProcess(args, { cwd: dir, ...(input ? { input } : {}) });

/** `client-assertion` for CLIENT against `server` with the DPoP key; the token response JSON. */
async function dpopToken(server: AuthServer, extra: string[] = []): Promise<Record<string, unknown>> {
  const r = await cli([
    'client-assertion',
    `--client-id=${CLIENT}`,
    '--private-key=client.pem',
    '--dpop-key=dpop.pem',
    `--token-url=${server.tokenUrl}`,
    '--json',
    ...extra,
  ]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** One proof from `dpop-proof` (the access token through stdin). */
async function proof(args: string[], token?: string): Promise<string> {
  const r = await cli(
    ['dpop-proof', ...args, ...(token === undefined ? [] : ['--access-token=-'])],
    token === undefined ? undefined : token,
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

async function callResource(headers: Record<string, string>, method = 'GET', url = resource.url) {
  const res = await fetch(url, { method, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

before(async () => {
  buildCliIfStale();
  dir = mkdtempSync(join(tmpdir(), 'client-creds-dpop-cli-'));
  as = await startAuthServer();
  nonceAs = await startAuthServer({ dpopNonce: 'required' });
  resource = await startResourceServer({ issuer: as.issuer, jwksUrl: as.jwksUrl });
  for (const [alg, out] of [
    ['PS256', 'client.pem'],
    ['ES256', 'dpop.pem'],
    ['ES256', 'other-dpop.pem'],
  ]) {
    const r = await cli(['keygen', `--alg=${alg}`, `--out=${out}`]);
    assert.equal(r.status, 0, r.stderr);
  }
  const jwks = await cli(['jwks', 'client.pem']);
  for (const server of [as, nonceAs]) {
    await server.registerClient({ clientId: CLIENT, jwks: JSON.parse(jwks.stdout) as { keys: unknown[] } });
  }
  thumbprint = (JSON.parse((await cli(['jwks', 'dpop.pem'])).stdout) as { keys: { kid: string }[] }).keys[0]?.kid ?? '';
  assert.ok(thumbprint);
});
after(async () => {
  await resource?.close();
  await as?.close();
  await nonceAs?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('client-assertion --dpop-key', () => {
  test("--json: token_type DPoP, and the token's cnf.jkt is the DPoP key's thumbprint (as `jwks` prints it)", async () => {
    const answer = await dpopToken(as);
    assert.equal(answer.token_type, 'DPoP');
    assert.deepEqual(decodeJwt(String(answer.access_token)).payload.cnf, { jkt: thumbprint });
  });

  test('the steps show the proof, the DPoP header of the request and the binding', async () => {
    const r = await cli([
      'client-assertion',
      `--client-id=${CLIENT}`,
      '--private-key=client.pem',
      '--dpop-key=dpop.pem',
      `--token-url=${as.tokenUrl}`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Creating the DPoP proof/);
    assert.match(r.stdout, new RegExp(`DPoP key thumbprint \\(cnf.jkt\\) ${thumbprint}`));
    assert.match(r.stdout, /\nDPoP: eyJ/);
    assert.match(r.stdout, new RegExp(`bound to the DPoP key: cnf.jkt = ${thumbprint}`));
  });

  test('a server that requires a nonce: the retry is shown and the token is bound', async () => {
    const r = await cli([
      'client-assertion',
      `--client-id=${CLIENT}`,
      '--private-key=client.pem',
      '--dpop-key=dpop.pem',
      `--token-url=${nonceAs.tokenUrl}`,
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /use_dpop_nonce: sending once more with its nonce/);
    assert.equal((r.stdout.match(/Creating the DPoP proof/g) ?? []).length, 2);
    assert.match(r.stdout, /bound to the DPoP key/);
  });

  test('a DPoP key with an alg the server does not take: one error line with a hint', async () => {
    const r = await cli([
      'client-assertion',
      `--client-id=${CLIENT}`,
      '--private-key=client.pem',
      '--dpop-key=client.pem',
      '--dpop-alg=PS512',
      `--token-url=${as.tokenUrl}`,
      '--quiet',
    ]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: token endpoint answered HTTP 400 invalid_dpop_proof/m);
    assert.match(r.stderr, /^hint: .*alg/m);
    assert.doesNotMatch(r.stderr, /eyJ/);
  });
});

describe('dpop-proof makes proofs the resource accepts', () => {
  test('the token response JSON piped in; the resource checks proof and token and answers 200', async () => {
    const answer = await dpopToken(as);
    const token = String(answer.access_token);
    const dpop = await proof(['--dpop-key=dpop.pem', `--url=${resource.url}?page=2`], JSON.stringify(answer));
    const res = await callResource({ authorization: `DPoP ${token}`, dpop }, 'GET', `${resource.url}?page=2`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.client_id, CLIENT);
  });

  test("the README's curl line, run by bash", async () => {
    const script = [
      `client-creds() { "${process.execPath}" "${CLI_BUNDLE}" "$@"; }`,
      `T=$(client-creds client-assertion --client-id=${CLIENT} --private-key=./client.pem --dpop-key=./dpop.pem --token-url=${as.tokenUrl} --quiet)`,
      `curl -s -H "Authorization: DPoP $T" -H "DPoP: $(printf %s "$T" | client-creds dpop-proof --dpop-key=./dpop.pem --url=${resource.url} --access-token=-)" ${resource.url}`,
    ].join('\n');
    const out = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    assert.equal(out.status, 0, out.stderr);
    assert.equal((JSON.parse(out.stdout) as { client_id?: string }).client_id, CLIENT, out.stdout);
  });

  test('a resource that asks for its nonce: 401 use_dpop_nonce with DPoP-Nonce, then --nonce is accepted', async () => {
    const token = String((await dpopToken(as)).access_token);
    resource.requireNonce = true;
    try {
      const first = await callResource({
        authorization: `DPoP ${token}`,
        dpop: await proof(['--dpop-key=dpop.pem', `--url=${resource.url}`], token),
      });
      assert.equal(first.status, 401);
      assert.equal(first.body.error, 'use_dpop_nonce');
      assert.match(first.headers.get('www-authenticate') ?? '', /^DPoP error="use_dpop_nonce"/);
      const nonce = first.headers.get('dpop-nonce') ?? '';
      assert.ok(nonce);
      const dpop = await proof(['--dpop-key=dpop.pem', `--url=${resource.url}`, `--nonce=${nonce}`], token);
      const second = await callResource({ authorization: `DPoP ${token}`, dpop });
      assert.equal(second.status, 200, JSON.stringify(second.body));
    } finally {
      resource.requireNonce = false;
    }
  });
});

describe('the resource refuses what RFC 9449 §7 says it must', () => {
  let token = '';
  before(async () => {
    token = String((await dpopToken(as)).access_token);
  });
  const cases: {
    name: string;
    request: () => Promise<{ headers: Record<string, string>; method?: string; url?: string }>;
    error: string;
    reason: RegExp;
  }[] = [
    {
      name: 'a proof for another URL',
      request: async () => ({
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await proof(['--dpop-key=dpop.pem', `--url=${resource.url}/other`], token),
        },
      }),
      error: 'invalid_dpop_proof',
      reason: /htu/,
    },
    {
      name: 'a proof for another method',
      request: async () => ({
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await proof(['--dpop-key=dpop.pem', `--url=${resource.url}`, '--method=POST'], token),
        },
      }),
      error: 'invalid_dpop_proof',
      reason: /htm/,
    },
    {
      name: 'a proof without the access token (no ath)',
      request: async () => ({
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await proof(['--dpop-key=dpop.pem', `--url=${resource.url}`]),
        },
      }),
      error: 'invalid_dpop_proof',
      reason: /ath/,
    },
    {
      name: 'the token sent as a Bearer token',
      request: async () => ({
        headers: {
          authorization: `Bearer ${token}`,
          dpop: await proof(['--dpop-key=dpop.pem', `--url=${resource.url}`], token),
        },
      }),
      error: 'invalid_token',
      reason: /DPoP token/,
    },
    {
      name: 'a proof signed by another key than the one the token is bound to',
      request: async () => ({
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await proof(['--dpop-key=other-dpop.pem', `--url=${resource.url}`], token),
        },
      }),
      error: 'invalid_token',
      reason: /cnf\.jkt/,
    },
    {
      name: 'no proof at all',
      request: async () => ({ headers: { authorization: `DPoP ${token}` } }),
      error: 'invalid_dpop_proof',
      reason: /exactly one DPoP header/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { headers, method, url } = await c.request();
      const res = await callResource(headers, method, url);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, c.error);
      assert.match(String(res.body.reason), c.reason);
    });
  }

  test('a proof used twice: the second is a replay', async () => {
    const dpop = await proof(['--dpop-key=dpop.pem', `--url=${resource.url}`], token);
    assert.equal((await callResource({ authorization: `DPoP ${token}`, dpop })).status, 200);
    const replay = await callResource({ authorization: `DPoP ${token}`, dpop });
    assert.equal(replay.status, 401);
    assert.match(String(replay.body.reason), /replayed/);
  });
});
