/**
 * The dispatcher: finds the command, parses its arguments, loads the command's module on demand (commandTable.ts)
 * and turns whatever happens into an exit status. Only this file, the specs, the parser, help and failure reporting
 * initialise at start-up; a command's own code (undici for the token request, jose for `verify`, key generation for
 * `keygen`) initialises when that command runs, and with the compile cache (compileCache.ts) V8 compiles only what
 * a command runs: cold start is benchmarked.
 */
import { version } from '../../package.json';
import { closest, parseArgs, UsageError, usageHint, wantsHelp } from './args';
import { COMMAND_MODULES } from './commandTable';
import { commandLine } from './commandWord';
import type { CommandLoader, KnownCommandSpec } from './context';
import { EXIT, reportFailure } from './failure';
import { commandHelp, programHelp } from './help';
import { COMMANDS } from './specs';
import type { CliIo } from './terminal';

/** The package version printed by `--version`. */
export const VERSION: string = version;

function findCommand(word: string): KnownCommandSpec {
  const name = word.toLowerCase();
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec) return spec;
  const names = COMMANDS.map((c) => c.name);
  const suggestion = name.startsWith('-') ? undefined : closest(name, names);
  throw new UsageError(
    name.startsWith('-') ? 'unknown_flag' : 'unknown_command',
    name.startsWith('-') ? `unknown option ${word}` : `unknown command "${word}"`,
    suggestion
      ? `did you mean \`client-creds ${suggestion}\`?`
      : `commands: ${names.join(', ')} (see client-creds --help)`,
  );
}

/** Runs `client-creds` with `argv` (without node and the script path) and resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets: string[] = [];
  let debug = argv.includes('--debug');
  try {
    const [first, ...rest] = commandLine(argv);
    if (first === undefined) {
      io.stderr.write(programHelp(COMMANDS, VERSION));
      return EXIT.usage;
    }
    if (first === '--help' || first === '-h') {
      io.stdout.write(programHelp(COMMANDS, VERSION));
      return EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (first === 'help') {
      io.stdout.write(rest[0] ? commandHelp(findCommand(rest[0])) : programHelp(COMMANDS, VERSION));
      return EXIT.ok;
    }
    const spec = findCommand(first);
    if (wantsHelp(rest)) {
      io.stdout.write(commandHelp(spec));
      return EXIT.ok;
    }
    const args = parseArgs(rest, spec);
    debug = args.flags.get('debug') === true;
    // A command's own bundle holds only its line of the table (esbuild.mjs); the launcher never sends another there.
    const load: CommandLoader | undefined = COMMAND_MODULES[spec.name];
    if (!load)
      throw new Error(`this bundle has no ${spec.name} command: run client-creds through its launcher, cli.js`);
    const command = await load();
    try {
      return await command.run({ spec, args, io, secrets });
    } catch (e) {
      // A usage error is the user's to fix: when its thrower had no hint, point at this command's own help.
      if (e instanceof UsageError && e.hint === undefined)
        throw new UsageError(e.code, e.message, usageHint(e.message, spec.name));
      throw e;
    }
  } catch (e) {
    return reportFailure(e, io, { debug, secrets });
  }
}
