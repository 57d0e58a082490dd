/**
 * Cold-start measurement of whole processes: each candidate is a command line run from scratch,
 * timed from spawn to exit, with its peak RSS from /usr/bin/time when that exists (GNU time; on
 * Debian `apt-get install time`). Candidates run interleaved, the order rotating every round, so
 * a load spike on a shared machine lands on all of them rather than on one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type BenchRow, percentile } from './report';

/** A command to measure and how to tell that a run did its job. */
export interface Candidate {
  name: string;
  command: string[];
  /** Environment variables added to the bench's own for this candidate. */
  env?: Record<string, string>;
  /** Returns a reason when a finished run's output shows it failed (exit code 0 is already required). */
  check?(stdout: string): string | undefined;
}

/** What one candidate did over all measured rounds. */
export interface CandidateResult {
  name: string;
  samplesMs: number[];
  failures: number;
  firstFailure?: string;
  /** the median over runs of each run's peak RSS */
  peakRssKb?: number;
  medianMs?: number;
  p90Ms?: number;
}

const GNU_TIME = '/usr/bin/time';
const RSS_MARK = 'BENCH_MAX_RSS_KB=';

interface RunOutcome {
  ms: number;
  ok: boolean;
  reason?: string;
  rssKb?: number;
}

/** Runs a command once, returning wall time, success and peak RSS (when measurable). */
export function runOnce(candidate: Candidate, cwd: string): Promise<RunOutcome> {
  const withTime = existsSync(GNU_TIME);
  const [file, ...args] = withTime ? [GNU_TIME, '-f', `${RSS_MARK}%M`, ...candidate.command] : candidate.command;
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const env = candidate.env ? { ...process.env, ...candidate.env } : process.env;
    const child = spawn(file ?? '', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', (e) => resolve({ ms: 0, ok: false, reason: e.message }));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const mark = stderr.lastIndexOf(RSS_MARK);
      const rssKb = mark >= 0 ? Number.parseInt(stderr.slice(mark + RSS_MARK.length), 10) : undefined;
      const ownStderr = (mark >= 0 ? stderr.slice(0, mark) : stderr).trim();
      if (code !== 0) {
        resolve({ ms, ok: false, rssKb, reason: `exit ${code}: ${ownStderr.split('\n').pop()?.slice(0, 200) ?? ''}` });
        return;
      }
      const reason = candidate.check?.(stdout);
      resolve({ ms, ok: reason === undefined, reason, rssKb });
    });
  });
}

/**
 * Runs `warmup` unmeasured rounds, then `rounds` measured ones, every candidate once per round in
 * rotating order. A candidate that fails all its warmup runs is dropped (reported with its reason).
 */
export async function measureInterleaved(
  candidates: Candidate[],
  opts: { warmup: number; rounds: number; cwd: string },
): Promise<CandidateResult[]> {
  const results = candidates.map<CandidateResult>((c) => ({ name: c.name, samplesMs: [], failures: 0 }));
  const rss: number[][] = candidates.map(() => []);
  const warmupOk = candidates.map(() => false);
  for (let round = 0; round < opts.warmup + opts.rounds; round++) {
    const measured = round >= opts.warmup;
    for (let k = 0; k < candidates.length; k++) {
      const i = (round + k) % candidates.length;
      const candidate = candidates[i];
      const result = results[i];
      if (!candidate || !result) continue;
      if (measured && !warmupOk[i]) continue;
      const outcome = await runOnce(candidate, opts.cwd);
      if (!measured) {
        if (outcome.ok) warmupOk[i] = true;
        else result.firstFailure ??= outcome.reason;
        continue;
      }
      if (outcome.ok) result.samplesMs.push(outcome.ms);
      else {
        result.failures++;
        result.firstFailure ??= outcome.reason;
      }
      if (outcome.rssKb !== undefined) rss[i]?.push(outcome.rssKb);
    }
  }
  return results.map((r, i) => ({
    ...r,
    medianMs: percentile(r.samplesMs, 50),
    p90Ms: percentile(r.samplesMs, 90),
    peakRssKb: percentile(rss[i] ?? [], 50),
  }));
}

/** True when stdout is a token response: a JSON object with a string access_token. */
export function isTokenResponse(stdout: string): string | undefined {
  try {
    const parsed = JSON.parse(stdout.trim()) as { access_token?: unknown };
    return typeof parsed.access_token === 'string' ? undefined : 'no access_token in stdout';
  } catch {
    return 'stdout is not JSON';
  }
}

/** A report row for a candidate; `ratio` is its median over `baselineMs` when given. */
export function candidateRow(r: CandidateResult, baselineMs: number | undefined): BenchRow {
  return {
    name: r.name,
    runs: r.samplesMs.length,
    failures: r.failures,
    medianMs: r.medianMs,
    p90Ms: r.p90Ms,
    ratio: r.medianMs !== undefined && baselineMs ? r.medianMs / baselineMs : undefined,
    peakRssKb: r.peakRssKb,
    note: r.firstFailure ? `failed: ${r.firstFailure}` : undefined,
  };
}
