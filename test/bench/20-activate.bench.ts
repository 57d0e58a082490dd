/**
 * The extension's start-up cost and footprint: cold `require(dist/extension.js)` + `activate()` in a fresh
 * process each round (activate-child.cjs, with a minimal in-process `vscode` module), whether undici was
 * evaluated during activation, the bundle and .vsix sizes, and the longest event-loop stall while core
 * `generateKeyPair` makes a 4096-bit RSA key (perf_hooks.monitorEventLoopDelay), next to the synchronous
 * node:crypto call for contrast. Targets: activate <= 25 ms (bundle load included), stall < 50 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateKeyPair } from '../../src/core/keyGeneration';
import type { BenchContext } from './context';
import { percentile } from './report';

export const title = 'Extension: activation, size, key generation stall';

const ACTIVATE_TARGET_MS = 25;
const STALL_TARGET_MS = 50;
const VSIX_LIMIT_KIB = 400;
/** Built-ins that only undici's evaluation requires: their presence means the HTTP client loaded at activation. */
const NETWORK_BUILTINS = ['net', 'tls', 'http2', 'dns'];

interface ChildResult {
  loadMs: number;
  activateMs: number;
  totalMs: number;
  builtins: string[];
  subscriptions: number;
}

function activateOnce(bundle: string, cwd: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(cwd, 'test', 'bench', 'activate-child.cjs'), bundle], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        // The thrown error's own line (e.g. "TypeError: … is not a function" when activate() uses an API the shim
        // in activate-child.cjs lacks), not the tail of the stack.
        const lines = err.trim().split('\n');
        const cause = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.slice(-3).join(' ');
        reject(new Error(`activation child exited ${code}: ${cause}`));
      } else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildResult);
    });
  });
}

/** Longest event-loop delay (ms) while `work` runs, sampled every millisecond. */
async function longestStall(work: () => Promise<unknown> | unknown): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // Let the first sample land, so a stall at the very start is measured too.
  await new Promise((r) => setTimeout(r, 20));
  await work();
  await new Promise((r) => setTimeout(r, 20));
  histogram.disable();
  return histogram.max / 1e6;
}

function packageVsix(root: string, outDir: string): { path?: string; error?: string } {
  const out = join(outDir, 'client-creds.vsix');
  // `npm run package` itself (its vsce flags live in package.json only); extra arguments reach vsce.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'package', '--', '--out', out], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0 || !existsSync(out)) {
    return { error: (result.stderr || result.stdout || 'vsce failed').trim().split('\n').slice(-2).join(' ') };
  }
  return { path: out };
}

export async function run(ctx: BenchContext): Promise<void> {
  const bundle = join(ctx.root, 'dist', 'extension.js');
  if (!existsSync(bundle)) throw new Error('dist/extension.js is missing: npm run bench builds it first');

  // Activation, cold, one fresh process per round.
  const totals: number[] = [];
  const loads: number[] = [];
  const activates: number[] = [];
  let networkAtActivation: string[] = [];
  for (let round = 0; round < ctx.warmup + ctx.rounds; round++) {
    const r = await activateOnce(bundle, ctx.root);
    if (round < ctx.warmup) continue;
    totals.push(r.totalMs);
    loads.push(r.loadMs);
    activates.push(r.activateMs);
    networkAtActivation = r.builtins.filter((b) => NETWORK_BUILTINS.includes(b));
  }
  const median = percentile(totals, 50) ?? Number.NaN;
  ctx.report.section(
    'Extension activation (cold require of the bundle + activate())',
    [
      {
        name: 'require(dist/extension.js) + activate()',
        runs: totals.length,
        medianMs: median,
        p90Ms: percentile(totals, 90),
      },
      {
        name: '  of which require (parse + evaluate)',
        runs: loads.length,
        medianMs: percentile(loads, 50),
        p90Ms: percentile(loads, 90),
      },
      {
        name: '  of which activate()',
        runs: activates.length,
        medianMs: percentile(activates, 50),
        p90Ms: percentile(activates, 90),
      },
      {
        name: 'undici evaluated during activation',
        note:
          networkAtActivation.length === 0
            ? 'no (no node:net/tls/http2/dns required)'
            : `yes: ${networkAtActivation.join(', ')}`,
      },
    ],
    {
      verdict: {
        target: `activate <= ${ACTIVATE_TARGET_MS} ms, undici not loaded`,
        pass: median <= ACTIVATE_TARGET_MS && networkAtActivation.length === 0,
        detail: `median ${median.toFixed(1)} ms`,
      },
    },
  );

  // Sizes: the bundle, and the .vsix as `npm run package` would make it.
  const tmp = mkdtempSync(join(ctx.tmpDir, 'vsix-'));
  try {
    const bundleKiB = statSync(bundle).size / 1024;
    const webviewDir = join(ctx.root, 'dist', 'webview');
    const webviewKiB = existsSync(webviewDir)
      ? readdirSync(webviewDir)
          .filter((f) => !f.endsWith('.map'))
          .reduce((sum, f) => sum + statSync(join(webviewDir, f)).size, 0) / 1024
      : 0;
    const vsix = packageVsix(ctx.root, tmp);
    const vsixKiB = vsix.path ? statSync(vsix.path).size / 1024 : Number.NaN;
    ctx.report.section(
      'Extension size',
      [
        { name: 'dist/extension.js (minified)', note: `${bundleKiB.toFixed(1)} KiB` },
        { name: 'dist/webview (without maps)', note: `${webviewKiB.toFixed(1)} KiB` },
        { name: '.vsix', note: vsix.path ? `${vsixKiB.toFixed(1)} KiB` : `not packaged: ${vsix.error}` },
      ],
      {
        verdict: {
          target: `.vsix <= ${VSIX_LIMIT_KIB} KiB`,
          pass: vsixKiB <= VSIX_LIMIT_KIB,
          detail: vsix.path ? `${vsixKiB.toFixed(1)} KiB` : 'packaging failed',
        },
      },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  // Event-loop stall while a 4096-bit RSA key is generated (slow: a few rounds only). Each round is paired
  // with an idle measurement of the same length: the noise floor of a busy shared machine, which delays
  // timers on its own.
  const keyRounds = Math.max(1, Math.min(ctx.rounds, 5));
  const asyncStalls: number[] = [];
  const asyncTimes: number[] = [];
  const idleStalls: number[] = [];
  for (let i = 0; i < keyRounds; i++) {
    const started = performance.now();
    asyncStalls.push(await longestStall(() => generateKeyPair({ alg: 'PS256', bits: 4096 })));
    const took = performance.now() - started;
    asyncTimes.push(took);
    idleStalls.push(await longestStall(() => new Promise((r) => setTimeout(r, took))));
  }
  const syncStall = await longestStall(() => generateKeyPairSync('rsa', { modulusLength: 4096 }));
  const worst = Math.max(...asyncStalls);
  ctx.report.section(
    'Event loop during RSA 4096 key generation',
    [
      {
        name: 'core generateKeyPair (async): longest stall',
        runs: keyRounds,
        medianMs: percentile(asyncStalls, 50),
        p90Ms: percentile(asyncStalls, 90),
        note: `worst ${worst.toFixed(1)} ms; generation took ${percentile(asyncTimes, 50)?.toFixed(0)} ms (median)`,
      },
      {
        name: 'idle for as long, noise floor: longest stall',
        runs: keyRounds,
        medianMs: percentile(idleStalls, 50),
        p90Ms: percentile(idleStalls, 90),
        note: `worst ${Math.max(...idleStalls).toFixed(1)} ms`,
      },
      { name: 'generateKeyPairSync, for contrast: longest stall', runs: 1, medianMs: syncStall },
    ],
    {
      verdict: {
        target: `longest stall < ${STALL_TARGET_MS} ms`,
        pass: worst < STALL_TARGET_MS,
        detail: `worst ${worst.toFixed(1)} ms`,
      },
    },
  );
}
