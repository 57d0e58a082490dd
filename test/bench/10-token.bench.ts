/**
 * Cold-start time to token: `client-creds client-assertion ... --json` (the production build, dist/cli.js)
 * against the loopback server, side by side with the floor (floor.mjs: node:crypto and node:http only) and
 * the same job written with openid-client. Target: at most 1.2x the floor. Each run is a new process; the
 * CLI's compile cache (src/cli/compileCache.ts) is filled by the warmup rounds, as by a user's first run,
 * and one more row shows the CLI with the cache off (NODE_DISABLE_COMPILE_CACHE), for information.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context';
import { type Candidate, candidateRow, isTokenResponse, measureInterleaved } from './measure';
import type { BenchRow } from './report';

export const title = 'Cold start, time to token (loopback oidc-provider)';

const TARGET_RATIO = 1.2;

export async function run(ctx: BenchContext): Promise<void> {
  const node = process.execPath;
  const { clientId, privateKeyPath, server } = ctx;
  const cli = join(ctx.root, 'dist', 'cli.js');
  const candidates: Candidate[] = [
    {
      name: 'floor: node:crypto + node:http',
      command: [node, join(ctx.root, 'test/bench/floor.mjs'), clientId, privateKeyPath, server.tokenUrl],
      check: isTokenResponse,
    },
    {
      name: 'client-creds client-assertion --json',
      command: [
        node,
        cli,
        'client-assertion',
        `--client-id=${clientId}`,
        `--private-key=${privateKeyPath}`,
        `--token-url=${server.tokenUrl}`,
        '--json',
      ],
      check: isTokenResponse,
    },
    {
      name: 'client-creds, compile cache off',
      command: [
        node,
        cli,
        'client-assertion',
        `--client-id=${clientId}`,
        `--private-key=${privateKeyPath}`,
        `--token-url=${server.tokenUrl}`,
        '--json',
      ],
      env: { NODE_DISABLE_COMPILE_CACHE: '1' },
      check: isTokenResponse,
    },
    {
      name: 'openid-client (PrivateKeyJwt)',
      command: [
        node,
        join(ctx.root, 'test/bench/openid-client.mjs'),
        clientId,
        privateKeyPath,
        server.tokenUrl,
        server.issuer,
      ],
      check: isTokenResponse,
    },
  ];
  const cliBuilt = existsSync(cli);
  const measured = cliBuilt ? candidates : candidates.filter((c) => !c.command.includes(cli));
  const results = await measureInterleaved(measured, { warmup: ctx.warmup, rounds: ctx.rounds, cwd: ctx.root });

  const floor = results[0]?.medianMs;
  const rows: BenchRow[] = results.map((r) => candidateRow(r, floor));
  if (!cliBuilt) rows.splice(1, 0, { name: 'client-creds client-assertion --json', note: 'dist/cli.js not built' });
  const ours = results.find((r) => r.name.startsWith('client-creds client-assertion'));
  const ratio = ours?.medianMs !== undefined && floor ? ours.medianMs / floor : undefined;
  ctx.report.section(title, rows, {
    description: `${ctx.warmup} warmup + ${ctx.rounds} measured rounds, interleaved; peak RSS is the median run's maximum`,
    verdict: {
      target: `client-creds median <= ${TARGET_RATIO}x floor`,
      pass: ratio !== undefined && ratio <= TARGET_RATIO,
      detail: ratio === undefined ? 'not measured' : `${ratio.toFixed(2)}x`,
    },
  });
}
