/**
 * Compiled code kept between runs of `client-creds`, so a cold start does not parse and compile the CLI again.
 *
 * On Node with `module.enableCompileCache()` (22.8 and later) that is Node's own module compile cache. Older Node
 * (20.x, 21.x, 22.0-22.7) has no such cache, so the launcher runs the CLI bundle through `vm.Script` with V8's code
 * cache: created at exit, after the run, it holds every function the command compiled (the libraries that do this,
 * such as v8-compile-cache, create it right after the compile and so keep only the top level). One cache file per
 * command and per bundle file, under a per-user cache directory, never beside the installed files.
 *
 * A cache is an optimisation only: a directory that cannot be created or written, a damaged or foreign cache file,
 * another Node version, all end in a normal, uncached start. Set NODE_DISABLE_COMPILE_CACHE=1 to turn it off;
 * NODE_DEBUG=client-creds prints what the cache did.
 */

import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { debuglog } from 'node:util';
import { cachedDataVersionTag, setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { commandWord } from './commandWord';

const debug = debuglog('client-creds');

/** The environment variables the cache reads. */
export type CacheEnv = Readonly<Record<string, string | undefined>>;

/**
 * The per-user cache directory of Client Creds: `$XDG_CACHE_HOME/client-creds` (when absolute) or
 * `~/.cache/client-creds` on Linux and other Unix systems, `~/Library/Caches/client-creds` on macOS,
 * `%LOCALAPPDATA%\client-creds` on Windows; undefined when there is no home (or LOCALAPPDATA) to put it in.
 */
export function compileCacheDir(
  env: CacheEnv,
  platform: NodeJS.Platform,
  home: string | undefined,
): string | undefined {
  const absolute = (p: string | undefined) => (p && isAbsolute(p) ? p : undefined);
  let base: string | undefined;
  if (platform === 'win32') base = absolute(env.LOCALAPPDATA);
  else if (platform === 'darwin') base = absolute(home) && join(home as string, 'Library', 'Caches');
  else base = absolute(env.XDG_CACHE_HOME) ?? (absolute(home) && join(home as string, '.cache'));
  return base ? join(base, 'client-creds') : undefined;
}

/**
 * The cache key of a command line run by `bundle` (see {@link bundleFor}): the bundle's name (`client-assertion`,
 * `main`), with `-help` when the line asks for help, which runs other code than the command. Each key keeps its own
 * cache, holding the code that run compiled.
 */
export function cacheKeyFor(argv: readonly string[], bundle: string): string {
  const name = bundle.replace(/\.js$/, '');
  return argv.some((a) => a === '--help' || a === '-h' || a === 'help') ? `${name}-help` : name;
}

/** What {@link loadWithCompileCache} did, for tests and NODE_DEBUG. */
export type CacheMode = 'node' | 'v8' | 'off';

interface NodeCompileCache {
  enableCompileCache?: (dir?: string) => { status: number; message?: string };
}

/**
 * Runs the CommonJS file `file` (the CLI bundle) with a compile cache in `dir` (see {@link compileCacheDir}): Node's
 * own when it has one, else a {@link V8CodeCache} saved at exit when the run succeeded. Without `dir`, or with
 * NODE_DISABLE_COMPILE_CACHE set, it is a plain `require`. Errors of the file itself propagate; cache problems never do.
 */
export function loadWithCompileCache(
  file: string,
  opts: { dir: string | undefined; key: string; env: CacheEnv; nodeModule?: NodeCompileCache },
): CacheMode {
  const { dir, env } = opts;
  const nodeModule = opts.nodeModule ?? (Module as unknown as NodeCompileCache);
  const load = createRequire(file);
  if (!dir || env.NODE_DISABLE_COMPILE_CACHE) {
    load(file);
    return 'off';
  }
  if (typeof nodeModule.enableCompileCache === 'function') {
    try {
      const result = nodeModule.enableCompileCache(join(dir, 'node'));
      debug('node compile cache: status %d %s', result.status, result.message ?? '');
    } catch (e) {
      debug('node compile cache: %s', e instanceof Error ? e.message : String(e));
    }
    load(file);
    return 'node';
  }
  // Node 22.1-22.7 honour NODE_COMPILE_CACHE without the API: that cache is already on.
  if (env.NODE_COMPILE_CACHE) {
    load(file);
    return 'node';
  }
  const cache = V8CodeCache.open(file, join(dir, 'v8'), opts.key);
  if (!cache) {
    load(file);
    return 'off';
  }
  process.once('exit', (code) => {
    if (code === 0) cache.save();
  });
  cache.run();
  return 'v8';
}

/**
 * The V8 flag that the CLI changes while it runs (core/http.ts `preferFastExit()` sets --wasm-tiering-budget) and its
 * default in the V8 of the Node releases that use {@link V8CodeCache}: 1800000 in Node 20 (V8 11.3), 13000000 in
 * Node 22 (V8 12.4). V8 refuses code cached under other flags, so before saving the flag goes back to the default
 * that gives V8's start-up tag again (`v8.cachedDataVersionTag()`); when none does, nothing is saved.
 */
const RESTORABLE_FLAGS: readonly string[] = ['--wasm-tiering-budget=1800000', '--wasm-tiering-budget=13000000'];

const WRAPPER_START = Buffer.from('(function (exports, require, module, __filename, __dirname) {');
const WRAPPER_END = Buffer.from('\n})');

/**
 * The file's text inside the CommonJS function wrapper, built as one flat string: joining a string of the file to the
 * wrapper would make V8 copy the whole source a second time before it compiles. The bundle is ASCII (esbuild.mjs
 * keeps it so), read as Latin-1 into a one-byte string; any other file is read as UTF-8.
 */
function wrappedSource(bytes: Buffer): string {
  const whole = Buffer.concat([WRAPPER_START, bytes, WRAPPER_END]);
  return isAscii(bytes) ? whole.toString('latin1') : whole.toString('utf8');
}

/**
 * V8's code cache for one CommonJS file, kept in `<dir>/<key>-<file stamp>-<V8 tag>.cache`. V8 itself checks only
 * the length of the source, so the name holds the file's size, inode and change time (ctime, in nanoseconds: any
 * write, copy or install of the file changes it, and no tool sets it back), as git's index does to notice a changed
 * file without reading it; with V8's version-and-flags tag, a cache that does not fit is unreachable rather than wrong.
 */
export class V8CodeCache {
  private readonly startTag = cachedDataVersionTag();
  private accepted = false;

  private constructor(
    private readonly file: string,
    private readonly dir: string,
    private readonly key: string,
    private readonly cacheFile: string,
    private readonly script: Script,
  ) {}

  /** Reads `file` and its cache (if any) and compiles it; undefined when `file` cannot be read. */
  static open(file: string, dir: string, key: string): V8CodeCache | undefined {
    let wrapper: string;
    let stamp: string;
    try {
      const stat = statSync(file, { bigint: true });
      stamp = `${stat.size}-${stat.ino}-${stat.ctimeNs}`;
      wrapper = wrappedSource(readFileSync(file));
    } catch {
      return undefined;
    }
    const cacheFile = join(dir, `${key}-${stamp}-${cachedDataVersionTag()}.cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
    const cache = new V8CodeCache(file, dir, key, cacheFile, script);
    cache.accepted = cachedData !== undefined && script.cachedDataRejected !== true;
    debug('v8 code cache %s: %s', cacheFile, cachedData ? (cache.accepted ? 'accepted' : 'rejected') : 'none');
    return cache;
  }

  /** True when the cache file was there and V8 used it. */
  get wasAccepted(): boolean {
    return this.accepted;
  }

  /** Runs the file as a CommonJS module (its `require` resolves from the file's own directory). */
  run(): void {
    const mod = new Module(this.file);
    mod.filename = this.file;
    const fn = this.script.runInThisContext() as (...args: unknown[]) => void;
    fn.call(mod.exports, mod.exports, createRequire(this.file), mod, this.file, dirname(this.file));
    mod.loaded = true;
  }

  /**
   * Writes the cache when there was none or V8 refused it: created now, it holds every function compiled so far.
   * Writes atomically (a temporary file, then a rename) with mode 0600, removes this key's caches of other contents,
   * and gives up silently on any file-system error or when V8's flags cannot be put back as they were at start.
   */
  save(): boolean {
    if (this.accepted || !this.flagsAsAtStart()) return false;
    const temporary = `${this.cacheFile}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeFileSync(temporary, this.script.createCachedData(), { mode: 0o600 });
      renameSync(temporary, this.cacheFile);
      for (const name of readdirSync(this.dir)) {
        if (name.startsWith(`${this.key}-`) && name.endsWith('.cache') && join(this.dir, name) !== this.cacheFile) {
          rmSync(join(this.dir, name), { force: true });
        }
      }
      debug('v8 code cache %s: written', this.cacheFile);
      return true;
    } catch (e) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // The directory is not there: neither is the temporary file.
      }
      debug('v8 code cache %s: not written (%s)', this.cacheFile, e instanceof Error ? e.message : String(e));
      return false;
    }
  }

  private flagsAsAtStart(): boolean {
    for (const flag of RESTORABLE_FLAGS) {
      if (cachedDataVersionTag() === this.startTag) return true;
      setFlagsFromString(flag);
    }
    return cachedDataVersionTag() === this.startTag;
  }
}

/**
 * Runs the CLI with the compile cache of this user: the bundle of the command `argv` names (`<dir>/cli/<command>.js`,
 * one per name in `commands`, holding that command alone), else the dispatcher without commands (`<dir>/cli/main.js`:
 * help, version and usage errors).
 */
export function launch(
  launcherDir: string,
  argv: readonly string[],
  env: CacheEnv,
  commands: readonly string[],
): CacheMode {
  let home: string | undefined;
  try {
    home = homedir();
  } catch {
    home = undefined;
  }
  const bundle = bundleFor(argv, commands);
  return loadWithCompileCache(join(launcherDir, 'cli', bundle), {
    dir: compileCacheDir(env, process.platform, home),
    key: cacheKeyFor(argv, bundle),
    env,
  });
}

/** The file name of the CLI bundle that runs `argv`: `<command>.js` for a name in `commands`, else `main.js`. */
export function bundleFor(argv: readonly string[], commands: readonly string[]): string {
  const word = commandWord(argv);
  return word !== undefined && commands.includes(word) ? `${word}.js` : 'main.js';
}
