/**
 * The dispatcher: finds the command, parses its arguments, loads the command's module on demand and turns whatever
 * happens into an exit status. Command modules are loaded with `import()` so that a command's dependencies (jose for
 * `verify`, key generation for `keygen`) are not initialised when another command runs: cold start is benchmarked.
 */
import { version } from '../../package.json';
import type { CommandSpec, ParsedArgs } from './args';
import { closest, parseArgs, UsageError, wantsHelp } from './args';
import { EXIT, reportFailure } from './failure';
import { commandHelp, programHelp } from './help';
import { COMMANDS } from './specs';
import type { CliIo } from './terminal';

/** What a command module gets: its parsed arguments, the process view, and a list to register secrets in. */
export interface CommandContext {
  readonly spec: CommandSpec;
  readonly args: ParsedArgs;
  readonly io: CliIo;
  /** Strings (assertion, token, passphrase) that must never appear in error output; filled in as they appear. */
  readonly secrets: string[];
}

/** A command module's entry point; resolves to the exit status. */
export type CommandRun = (ctx: CommandContext) => Promise<number>;

const LOADERS: Readonly<Record<string, () => Promise<{ run: CommandRun }>>> = {
  'client-assertion': () => import('./commands/clientAssertion'),
  'sign-jwt': () => import('./commands/signJwt'),
  keygen: () => import('./commands/keygen'),
  decode: () => import('./commands/decode'),
  verify: () => import('./commands/verify'),
  'dpop-proof': () => import('./commands/dpopProof'),
  jwks: () => import('./commands/jwks'),
};

/** The package version printed by `--version`. */
export const VERSION: string = version;

function findCommand(word: string): CommandSpec {
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
    // `client-creds --debug <command> ...` is accepted too: --debug is the one option that applies everywhere.
    const words = argv[0] === '--debug' && argv.length > 1 ? [argv[1] as string, '--debug', ...argv.slice(2)] : argv;
    const [first, ...rest] = words;
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
    const load = LOADERS[spec.name];
    if (!load) throw new UsageError('unknown_command', `unknown command "${first}"`);
    const command = await load();
    return await command.run({ spec, args, io, secrets });
  } catch (e) {
    return reportFailure(e, io, { debug, secrets });
  }
}
