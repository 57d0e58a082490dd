/**
 * The benchmark report: sections of rows, printed as compact tables and saved as JSON
 * (.bench/results.json, gitignored). Any section file adds to it through {@link BenchReport.section}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';

/** One measured thing in a section. Times in ms, memory in KiB; absent values print as "-". */
export interface BenchRow {
  name: string;
  runs?: number;
  failures?: number;
  medianMs?: number;
  p90Ms?: number;
  /** median / the section's baseline median */
  ratio?: number;
  peakRssKb?: number;
  note?: string;
}

/** A target a section checks; the bench prints PASS or MISS and still exits 0. */
export interface BenchVerdict {
  target: string;
  pass: boolean;
  detail: string;
}

/** A titled group of rows, optionally with a verdict. */
export interface BenchSection {
  title: string;
  description?: string;
  rows: BenchRow[];
  verdict?: BenchVerdict;
}

/** Collects sections in the order they report. */
export class BenchReport {
  readonly sections: BenchSection[] = [];

  /** Adds a section and prints its table right away, so a long run shows progress. */
  section(title: string, rows: BenchRow[], extra: { description?: string; verdict?: BenchVerdict } = {}): void {
    const section: BenchSection = { title, rows, ...extra };
    this.sections.push(section);
    console.log(formatSection(section));
  }

  /** Writes the whole report as JSON, with the machine facts that make numbers comparable. */
  save(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    const machine = { node: process.version, platform: process.platform, cpus: cpus().length, loadavg: loadavg() };
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), machine, sections: this.sections }, null, 2)}\n`,
    );
  }
}

const ms = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(1)} ms`);

/** Renders one section as a fixed-width table. */
export function formatSection(section: BenchSection): string {
  const header = ['', 'runs', 'median', 'p90', 'ratio', 'peak RSS', ''];
  const cells = section.rows.map((r) => [
    r.name,
    r.runs === undefined ? '-' : `${r.runs}${r.failures ? ` (${r.failures} failed)` : ''}`,
    ms(r.medianMs),
    ms(r.p90Ms),
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
    r.peakRssKb === undefined ? '-' : `${(r.peakRssKb / 1024).toFixed(1)} MiB`,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 0 || i === c.length - 1 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [`\n== ${section.title}`];
  if (section.description) out.push(`   ${section.description}`);
  out.push(line(header), ...cells.map(line));
  if (section.verdict) {
    const v = section.verdict;
    out.push(`${v.pass ? 'PASS' : 'MISS'}  ${v.target}: ${v.detail}`);
  }
  return out.join('\n');
}

/** Nearest-rank percentile of samples (p in 0..100); undefined for no samples. */
export function percentile(samples: number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
