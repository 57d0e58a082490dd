// One build script, one entry per target:
//   cli        src/cli/main.ts             -> dist/cli.js        (node, cjs, executable)
//   extension  src/extension/extension.ts  -> dist/extension.js  (node, cjs, `vscode` external)
//   keyBackup  src/core/keyBackup.ts       -> dist/keyBackup.js  (node, cjs; the extension loads it on first backup)
//   webview    src/webview/main.ts         -> dist/webview/      (browser, iife)
// `--production` minifies and drops source maps; `--watch` rebuilds and prints problem-matcher lines.
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
 * The extension loads the private key backup writer (core/keyBackup.ts, with asn1js) from a bundle of its own,
 * dist/keyBackup.js, only when a backup is written: inside dist/extension.js it would be parsed at every start-up.
 */
const keyBackupApart = {
  name: 'key-backup-apart',
  setup(build) {
    build.onResolve({ filter: /[\\/]core[\\/]keyBackup$/ }, () => ({ path: './keyBackup.js', external: true }));
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

const targets = [
  {
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, withoutUndiciHttp2],
  },
  {
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    plugins: [...common.plugins, withoutUndiciHttp2, keyBackupApart],
    // The external keyBackup.js is then loaded with require(), as every other module of the extension host.
    supported: { 'dynamic-import': false },
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
