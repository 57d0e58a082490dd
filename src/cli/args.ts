/**
 * The command-line argument parser: a small hand-written one, because the CLI's cold start is benchmarked and a
 * parsing library would cost more than the parsing. It knows `--flag=value`, `--flag value`, boolean flags,
 * repeatable flags, `--` and `-` (stdin), and turns every mistake into a {@link UsageError} that names the flag.
 */
import { ClientCredsError, type ErrorCode, isClientCredsError } from '../core/errors';

/** A mistake on the command line; the CLI exits with status 2 for these. */
export class UsageError extends ClientCredsError {
  override readonly name = 'UsageError';
  constructor(code: ErrorCode, message: string, hint?: string) {
    super('usage', code, message, hint);
  }
}

/** How a flag takes its value: `boolean` takes none, `list` may be repeated, `integer` is a whole number >= 0. */
export type FlagType = 'string' | 'boolean' | 'list' | 'integer';

/** One accepted flag of a command. */
export interface FlagSpec {
  /** Long name without dashes, kebab-case: `client-id`. */
  readonly name: string;
  readonly type: FlagType;
  /** Shown in help: `--client-id=ID`. */
  readonly valueName?: string;
  /** The only values accepted, checked while parsing. */
  readonly choices?: readonly string[];
  readonly description: string;
}

/** What a command accepts: its flags and how many positional arguments. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** The synopsis line(s) shown in help, without the program name. */
  readonly usage: readonly string[];
  readonly flags: readonly FlagSpec[];
  readonly positionals: { readonly min: number; readonly max: number; readonly label?: string };
  /** Extra paragraphs for `--help`. */
  readonly details?: readonly string[];
  readonly examples?: readonly string[];
}

/** A flag value as parsed: string for `string`/`integer`, true for `boolean`, string[] for `list`. */
export type FlagValue = string | true | readonly string[];

/** The parsed command line of one command. */
export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, FlagValue>;
  readonly positionals: readonly string[];
  /** True when `--help`/`-h` appeared anywhere before `--`. */
  readonly help: boolean;
  /** Boolean flags last given as `--flag=false`, to turn off what a preset turns on. */
  readonly turnedOff?: ReadonlySet<string>;
}

/** `--clientId` → `client-id`: the Jack Henry helper (yargs) accepted camelCase spellings, so scripts may use them. */
export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment): typos are often swaps. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * Runs `fn`, turning a core ConfigError about a flag's value into a UsageError (exit 2); `reword` may rename the
 * setting names core uses into flag names. Without a hint of core's, the dispatcher adds one that names the
 * command's own help (see {@link usageHint}).
 */
export function asUsage<T>(fn: () => T, reword: (message: string) => string = (m) => m): T {
  try {
    return fn();
  } catch (e) {
    if (isClientCredsError(e) && e.kind === 'config') {
      throw new UsageError(e.code, reword(e.message), e.hint);
    }
    throw e;
  }
}

/** The closest candidate to `word` when it is plausibly a typo (distance <= 2, or a prefix), else undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = candidate.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.min(2, Math.max(1, Math.floor(word.length / 3))) ? best : undefined;
}

/**
 * The hint for a usage error that came without one: https for a plain-http URL refused by the URL policy, else the
 * command's own help (the top-level help lists no values).
 */
export function usageHint(message: string, command: string): string {
  if (/must be https/.test(message)) return 'use https:// (http only for loopback: localhost, 127.0.0.1, ::1)';
  return `run \`client-creds ${command} --help\` to see the accepted values`;
}

function helpHint(command: string): string {
  return `run \`client-creds ${command} --help\` to see the accepted options`;
}

/** True when the command line asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

function parseBoolean(flag: FlagSpec, raw: string, command: string): true | undefined {
  if (raw === 'true') return true;
  if (raw === 'false') return undefined;
  throw new UsageError('flag_takes_no_value', `--${flag.name} does not take a value (got "${raw}")`, helpHint(command));
}

function checkValue(flag: FlagSpec, value: string, command: string): string {
  if (value === '') {
    throw new UsageError(
      'flag_value_empty',
      `--${flag.name} needs a value`,
      `write --${flag.name}=${flag.valueName ?? 'VALUE'}`,
    );
  }
  if (flag.choices && !flag.choices.includes(value)) {
    const suggestion = closest(value, flag.choices);
    throw new UsageError(
      'flag_bad_choice',
      `--${flag.name} must be one of ${flag.choices.join(', ')} (got "${value}")`,
      suggestion ? `did you mean --${flag.name}=${suggestion}?` : helpHint(command),
    );
  }
  if (flag.type === 'integer' && !/^\d+$/.test(value)) {
    throw new UsageError(
      'flag_not_integer',
      `--${flag.name} must be a whole number (got "${value}")`,
      helpHint(command),
    );
  }
  return value;
}

function unknownFlag(raw: string, spec: CommandSpec): UsageError {
  const names = spec.flags.map((f) => f.name);
  const suggestion = closest(kebabCase(raw.replace(/^-+/, '')), names);
  return new UsageError(
    'unknown_flag',
    `unknown option ${raw} for ${spec.name}`,
    suggestion ? `did you mean --${suggestion}?` : helpHint(spec.name),
  );
}

/**
 * Parses `argv` (the words after the command name) against `spec`. Refuses unknown flags, missing or empty values,
 * values outside `choices`, a single-value flag given twice, and too many or too few positional arguments.
 * Required flags are the command's business (it knows which combinations are valid).
 */
export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags = new Map<string, FlagValue>();
  const turnedOff = new Set<string>();
  const positionals: string[] = [];
  const byName = new Map(spec.flags.map((f) => [f.name, f]));
  const help = wantsHelp(argv);
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') continue;
    if (!arg.startsWith('--')) throw unknownFlag(arg, spec);

    const eq = arg.indexOf('=');
    const rawName = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const flag = byName.get(kebabCase(rawName));
    if (!flag) throw unknownFlag(eq === -1 ? arg : arg.slice(0, eq), spec);

    if (flag.type === 'boolean') {
      const value = eq === -1 ? true : parseBoolean(flag, arg.slice(eq + 1), spec.name);
      if (value) {
        flags.set(flag.name, value);
        turnedOff.delete(flag.name);
      } else {
        flags.delete(flag.name);
        turnedOff.add(flag.name);
      }
      continue;
    }

    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) {
        throw new UsageError(
          'flag_value_missing',
          `--${flag.name} needs a value`,
          `write --${flag.name}=${flag.valueName ?? 'VALUE'}`,
        );
      }
      // A following `-c` or `--other` is almost always a forgotten value, not a value that starts with a dash; such a
      // value is given with `=`. `-` alone (stdin) and negative numbers (--clock-skew -30) are values.
      if (next.startsWith('-') && next !== '-' && !/^-\d/.test(next)) {
        const shown = next.length > 20 ? `${next.slice(0, 12)}…` : next;
        throw new UsageError(
          'flag_value_missing',
          `--${flag.name} needs a value, but "${shown}" that follows it looks like an option`,
          `write --${flag.name}=${flag.valueName ?? 'VALUE'}; a value that starts with - is given as --${flag.name}=-…`,
        );
      }
      value = next;
      i++;
    }
    checkValue(flag, value, spec.name);

    if (flag.type === 'list') {
      const previous = flags.get(flag.name);
      flags.set(flag.name, [...(Array.isArray(previous) ? previous : []), value]);
    } else if (flags.has(flag.name)) {
      throw new UsageError('flag_repeated', `--${flag.name} was given more than once`, 'give it once');
    } else {
      flags.set(flag.name, value);
    }
  }

  if (!help) {
    if (positionals.length > spec.positionals.max) {
      const extra = positionals[spec.positionals.max] ?? '';
      const shown = extra.length > 40 ? `${extra.slice(0, 12)}…` : extra;
      throw new UsageError(
        'unexpected_argument',
        `unexpected argument "${shown}" for ${spec.name}`,
        helpHint(spec.name),
      );
    }
    if (positionals.length < spec.positionals.min) {
      throw new UsageError(
        'argument_missing',
        `${spec.name} needs ${spec.positionals.label ?? 'an argument'}`,
        helpHint(spec.name),
      );
    }
  }
  return { flags, positionals, help, turnedOff };
}

/** Reads a single-value flag. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Reads a boolean flag. */
export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

/** Reads a boolean flag that may turn a default off: true, false (`--flag=false`), or undefined when not given. */
export function switchFlag(args: ParsedArgs, name: string): boolean | undefined {
  if (args.flags.get(name) === true) return true;
  return args.turnedOff?.has(name) ? false : undefined;
}

/** Reads a repeatable flag (empty when absent). */
export function listFlag(args: ParsedArgs, name: string): readonly string[] {
  const v = args.flags.get(name);
  return Array.isArray(v) ? v : [];
}

/** Reads an integer flag; the parser already checked it is digits only. */
export function integerFlag(args: ParsedArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  return v === undefined ? undefined : Number(v);
}

/** A required single-value flag, or a UsageError that says how to give it. */
export function requireFlag(args: ParsedArgs, spec: CommandSpec, name: string): string {
  const v = stringFlag(args, name);
  if (v === undefined) {
    const flag = spec.flags.find((f) => f.name === name);
    throw new UsageError(
      'flag_required',
      `${spec.name} needs --${name}`,
      `add --${name}=${flag?.valueName ?? 'VALUE'} (see \`client-creds ${spec.name} --help\`)`,
    );
  }
  return v;
}
