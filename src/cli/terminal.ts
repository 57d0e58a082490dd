/**
 * The CLI's view of its process: the three standard streams, the environment and the clock, passed in so the
 * commands can be run in-process by tests. Also the colour rules: colour only on a terminal and only when
 * NO_COLOR is unset (https://no-color.org).
 */

/** Where the CLI writes: `process.stdout`/`process.stderr` or a test buffer. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** Where the CLI reads: `process.stdin` or a test stream. */
export interface InputStream extends AsyncIterable<string | Uint8Array> {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding?(encoding: BufferEncoding): unknown;
  on?(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  removeListener?(event: 'data', listener: (chunk: string | Uint8Array) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
}

/** Everything a command touches outside its arguments. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: InputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  now(): number;
}

/**
 * The real process. `stdin` is read from `process` only when a command uses it: creating Node's stdin stream loads
 * its file-stream modules, a cost every command would otherwise pay at start-up (cold start is benchmarked).
 */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin(): InputStream {
      return process.stdin;
    },
    env: process.env,
    now: Date.now,
  };
}

/** The stream events {@link ignoreClosedPipe} listens to. */
interface ErrorEmitter {
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

/**
 * A reader that stops early (`client-creds --help | head -1`) closes the pipe, and the next write fails with EPIPE:
 * the rest of the output has no reader, so it is dropped and the run ends with its own status, without Node's
 * "Unhandled 'error' event". Any other stream error is thrown.
 */
export function ignoreClosedPipe(streams: readonly ErrorEmitter[]): void {
  for (const stream of streams)
    stream.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
    });
}

/** ANSI styles that collapse to identity when colour is off. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

function sgr(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

/** A style for `stream`: coloured only when it is a TTY and NO_COLOR is unset or empty. */
export function styleFor(stream: OutputStream, env: CliIo['env']): Style {
  const enabled = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  return {
    enabled,
    bold: sgr(enabled, 1, 22),
    dim: sgr(enabled, 2, 22),
    green: sgr(enabled, 32, 39),
    yellow: sgr(enabled, 33, 39),
    red: sgr(enabled, 31, 39),
    cyan: sgr(enabled, 36, 39),
  };
}

/** A stream plus the style that fits it. */
export interface StyledStream {
  readonly stream: OutputStream;
  readonly style: Style;
}

/** Writes human step output: headings and indented bodies, or nothing when silenced. */
export class StepWriter {
  constructor(
    private readonly target: StyledStream | undefined,
    private readonly first = { value: true },
  ) {}

  /** A step title such as "Signing the JWT", preceded by a blank line except for the first one. */
  heading(title: string): void {
    if (!this.target) return;
    const gap = this.first.value ? '' : '\n';
    this.first.value = false;
    this.target.stream.write(`${gap}${this.target.style.green(this.target.style.bold(title))}\n`);
  }

  /** A body line. */
  line(text = ''): void {
    this.target?.stream.write(`${text}\n`);
  }

  /** A JSON value, two-space indented. */
  json(value: unknown): void {
    this.line(JSON.stringify(value, null, 2));
  }

  /** A dimmed explanatory line. */
  note(text: string): void {
    if (this.target) this.line(this.target.style.dim(text));
  }

  /** A warning line in yellow. */
  warn(text: string): void {
    if (this.target) this.line(this.target.style.yellow(text));
  }

  /** The style of the underlying stream (identity when silenced). */
  get style(): Style | undefined {
    return this.target?.style;
  }
}
