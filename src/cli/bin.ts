/**
 * The `client-creds` executable (bundled to dist/cli.js): turns on the compile cache, then runs the bundle of the
 * command asked for (dist/cli/<command>.js), or the dispatcher alone (dist/cli/main.js). A file of its own and small,
 * so the cache is on before any of the CLI's code is compiled.
 */
import { launch } from './compileCache';

/** The names of the commands that have a bundle of their own, set by esbuild.mjs from src/cli/commands. */
declare const CLI_COMMAND_BUNDLES: readonly string[];

launch(__dirname, process.argv.slice(2), process.env, CLI_COMMAND_BUNDLES);
