/**
 * The built `client-creds` (dist/cli.js) as a child process, for integration tests whose servers live in the test
 * process: runs are asynchronous (a synchronous spawn would block the servers it talks to), with a clean
 * environment (no proxy, no colour, no passphrase unless given) and stdin from a string.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root and the bundle the tests run. */
export const REPO_ROOT = new URL('../..', import.meta.url).pathname;
export const CLI_BUNDLE = join(REPO_ROOT, 'dist', 'cli.js');

/** What one run did. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const full = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }, 0);
}

/** Builds the bundles when dist/cli.js is missing or older than src/cli and src/core (`npm test` builds first). */
export function buildCliIfStale(): void {
  const sources = Math.max(newest(join(REPO_ROOT, 'src', 'cli')), newest(join(REPO_ROOT, 'src', 'core')));
  if (existsSync(CLI_BUNDLE) && statSync(CLI_BUNDLE).mtimeMs >= sources) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`esbuild failed: ${build.stderr}`);
}

/** What the machine's environment may hold that would change a run: a passphrase, and proxies in every spelling. */
const DROPPED_ENV = [
  'CLIENT_CREDS_PASSPHRASE',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
];

/** Runs `client-creds ARGS` in `cwd` with `input` on stdin and `env` added to a clean environment. */
export function runCliProcess(
  args: readonly string[],
  opts: { cwd: string; input?: string; env?: Record<string, string> },
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
  for (const name of DROPPED_ENV) if (!opts.env?.[name]) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: opts.cwd, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(opts.input ?? '');
  });
}
