/**
 * What DPoP (RFC 9449) costs. In process: one proof per API request (`createDpopProof` with an access token, so
 * `ath` is hashed too) for each key type, in batches, against a target for the default ES256; and the one-time
 * `createDpopKey` (public JWK + RFC 7638 thumbprint). As processes, interleaved: `client-assertion --json` with and
 * without `--dpop-key` against the loopback server (target: DPoP adds at most 10%), and `dpop-proof`, the per-request
 * command of a shell script, next to an empty Node process.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDpopKey, createDpopProof, type DpopAlg } from '../../src/core/dpopProof';
import type { BenchContext } from './context';
import { type Candidate, type CandidateResult, candidateRow, isTokenResponse, measureInterleaved } from './measure';
import { type BenchRow, percentile } from './report';

export const title = 'DPoP: proof cost per request, token request with a proof';

const PROOF_TARGET_MS = 1;
const TOKEN_RATIO_TARGET = 1.1;
const BATCH = 200;
const ACCESS_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'bench', pad: 'x'.repeat(600) })).toString('base64url')}.c2ln`;

const KEYS: { name: string; alg: DpopAlg; make: () => KeyObject }[] = [
  {
    name: 'ES256 (P-256, the default)',
    alg: 'ES256',
    make: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  },
  { name: 'ES384 (P-384)', alg: 'ES384', make: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey },
  {
    name: 'PS256 (RSA 2048)',
    alg: 'PS256',
    make: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  },
  { name: 'EdDSA (Ed25519)', alg: 'EdDSA', make: () => generateKeyPairSync('ed25519').privateKey },
];

/** Per-proof milliseconds of each batch of BATCH proofs, after `warmup` unmeasured batches. */
function proofTimes(key: KeyObject, alg: DpopAlg, warmup: number, rounds: number): number[] {
  const dpopKey = createDpopKey(key, alg);
  const opts = { method: 'GET', url: 'https://api.example.com/a/api/accounts?page=2', accessToken: ACCESS_TOKEN };
  const samples: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) createDpopProof(dpopKey, opts);
    const perProof = Number(process.hrtime.bigint() - started) / 1e6 / BATCH;
    if (round >= warmup) samples.push(perProof);
  }
  return samples;
}

function keySetupTimes(key: KeyObject, alg: DpopAlg, rounds: number): number[] {
  const samples: number[] = [];
  for (let round = 0; round < Math.max(rounds, 1) * 10; round++) {
    const started = process.hrtime.bigint();
    createDpopKey(key, alg);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

const micro = (ms: number | undefined) => (ms === undefined ? '-' : `${Math.round(ms * 1000)} µs`);

export async function run(ctx: BenchContext): Promise<void> {
  const rows: BenchRow[] = [];
  let defaultMedian: number | undefined;
  for (const k of KEYS) {
    const key = k.make();
    const samples = proofTimes(key, k.alg, Math.min(ctx.warmup, 3), ctx.rounds);
    const median = percentile(samples, 50);
    if (k.alg === 'ES256') defaultMedian = median;
    rows.push({
      name: `proof ${k.name}`,
      runs: samples.length * BATCH,
      medianMs: median,
      p90Ms: percentile(samples, 90),
      note: `${micro(median)} per proof (with ath)`,
    });
    const setup = keySetupTimes(key, k.alg, ctx.rounds);
    rows.push({
      name: `  createDpopKey ${k.alg}`,
      runs: setup.length,
      medianMs: percentile(setup, 50),
      p90Ms: percentile(setup, 90),
      note: `${micro(percentile(setup, 50))} once per key: public JWK and thumbprint`,
    });
  }
  ctx.report.section('DPoP proof creation, per request (in process)', rows, {
    description: `${ctx.rounds} batches of ${BATCH} proofs per key type; times are per proof`,
    verdict: {
      target: `ES256 proof <= ${PROOF_TARGET_MS} ms`,
      pass: defaultMedian !== undefined && defaultMedian <= PROOF_TARGET_MS,
      detail: micro(defaultMedian),
    },
  });

  await processes(ctx);
}

async function processes(ctx: BenchContext): Promise<void> {
  const dpopKeyPath = join(ctx.tmpDir, 'dpop-p256.pem');
  writeFileSync(
    dpopKeyPath,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600 },
  );
  const node = process.execPath;
  const cli = join(ctx.root, 'dist', 'cli.js');
  const assertion = [
    node,
    cli,
    'client-assertion',
    `--client-id=${ctx.clientId}`,
    `--private-key=${ctx.privateKeyPath}`,
    `--token-url=${ctx.server.tokenUrl}`,
    '--json',
  ];
  const candidates: Candidate[] = [
    { name: 'client-assertion --json', command: assertion, check: isTokenResponse },
    {
      name: 'client-assertion --dpop-key --json',
      command: [...assertion, `--dpop-key=${dpopKeyPath}`],
      check: (stdout) => isTokenResponse(stdout) ?? (/"token_type":\s*"DPoP"/.test(stdout) ? undefined : 'not DPoP'),
    },
    { name: 'node, empty script', command: [node, '-e', ''] },
    {
      name: 'dpop-proof (one per API request)',
      command: [
        node,
        cli,
        'dpop-proof',
        `--dpop-key=${dpopKeyPath}`,
        '--url=https://api.example.com/x',
        `--access-token=${ACCESS_TOKEN}`,
      ],
      check: (stdout) => (/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/.test(stdout) ? undefined : 'no proof on stdout'),
    },
  ];
  const results = await measureInterleaved(candidates, { warmup: ctx.warmup, rounds: ctx.rounds, cwd: ctx.root });
  const [plain, withDpop, bareNode] = results;
  const baseline = (r: CandidateResult) =>
    r === withDpop ? plain : r.name.startsWith('dpop-proof') ? bareNode : undefined;
  const rows = results.map((r) => candidateRow(r, baseline(r)?.medianMs));
  const ratio = plain?.medianMs && withDpop?.medianMs ? withDpop.medianMs / plain.medianMs : undefined;
  ctx.report.section('DPoP: cold start of the CLI (processes)', rows, {
    description: `${ctx.warmup} warmup + ${ctx.rounds} measured rounds, interleaved; ratio against the row above it`,
    verdict: {
      target: `client-assertion with --dpop-key <= ${TOKEN_RATIO_TARGET}x without`,
      pass: ratio !== undefined && ratio <= TOKEN_RATIO_TARGET,
      detail: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)}x`,
    },
  });
}
