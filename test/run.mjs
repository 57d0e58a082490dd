// Runs the test suites named on the command line (unit, integration, e2e) with node's test runner.
// Each suite is the *.test.ts files below test/<suite>; TypeScript is loaded through tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const suites = process.argv.slice(2);
if (suites.length === 0) {
  console.error('usage: node test/run.mjs <suite> [suite ...]   (suites: unit, integration, e2e)');
  process.exit(2);
}
const files = suites.flatMap((suite) => testFiles(join(root, 'test', suite)));
if (files.length === 0) {
  console.error(`no test files found for: ${suites.join(', ')}`);
  process.exit(1);
}
const filter = process.env.TEST_FILTER;
const chosen = filter ? files.filter((f) => f.includes(filter)) : files;
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    // Each e2e file drives its own code-server and browser: one at a time, or they starve each other on two cores.
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? (suites.includes('e2e') ? 1 : 2)}`,
    ...chosen,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
