/**
 * What the dispatcher (program.ts) and the command modules (commands/*) share: the context a command runs with, the
 * shape of a command module, and the names of the commands. Types only, so a command module imports this file and
 * never the dispatcher: the CLI's import graph has no circle.
 */
import type { CommandSpec, ParsedArgs } from './args';
import type { COMMANDS } from './specs';
import type { CliIo } from './terminal';

/** What a command module gets: its parsed arguments, the process view, and a list to register secrets in. */
export interface CommandContext {
  readonly spec: CommandSpec;
  readonly args: ParsedArgs;
  readonly io: CliIo;
  /** Strings (assertion, token, passphrase) that must never appear in error output; filled in as they appear. */
  readonly secrets: string[];
}

/** A command module's entry point; resolves to the exit status (see `EXIT` in failure.ts). */
export type CommandRun = (ctx: CommandContext) => Promise<number>;

/** What every module under commands/ exports. */
export interface CommandModule {
  readonly run: CommandRun;
}

/** Loads a command's module on demand (an `import()`, which the build turns into a chunk of its own). */
export type CommandLoader = () => Promise<CommandModule>;

type SpecName = (typeof COMMANDS)[number]['name'];

/**
 * `'client-assertion' | 'sign-jwt' | …`: the names of the specs in COMMANDS. A spec declared with a `: CommandSpec`
 * annotation has the name type `string`; then this type becomes the message below, and the command table, which must
 * satisfy `Record<CommandName, …>`, refuses to compile and shows it.
 */
export type CommandName = string extends SpecName
  ? 'every spec in COMMANDS needs a literal name: declare it `as const satisfies CommandSpec`'
  : SpecName;

/** A spec from COMMANDS: its name is one of the command table's keys. */
export type KnownCommandSpec = (typeof COMMANDS)[number];
