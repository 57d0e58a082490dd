/**
 * The CLI (bundled to dist/cli/main.js, which dist/cli.js runs). Kept to the dispatcher alone: every command's code is loaded
 * on demand, so startup pays only for argument parsing.
 */
import { runCli } from './program';
import { processIo } from './terminal';

runCli(process.argv.slice(2), processIo()).then(
  (status) => {
    // exitCode, not exit(): stdout may be a pipe that still holds output.
    process.exitCode = status;
  },
  () => {
    process.exitCode = 1;
  },
);
