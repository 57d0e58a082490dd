/**
 * `npm run bench` (builds the production bundle first). A benchmark, not a test: it prints numbers
 * and PASS/MISS against each section's target, and exits 0 either way (non-zero only when the
 * bench itself cannot run).
 *
 * Structure: this file starts one loopback authorization server (fresh jti replay cache), writes
 * one RSA key pair to a temporary directory and registers it as one client, then imports every
 * section file test/bench/*.bench.ts in file-name order (10-token.bench.ts, 20-..., so a new
 * section picks its place by its number) and calls its `run(ctx)` with a {@link BenchContext}.
 * A section measures what it wants (measure.ts has interleaved cold-start process timing) and adds
 * rows through `ctx.report.section(title, rows, { verdict })`. At the end the report is written to
 * .bench/results.json (gitignored) and everything is closed.
 *
 * Environment: BENCH_ROUNDS (default 30), BENCH_WARMUP (default 5), BENCH_FILTER (substring of
 * section file names to run).
 */
import { generateKeyPair } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';
import type { BenchContext, BenchSectionModule } from './context';
import { BenchReport } from './report';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..', '..');

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

async function writeKeyPair(
  dir: string,
): Promise<{ privateKeyPath: string; publicKeyPath: string; publicPem: string }> {
  const { privateKey, publicKey } = await new Promise<{ privateKey: string; publicKey: string }>((resolve, reject) =>
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      },
      (err, publicKey, privateKey) => (err ? reject(err) : resolve({ privateKey, publicKey })),
    ),
  );
  const privateKeyPath = join(dir, 'private.pem');
  const publicKeyPath = join(dir, 'public.pem');
  writeFileSync(privateKeyPath, privateKey, { mode: 0o600 });
  writeFileSync(publicKeyPath, publicKey);
  return { privateKeyPath, publicKeyPath, publicPem: publicKey };
}

async function loadSections(filter: string | undefined): Promise<{ file: string; module: BenchSectionModule }[]> {
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
    .sort();
  const sections = [];
  for (const file of files) {
    const loaded = (await import(pathToFileURL(join(benchDir, file)).href)) as Partial<BenchSectionModule> & {
      default?: Partial<BenchSectionModule>;
    };
    const module = typeof loaded.run === 'function' ? loaded : loaded.default;
    if (typeof module?.run !== 'function' || typeof module.title !== 'string') {
      throw new Error(`${file} must export title and run(ctx)`);
    }
    sections.push({ file, module: module as BenchSectionModule });
  }
  return sections;
}

async function main(): Promise<void> {
  const sections = await loadSections(process.env.BENCH_FILTER);
  const tmpDir = mkdtempSync(join(tmpdir(), 'client-creds-bench-'));
  const server = await startAuthServer();
  try {
    const keys = await writeKeyPair(tmpDir);
    const clientId = 'bench-client';
    await server.registerClient({
      clientId,
      jwks: jwksFromPublicKeyPem(keys.publicPem),
      clientName: 'Bench Application',
    });
    const report = new BenchReport();
    const ctx: BenchContext = {
      root,
      server,
      clientId,
      privateKeyPath: keys.privateKeyPath,
      publicKeyPath: keys.publicKeyPath,
      tmpDir,
      report,
      warmup: positiveInt('BENCH_WARMUP', 5),
      rounds: positiveInt('BENCH_ROUNDS', 30),
    };
    // Other work on the machine inflates every number; the ratios hold up better than the times.
    const load = loadavg().map((l) => l.toFixed(2));
    console.log(`client-creds bench: ${sections.length} section(s), server ${server.issuer}`);
    console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${load.join(' ')}`);
    for (const { file, module } of sections) {
      console.log(`\n-- ${file}: ${module.title}`);
      await module.run(ctx);
    }
    const out = join(root, '.bench', 'results.json');
    report.save(out);
    console.log(`\nresults written to ${out}`);
  } finally {
    await server.close();
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
