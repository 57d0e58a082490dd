// One code-server process (the real VS Code workbench and extension host) on a free loopback port, with its own
// throwaway user-data and extensions folders. Every child runs in its own process group so that a failed run still
// takes code-server's extension host and file watchers down with it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEnv, type E2eTools } from './setup';

const liveGroups = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// Last line of defence: whatever way the test process ends, no code-server survives it.
process.once('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    process.exit(130);
  });
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** How one code-server instance is set up. */
export interface CodeServerOptions {
  /** Folder name under the run folder, e.g. "trusted". */
  name: string;
  runDir: string;
  tools: E2eTools;
  /** Workspace trust on (Restricted Mode for unknown folders) or off. */
  trust: boolean;
  /** Packaged extension to install before start; omitted for a bare workbench. */
  vsix?: string;
  /** Further packaged extensions to install next to it (e.g. a test extension that consumes its API). */
  extraVsix?: string[];
  /** Extra user settings (what the person already configured before opening this folder). */
  userSettings?: Record<string, unknown>;
}

/** A running code-server. */
export interface CodeServer {
  name: string;
  port: number;
  baseUrl: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** The workbench URL with `folder` opened. */
  urlFor(folder: string): string;
  stop(): Promise<void>;
}

/** User settings that keep the workbench quiet and predictable; trust is the only thing that varies. */
function userSettings(trust: boolean): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': trust,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'always',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
}

/** Arguments every call shares; --config keeps code-server from writing ~/.config/code-server/config.yaml. */
function baseArgs(home: string, userDataDir: string, extensionsDir: string): string[] {
  return [
    '--config',
    join(home, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
  ];
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within 60 s; see ${logFile}`);
}

/** Starts code-server (installing `vsix` first); refuses to return until /healthz answers. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const home = join(opts.runDir, opts.name);
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  const logFile = join(home, 'code-server.log');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...userSettings(opts.trust), ...opts.userSettings }, null, 2)}\n`,
  );
  writeFileSync(join(home, 'config.yaml'), 'auth: none\ncert: false\n');
  const env = codeServerEnv(opts.tools.nodeDir);

  for (const vsix of [...(opts.vsix ? [opts.vsix] : []), ...(opts.extraVsix ?? [])]) {
    const install = spawnSync(
      opts.tools.codeServerBin,
      [...baseArgs(home, userDataDir, extensionsDir), '--install-extension', vsix, '--force'],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    if (install.status !== 0) {
      throw new Error(`installing ${vsix} into code-server failed:\n${install.stdout}\n${install.stderr}`);
    }
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(logFile);
  const child = spawn(
    opts.tools.codeServerBin,
    [
      ...baseArgs(home, userDataDir, extensionsDir),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-update-check',
      '--disable-getting-started-override',
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start (no pid)');
  liveGroups.add(pid);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (!liveGroups.has(pid)) return;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // the extension host may outlive its parent briefly; the group goes as a whole
    killGroup(pid, 'SIGKILL');
    liveGroups.delete(pid);
    log.end();
  };

  try {
    await waitForHealth(baseUrl, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: opts.name,
    port,
    baseUrl,
    userDataDir,
    extensionsDir,
    logFile,
    urlFor: (folder) => `${baseUrl}/?folder=${encodeURIComponent(folder)}`,
    stop,
  };
}
