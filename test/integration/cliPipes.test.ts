// `client-creds ... | head -1`: a reader that stops early closes the pipe before (or while) the CLI writes. Every
// kind of output ends quietly then: no "Unhandled 'error' event", no stack trace, the status the run had.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { before, describe, test } from 'node:test';
import { buildCliIfStale, CLI_BUNDLE } from '../support/cliProcess';

const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJwaXBlIiwiZXhwIjo0MTAyNDQ0ODAwLCJzY29wZSI6Im9wZW5pZCJ9.';

/** Runs the CLI with its stdout (or stderr) closed by the reader before the CLI has written anything. */
function withClosedPipe(
  args: string[],
  closed: 'stdout' | 'stderr',
): Promise<{ status: number | null; other: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child[closed].destroy();
    const open = closed === 'stdout' ? child.stderr : child.stdout;
    let other = '';
    open.setEncoding('utf8').on('data', (chunk: string) => {
      other += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, other }));
  });
}

describe('a closed output pipe', () => {
  before(() => buildCliIfStale());

  const cases: [string, string[], 'stdout' | 'stderr', number][] = [
    ['--help', ['--help'], 'stdout', 0],
    ['--version', ['--version'], 'stdout', 0],
    ['a command help', ['client-assertion', '--help'], 'stdout', 0],
    ['decode', ['decode', TOKEN], 'stdout', 0],
    ['usage help on stderr', [], 'stderr', 2],
  ];
  for (const [name, args, closed, status] of cases) {
    test(`${name}, ${closed} closed: ends quietly with status ${status}`, async () => {
      const run = await withClosedPipe(args, closed);
      assert.equal(run.status, status);
      assert.doesNotMatch(run.other, /EPIPE|Unhandled|at .*\(/);
    });
  }
});
