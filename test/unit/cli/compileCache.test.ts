// The CLI's compile cache: where it lives per platform, its per-command keys, and V8's code cache for Node without
// module.enableCompileCache(): written once, used afterwards, refused when the file changed or the cache is damaged,
// and never an error when the directory cannot be written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  bundleFor,
  cacheKeyFor,
  compileCacheDir,
  loadWithCompileCache,
  V8CodeCache,
} from '../../../src/cli/compileCache';

describe('compileCacheDir', () => {
  const cases: [string, NodeJS.Platform, Record<string, string>, string | undefined, string | undefined][] = [
    ['linux, XDG_CACHE_HOME', 'linux', { XDG_CACHE_HOME: '/x/cache' }, '/home/u', '/x/cache/client-creds'],
    [
      'linux, relative XDG_CACHE_HOME is ignored',
      'linux',
      { XDG_CACHE_HOME: 'cache' },
      '/home/u',
      '/home/u/.cache/client-creds',
    ],
    ['linux, no XDG_CACHE_HOME', 'linux', {}, '/home/u', '/home/u/.cache/client-creds'],
    ['linux, no home', 'linux', {}, undefined, undefined],
    ['linux, relative home', 'linux', {}, 'u', undefined],
    ['freebsd follows XDG', 'freebsd', {}, '/home/u', '/home/u/.cache/client-creds'],
    ['macOS', 'darwin', { XDG_CACHE_HOME: '/x/cache' }, '/Users/u', '/Users/u/Library/Caches/client-creds'],
    ['macOS, no home', 'darwin', {}, undefined, undefined],
    [
      'Windows, LOCALAPPDATA',
      'win32',
      { LOCALAPPDATA: '/c/Users/u/AppData/Local' },
      '/c/Users/u',
      '/c/Users/u/AppData/Local/client-creds',
    ],
    ['Windows, no LOCALAPPDATA', 'win32', {}, '/c/Users/u', undefined],
  ];
  for (const [name, platform, env, home, expected] of cases) {
    test(name, () => assert.equal(compileCacheDir(env, platform, home), expected));
  }
});

describe('bundleFor: the launcher runs the bundle of the command named, else the dispatcher alone', () => {
  const commands = ['client-assertion', 'decode', 'verify'];
  const cases: [string[], string][] = [
    [['client-assertion', '--client-id=x'], 'client-assertion.js'],
    [['--debug', 'Client-Assertion'], 'client-assertion.js'],
    [['decode', '-'], 'decode.js'],
    [['verify', '--help'], 'verify.js'],
    [['--version'], 'main.js'],
    [[], 'main.js'],
    [['-h'], 'main.js'],
    [['help', 'keygen'], 'main.js'],
    [['--debug'], 'main.js'],
    [['--debug', '--debug', 'Decode'], 'decode.js'],
    [['--quiet', 'decode'], 'main.js'],
    [['keygen'], 'main.js'],
    [['../../etc/passwd'], 'main.js'],
    [['main'], 'main.js'],
  ];
  for (const [argv, bundle] of cases)
    test(`${JSON.stringify(argv)} -> ${bundle}`, () => assert.equal(bundleFor(argv, commands), bundle));
});

describe('cacheKeyFor', () => {
  const cases: [string[], string, string][] = [
    [['client-assertion', '--client-id=x'], 'client-assertion.js', 'client-assertion'],
    [['--version'], 'main.js', 'main'],
    [[], 'main.js', 'main'],
    [['verify', '--help'], 'verify.js', 'verify-help'],
    [['-h'], 'main.js', 'main-help'],
    [['help', 'keygen'], 'main.js', 'main-help'],
  ];
  for (const [argv, bundle, key] of cases)
    test(`${JSON.stringify(argv)} in ${bundle} -> ${key}`, () => assert.equal(cacheKeyFor(argv, bundle), key));
});

describe('V8CodeCache, across processes as the CLI uses it', () => {
  let dir = '';
  let file = '';
  let cacheDir = '';
  let step = '';
  // A module that says it ran, with functions for V8 to cache.
  const moduleText = (n: number) =>
    `const f = (x) => x * ${n};\nprocess.stdout.write(JSON.stringify({ ran: f(2) }) + '\\n');\n`;

  /** One process: open the cache, run the module, save; what each step said. */
  function runStep(key: string, target = cacheDir): { ran: number; accepted: boolean; saved: boolean } {
    const r = spawnSync(process.execPath, ['--import', 'tsx', step, file, target, key], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [ran, result] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    return { ...ran, ...result };
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-compile-cache-'));
    file = join(dir, 'main.js');
    cacheDir = join(dir, 'cache', 'v8');
    step = join(dir, 'step.ts');
    const source = join(import.meta.dirname, '../../../src/cli/compileCache.ts');
    writeFileSync(
      step,
      `import { V8CodeCache } from ${JSON.stringify(source)};
const [file, dir, key] = process.argv.slice(2);
const cache = V8CodeCache.open(file, dir, key);
if (!cache) throw new Error('no cache');
const accepted = cache.wasAccepted;
cache.run();
process.stdout.write(JSON.stringify({ accepted, saved: cache.save() }) + '\\n');
`,
    );
    writeFileSync(file, moduleText(3));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the first run has no cache and writes one, mode 0600; the next run uses it and writes nothing', () => {
    assert.deepEqual(runStep('decode'), { ran: 6, accepted: false, saved: true });
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /^decode-\d+-\d+-\d+-\d+\.cache$/);
    if (process.platform !== 'win32') assert.equal(statSync(join(cacheDir, files[0] ?? '')).mode & 0o777, 0o600);
    assert.deepEqual(runStep('decode'), { ran: 6, accepted: true, saved: false });
  });

  test('a changed file of the same length gets a cache of its own, and the old one is removed', () => {
    const old = readdirSync(cacheDir);
    writeFileSync(file, moduleText(4));
    assert.deepEqual(runStep('decode'), { ran: 8, accepted: false, saved: true });
    const now = readdirSync(cacheDir);
    assert.equal(now.length, 1);
    assert.notDeepEqual(now, old);
    assert.deepEqual(runStep('decode'), { ran: 8, accepted: true, saved: false });
  });

  test('each command keeps its own cache', () => {
    assert.deepEqual(runStep('verify'), { ran: 8, accepted: false, saved: true });
    assert.equal(readdirSync(cacheDir).length, 2);
  });

  test('a damaged cache file is refused, the module still runs, and the cache is written anew', () => {
    const name = readdirSync(cacheDir).find((f) => f.startsWith('verify-')) ?? '';
    writeFileSync(join(cacheDir, name), Buffer.from('not a V8 code cache'));
    assert.deepEqual(runStep('verify'), { ran: 8, accepted: false, saved: true });
    assert.deepEqual(runStep('verify'), { ran: 8, accepted: true, saved: false });
  });

  test('a directory that cannot be created is no error: the module runs, nothing is written', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    assert.deepEqual(runStep('decode', join(blocker, 'v8')), { ran: 8, accepted: false, saved: false });
  });

  test('a file that cannot be read gives no cache', () => {
    assert.equal(V8CodeCache.open(join(dir, 'missing.js'), cacheDir, 'decode'), undefined);
  });
});

describe('loadWithCompileCache', () => {
  let dir = '';
  let count = 0;
  let file = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-load-cache-'));
  });
  // A fresh module file for every test: `require` runs a file once per process.
  beforeEach(() => {
    file = join(dir, `main-${++count}.js`);
    writeFileSync(file, 'globalThis.ccLoads = (globalThis.ccLoads ?? 0) + 1;\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const loads = () => (globalThis as { ccLoads?: number }).ccLoads ?? 0;

  test("Node's own compile cache when the running Node has one, in <dir>/node", () => {
    const calls: (string | undefined)[] = [];
    const nodeModule = {
      enableCompileCache: (d?: string) => {
        calls.push(d);
        return { status: 1 };
      },
    };
    const before = loads();
    const mode = loadWithCompileCache(file, { dir: join(dir, 'cache'), key: 'main', env: {}, nodeModule });
    assert.equal(mode, 'node');
    assert.deepEqual(calls, [join(dir, 'cache', 'node')]);
    assert.equal(loads(), before + 1);
  });

  test('a compile cache that throws while turning on still loads the CLI', () => {
    const nodeModule = {
      enableCompileCache: () => {
        throw new Error('EACCES');
      },
    };
    const before = loads();
    assert.equal(loadWithCompileCache(file, { dir: '/nowhere', key: 'main', env: {}, nodeModule }), 'node');
    assert.equal(loads(), before + 1);
  });

  const off: [string, string | undefined, Record<string, string>][] = [
    ['no cache directory', undefined, {}],
    ['NODE_DISABLE_COMPILE_CACHE', '/tmp/unused', { NODE_DISABLE_COMPILE_CACHE: '1' }],
  ];
  for (const [name, cacheDir, env] of off) {
    test(`${name}: a plain load, no cache`, () => {
      let called = false;
      const nodeModule = {
        enableCompileCache: () => {
          called = true;
          return { status: 1 };
        },
      };
      const before = loads();
      assert.equal(loadWithCompileCache(file, { dir: cacheDir, key: 'main', env, nodeModule }), 'off');
      assert.equal(called, false);
      assert.equal(loads(), before + 1);
    });
  }

  test('Node 22.1-22.7 with NODE_COMPILE_CACHE set: that cache, not a second one', () => {
    const before = loads();
    const mode = loadWithCompileCache(file, {
      dir: join(dir, 'cache'),
      key: 'main',
      env: { NODE_COMPILE_CACHE: join(dir, 'nc') },
      nodeModule: {},
    });
    assert.equal(mode, 'node');
    assert.equal(loads(), before + 1);
  });
});
