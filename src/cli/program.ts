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

/** The spec of the command `word` names (any case); `rest` is the rest of the line, for the hint of an option. */
function findCommand(word: string, rest: readonly string[]): KnownCommandSpec {
  const name = word.toLowerCase();
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec) return spec;
  const names: string[] = COMMANDS.map((c) => c.name);
  if (name.startsWith('-')) {
    // `client-creds --quiet client-assertion ...`: the options belong after the command.
    const later = rest.find((w) => names.includes(w.toLowerCase()));
    throw new UsageError(
      'unknown_flag',
      `unknown option ${word}`,
      later
        ? `options go after the command: client-creds ${later.toLowerCase()} ${word} ...`
        : `commands: ${names.join(', ')} (see client-creds --help)`,
    );
  }
  const suggestion = closest(name, names);
  throw new UsageError(
    'unknown_command',
    `unknown command "${word}"`,
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
    const [word, ...rest] = commandLine(argv);
    const first = word?.toLowerCase();
    if (first === undefined) {
      io.stderr.write(programHelp(COMMANDS, VERSION));
      return EXIT.usage;
    }
    if (word === '--help' || word === '-h') {
      io.stdout.write(programHelp(COMMANDS, VERSION));
      return EXIT.ok;
    }
    if (word === '--version' || word === '-V') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (first === 'help') {
      // `help <command>`; options (`help --debug`) and `help help` ask for the program's help.
      const topic = rest.find((w) => !w.startsWith('-'));
      const spec = topic === undefined || topic.toLowerCase() === 'help' ? undefined : findCommand(topic, rest);
      io.stdout.write(spec ? commandHelp(spec) : programHelp(COMMANDS, VERSION));
      return EXIT.ok;
    }
    const spec = findCommand(word as string, rest);
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
