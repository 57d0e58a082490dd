/**
 * The `client-creds` executable (bundled to dist/cli.js): turns on the compile cache, then runs the CLI itself
 * (dist/cli/main.js). A file of its own and small, so the cache is on before any of the CLI's code is compiled.
 */
import { launch } from './compileCache';

launch(__dirname, process.argv.slice(2), process.env);
