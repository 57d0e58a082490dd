/**
 * What every benchmark section receives from test/bench/run.ts: one fresh loopback authorization
 * server (empty jti replay cache) with one registered client, that client's PS256 key pair on disk,
 * the repository root, the report to add rows to, and the run sizes.
 */
import type { AuthServer } from '../support/authServer';
import type { BenchReport } from './report';

/** Shared state for one `npm run bench`. */
export interface BenchContext {
  root: string;
  server: AuthServer;
  clientId: string;
  /** PKCS#8 PEM of an RSA 2048 key registered for `clientId`. */
  privateKeyPath: string;
  publicKeyPath: string;
  /** A scratch directory removed after the run. */
  tmpDir: string;
  report: BenchReport;
  warmup: number;
  rounds: number;
}

/** A section module: test/bench/NN-name.bench.ts exporting `title` and `run`. */
export interface BenchSectionModule {
  title: string;
  run(ctx: BenchContext): Promise<void>;
}
