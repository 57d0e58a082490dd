// One build script, one entry per target:
//   cli        src/cli/bin.ts              -> dist/cli.js        (node, cjs, executable: the compile cache, then main.js)
//              src/cli/main.ts             -> dist/cli/main.js   (node, cjs: the dispatcher and every command)
//   extension  src/extension/extension.ts  -> dist/extension.js  (node, cjs, `vscode` external)
//   keyBackup  src/core/keyBackup.ts       -> dist/keyBackup.js  (node, cjs; the extension loads it on first backup)
//   undici     src/core/undiciBundle.ts    -> dist/undici.js     (node, cjs; the extension loads it on first request)
//   jose       jose                        -> dist/jose.js       (node, cjs; the extension loads it on first check)
//   webview    src/webview/main.ts         -> dist/webview/      (browser, iife)
//   pkcs12     src/core/pkcs12.ts          -> dist/pkcs12.js     (node, cjs; required by the two above on demand)
// `--production` minifies and drops source maps; `--watch` rebuilds and prints problem-matcher lines.
import { pathToFileURL } from 'node:url';
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
};
const vendorApart = {
  name: 'vendor-apart',
  setup(build) {
    build.onResolve({ filter: /^undici\/lib\// }, (args) => {
      if (!(args.path in UNDICI_PARTS)) throw new Error(`${args.path}: add it to src/core/undiciBundle.ts`);
      return { path: args.path, namespace: 'vendor-apart' };
    });
    build.onResolve({ filter: /^jose$/ }, () => ({ path: 'jose', namespace: 'vendor-apart' }));
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

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

/**
 * The CLI: `cli.js`, a small launcher that turns on the compile cache (src/cli/compileCache.ts) and then loads
 * `cli/main.js`, the dispatcher and every command in one CommonJS file. A command's modules initialise only when it
 * runs, and with the cache V8 compiles only the functions a command has run before, so start-up pays for the command
 * and not for the rest. (Measured on Node 20: one CommonJS file with a code cache starts faster than esbuild's
 * splitting, whose ESM loader or CommonJS chunk glue cost more than the code they leave out.) No `import()` is left
 * in the output, since the code cache runs the file through vm.Script; license comments go to `main.js.LEGAL.txt`,
 * keeping the bundle ASCII, which Node reads into a one-byte string.
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
  return [
    {
      ...node,
      entryPoints: { cli: 'src/cli/bin.ts' },
      outdir,
      banner: { js: '#!/usr/bin/env node' },
      plugins,
    },
    {
      ...node,
      entryPoints: { main: 'src/cli/main.ts' },
      outdir: `${outdir}/cli`,
      legalComments: 'external',
      supported: { 'dynamic-import': false },
      plugins: [...plugins, withoutUndiciHttp2, pkcs12Apart],
    },
    // PKCS#12 reading, required by main.js from beside it only when a PKCS#12 file is read.
    { ...node, entryPoints: { pkcs12: 'src/core/pkcs12.ts' }, outdir: `${outdir}/cli`, plugins },
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
    plugins: [...common.plugins, withoutUndiciHttp2, pkcs12Apart, keyBackupApart, vendorApart],
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
