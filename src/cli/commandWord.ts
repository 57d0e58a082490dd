/**
 * How a `client-creds` command line names its command, read the same way by the dispatcher (program.ts) and by the
 * launcher (compileCache.ts), which runs the bundle of that command alone.
 */

/**
 * The command line with a leading `--debug` moved after the command: `client-creds --debug <command> ...` is accepted
 * too, since --debug is the one option that applies everywhere.
 */
export function commandLine(argv: readonly string[]): readonly string[] {
  return argv[0] === '--debug' && argv.length > 1 ? [argv[1] as string, '--debug', ...argv.slice(2)] : argv;
}

/** The first word of {@link commandLine} in lower case (a command name, an option or `help`); undefined when empty. */
export function commandWord(argv: readonly string[]): string | undefined {
  return commandLine(argv)[0]?.toLowerCase();
}
