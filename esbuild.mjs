// One build script, one entry per target:
//   cli        src/cli/bin.ts              -> dist/cli.js        (node, cjs, executable: the compile cache, then a bundle)
//              src/cli/main.ts             -> dist/cli/<command>.js (node, cjs: the dispatcher and that one command,
//                                             one per file of src/cli/commands)
//              src/cli/main.ts             -> dist/cli/main.js   (node, cjs: the dispatcher alone: help, version)
//   extension  src/extension/extension.ts  -> dist/extension.js  (node, cjs, `vscode` external)
//   keyBackup  src/core/keyBackup.ts       -> dist/keyBackup.js  (node, cjs; the extension loads it on first backup)
//   undici     src/core/undiciBundle.ts    -> dist/undici.js     (node, cjs; the extension loads it on first request)
//   jose       jose                        -> dist/jose.js       (node, cjs; the extension loads it on first check)
//   webview    src/webview/main.ts         -> dist/webview/      (browser, iife)
//   pkcs12     src/core/pkcs12.ts          -> dist/pkcs12.js     (node, cjs; required by the two above on demand)
// `--production` minifies and drops source maps; `--watch` rebuilds and prints problem-matcher lines.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints `[watch] build started/finished` lines for the esbuild problem matcher. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * undici's HTTP/1 client requires its HTTP/2 module (and with it `node:http2`) at load time. Client Creds never
 * offers h2 in ALPN (undici's allowH2 stays off), so that module can never run: a stub keeps it out of the start-up
 * path of the CLI and the extension. If it were ever reached it fails loudly instead of silently.
 */
const withoutUndiciHttp2 = {
  name: 'without-undici-http2',
  setup(build) {
    build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /undici[\\/]lib[\\/]dispatcher$/.test(args.resolveDir)
        ? { path: 'undici-client-h2', namespace: 'stub' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "module.exports = () => { throw new Error('HTTP/2 is not enabled in this build'); };",
      loader: 'js',
    }));
  },
};

/**
 * PKCS#12 files are rare, and the ASN.1 library that reads them is as large as the rest of the CLI: src/core/pkcs12.ts
 * is a bundle of its own (dist/pkcs12.js), which keyInput.ts requires only when it meets a PKCS#12 file, so the
 * start-up path of the CLI and the extension never parses it.
 */
const pkcs12Apart = {
  name: 'pkcs12-apart',
  setup(build) {
    // `import('./pkcs12')` in keyInput.ts becomes a lazy `require('./pkcs12.js')` beside the bundle.
    build.onResolve({ filter: /^\.\/pkcs12$/ }, (args) =>
      /keyInput\.ts$/.test(args.importer) ? { path: 'pkcs12', namespace: 'pkcs12-apart' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'pkcs12-apart' }, () => ({
      contents: "module.exports = require('./pkcs12.js');",
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/pkcs12\.js$/, namespace: 'pkcs12-apart' }, () => ({
      path: './pkcs12.js',
      external: true,
    }));
  },
};

/**
 * The extension loads the private key backup writer (core/keyBackup.ts, with asn1js) from a bundle of its own,
 * dist/keyBackup.js, only when a backup is written: inside dist/extension.js it would be parsed at every start-up.
 */
const keyBackupApart = {
  name: 'key-backup-apart',
  setup(build) {
    build.onResolve({ filter: /[\\/]core[\\/]keyBackup$/ }, () => ({ path: './keyBackup.js', external: true }));
  },
};

/**
 * The extension loads undici (the proxy client, about half of its code) and jose (JWT signature checks) from bundles
 * of their own, dist/undici.js (src/core/undiciBundle.ts) and dist/jose.js, on the first proxied request or check:
 * inside dist/extension.js their code would be parsed at every start-up although activation never runs it.
 */
const UNDICI_PARTS = {
  'undici/lib/dispatcher/env-http-proxy-agent.js': 'envHttpProxyAgent',
  'undici/lib/dispatcher/dispatcher.js': 'dispatcher',
  'undici/lib/api/api-connect.js': 'apiConnect',
  'undici/lib/dispatcher/pool.js': 'pool',
};
/**
 * @param {{ jose: boolean }} opts whether jose goes apart too (the extension) or stays in the bundle (the CLI's
 *   `verify`, which always needs it)
 * @returns {esbuild.Plugin}
 */
function vendorApart({ jose }) {
  return {
    name: 'vendor-apart',
    setup(build) {
      build.onResolve({ filter: /^undici\/lib\// }, (args) => {
        if (!(args.path in UNDICI_PARTS)) throw new Error(`${args.path}: add it to src/core/undiciBundle.ts`);
        return { path: args.path, namespace: 'vendor-apart' };
      });
      if (jose) build.onResolve({ filter: /^jose$/ }, () => ({ path: 'jose', namespace: 'vendor-apart' }));
      build.onLoad({ filter: /.*/, namespace: 'vendor-apart' }, (args) => ({
        contents:
          args.path === 'jose'
            ? "module.exports = require('./jose.js');"
            : `module.exports = require('./undici.js').${UNDICI_PARTS[args.path]};`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^\.\/(undici|jose)\.js$/, namespace: 'vendor-apart' }, (args) => ({
        path: args.path,
        external: true,
      }));
    },
  };
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const CLI_SOURCE = fileURLToPath(new URL('./src/cli/', import.meta.url));

/**
 * The CLI's commands, one per file of src/cli/commands: `clientAssertion.ts` is the command `client-assertion`.
 * @returns {{ name: string, module: string }[]}
 */
export function cliCommands() {
  return readdirSync(`${CLI_SOURCE}commands`)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort()
    .map((module) => ({ name: module.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), module }));
}

/**
 * The dispatcher's command table (src/cli/commandTable.ts) cut down to `commands`: a command's bundle holds its own
 * line only, the dispatcher-only bundle none, so neither carries another command's code.
 * @param {{ name: string, module: string }[]} commands
 * @returns {esbuild.Plugin}
 */
function commandTable(commands) {
  return {
    name: 'command-table',
    setup(build) {
      build.onResolve({ filter: /^\.\/commandTable$/ }, (args) =>
        /[\\/]cli[\\/]program\.ts$/.test(args.importer)
          ? { path: 'commandTable', namespace: 'command-table' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'command-table' }, () => ({
        contents: `export const COMMAND_MODULES = {${commands
          .map((c) => `${JSON.stringify(c.name)}: () => import(${JSON.stringify(`./commands/${c.module}`)})`)
          .join(', ')}};`,
        resolveDir: CLI_SOURCE,
        loader: 'ts',
      }));
    },
  };
}

/**
 * The CLI: `cli.js`, a small launcher that turns on the compile cache (src/cli/compileCache.ts) and then loads the
 * bundle of the command asked for, `cli/<command>.js`: the dispatcher and that command in one CommonJS file, so a run
 * reads and compiles (or loads from the cache) only the code of its command. `cli/main.js` is the dispatcher alone,
 * for help, `--version` and usage errors. Shared code is repeated in each bundle: one file per run starts faster than
 * esbuild's splitting, whose ESM loader or CommonJS chunk glue cost more than the code they leave out (measured on
 * Node 20). With the cache V8 compiles only the functions a command has run before. No `import()` is left in the
 * output, since the code cache runs the file through vm.Script; license comments go to `<bundle>.js.LEGAL.txt`,
 * keeping the bundles ASCII, which Node reads into a one-byte string.
 * @param {{ outdir?: string, production?: boolean, plugins?: esbuild.Plugin[] }} [opts]
 * @returns {esbuild.BuildOptions[]}
 */
export function cliTargets({ outdir = 'dist', production: minify = production, plugins = common.plugins } = {}) {
  const node = {
    ...common,
    minify,
    sourcemap: minify ? false : 'linked',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  };
  const commands = cliCommands();
  const clash = commands.find((c) => ['main', 'pkcs12', 'undici'].includes(c.name));
  if (clash) throw new Error(`src/cli/commands/${clash.module}.ts: "${clash.name}" is the name of another bundle`);
  const bundle = (name, table) => ({
    ...node,
    entryPoints: { [name]: 'src/cli/main.ts' },
    outdir: `${outdir}/cli`,
    legalComments: 'external',
    supported: { 'dynamic-import': false },
    plugins: [...plugins, pkcs12Apart, vendorApart({ jose: false }), commandTable(table)],
  });
  return [
    {
      ...node,
      entryPoints: { cli: 'src/cli/bin.ts' },
      outdir,
      banner: { js: '#!/usr/bin/env node' },
      define: { CLI_COMMAND_BUNDLES: JSON.stringify(commands.map((c) => c.name)) },
      plugins,
    },
    bundle('main', []),
    ...commands.map((c) => bundle(c.name, [c])),
    // Required by a command's bundle from beside it only when needed: PKCS#12 reading when a PKCS#12 file is read,
    // undici when a proxy carries a request.
    { ...node, entryPoints: { pkcs12: 'src/core/pkcs12.ts' }, outdir: `${outdir}/cli`, plugins },
    {
      ...node,
      entryPoints: { undici: 'src/core/undiciBundle.ts' },
      outdir: `${outdir}/cli`,
      legalComments: 'external',
      plugins: [...plugins, withoutUndiciHttp2],
    },
  ];
}

const targets = [
  ...cliTargets(),
  {
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    plugins: [...common.plugins, withoutUndiciHttp2, pkcs12Apart, keyBackupApart, vendorApart({ jose: true })],
    // The external keyBackup.js is then loaded with require(), as every other module of the extension host.
    supported: { 'dynamic-import': false },
  },
  {
    entryPoints: { pkcs12: 'src/core/pkcs12.ts' },
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  },
  {
    entryPoints: { undici: 'src/core/undiciBundle.ts', jose: 'jose' },
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    plugins: [...common.plugins, withoutUndiciHttp2],
  },
  {
    entryPoints: { keyBackup: 'src/core/keyBackup.ts' },
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  },
  {
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
];

// Builds only when run (`node esbuild.mjs`); scripts/packCli.mjs imports cliTargets() from here.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
  } else {
    try {
      await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    } finally {
      await Promise.all(contexts.map((ctx) => ctx.dispose()));
    }
  }
}
