/** Runs `client-creds` in the test process with captured streams and a fixed clock, for the CLI's unit tests. */
import { runCli } from '../../../src/cli/program';
import type { CliIo } from '../../../src/cli/terminal';

/** What a run printed and its exit status. */
export interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

/** The clock every in-process run sees (epoch milliseconds). */
export const FIXED_NOW = 1_700_000_000_000;

/** Runs the CLI in-process with captured streams; stdin is an empty non-TTY stream unless given. */
export async function runInProcess(
  argv: string[],
  opts: { stdin?: string; env?: Record<string, string>; stdinIsTTY?: boolean } = {},
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const input = opts.stdin ?? '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: {
      isTTY: opts.stdinIsTTY ?? false,
      async *[Symbol.asyncIterator]() {
        if (input) yield input;
      },
    },
    env: opts.env ?? {},
    now: () => FIXED_NOW,
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}
