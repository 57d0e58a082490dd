/**
 * How a `client-creds` command line names its command, read the same way by the dispatcher (program.ts) and by the
 * launcher (compileCache.ts), which runs the bundle of that command alone.
 */

/**
 * The command line with a leading `--debug` (said once or more) moved after the command: `client-creds --debug
 * <command> ...` is accepted too, since --debug is the one option that applies everywhere.
 */
export function commandLine(argv: readonly string[]): readonly string[] {
  let start = 0;
  while (argv[start] === '--debug') start++;
  if (start === 0) return argv;
  // `client-creds --debug` alone is the same as `client-creds`: there is no command to debug.
  return start === argv.length ? [] : [argv[start] as string, '--debug', ...argv.slice(start + 1)];
}

/** The first word of {@link commandLine} in lower case (a command name, an option or `help`); undefined when empty. */
export function commandWord(argv: readonly string[]): string | undefined {
  return commandLine(argv)[0]?.toLowerCase();
}
