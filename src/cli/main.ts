/**
 * The CLI's entry, bundled once per command (dist/cli/<command>.js, with that command alone) and once without commands
 * (dist/cli/main.js); dist/cli.js runs the one a command line needs. Kept to the dispatcher alone: a command's code
 * is loaded when it runs, so start-up pays only for argument parsing.
 */
import { runCli } from './program';
import { ignoreClosedPipe, processIo } from './terminal';

ignoreClosedPipe([process.stdout, process.stderr]);
runCli(process.argv.slice(2), processIo()).then(
  (status) => {
    // exitCode, not exit(): stdout may be a pipe that still holds output.
    process.exitCode = status;
  },
  () => {
    process.exitCode = 1;
  },
);
