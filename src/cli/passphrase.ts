/**
 * The passphrase of an encrypted private key: from CLIENT_CREDS_PASSPHRASE, else a hidden prompt when stdin is a
 * terminal (raw mode: nothing is echoed), else an error that says to set the variable. Never from an argument,
 * since arguments show up in `ps` and shell history.
 */
import { ClientCredsError, KeyError } from '../core/errors';
import type { CliIo } from './terminal';

/** The environment variable read for the passphrase. */
export const PASSPHRASE_ENV = 'CLIENT_CREDS_PASSPHRASE';

/** The user pressed Ctrl-C (or Ctrl-D on an empty line) at the prompt; exit status 130. */
export class PromptCancelled extends ClientCredsError {
  override readonly name = 'PromptCancelled';
  constructor() {
    super('key', 'interrupted', 'cancelled at the passphrase prompt');
  }
}

/** What a keystroke chunk did to the hidden line. */
export type LineState = 'typing' | 'done' | 'cancelled';

/**
 * The line editor behind the prompt, separate from the terminal so it can be tested: Enter finishes, Ctrl-C
 * cancels, Ctrl-D cancels on an empty line and finishes otherwise, Backspace and Ctrl-U edit, escape sequences
 * (arrow keys) and other control characters are ignored. Chunks may hold several keys (paste).
 */
export class HiddenLine {
  private chars: string[] = [];
  private state: LineState = 'typing';

  /** The text typed so far. */
  get value(): string {
    return this.chars.join('');
  }

  /** Applies a chunk of input and returns the state after it; input after Enter or Ctrl-C is ignored. */
  feed(chunk: string): LineState {
    let i = 0;
    const keys = [...chunk];
    while (i < keys.length && this.state === 'typing') {
      const key = keys[i] as string;
      i++;
      if (key === '\r' || key === '\n') this.state = 'done';
      else if (key === '\u0003') this.state = 'cancelled';
      else if (key === '\u0004') this.state = this.chars.length === 0 ? 'cancelled' : 'done';
      else if (key === '\u007f' || key === '\b') this.chars.pop();
      else if (key === '\u0015') this.chars = [];
      else if (key === '\u001b') {
        // CSI/SS3 sequences: ESC [ params final-letter, or ESC O letter.
        if (keys[i] === '[' || keys[i] === 'O') {
          i++;
          while (i < keys.length && !/[A-Za-z~]/.test(keys[i] as string)) i++;
          i++;
        }
      } else if (key >= ' ') this.chars.push(key);
    }
    return this.state;
  }
}

/** Reads one line from a TTY stdin in raw mode, echoing nothing. */
export function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  if (!stdin.setRawMode || !stdin.on || !stdin.removeListener) {
    return Promise.reject(new KeyError('key_passphrase_required', 'cannot prompt: stdin is not a terminal'));
  }
  const line = new HiddenLine();
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      stdin.removeListener?.('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause?.();
      io.stderr.write('\n');
    };
    const onData = (chunk: string | Uint8Array): void => {
      const state = line.feed(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      if (state === 'done') {
        finish();
        resolve(line.value);
      } else if (state === 'cancelled') {
        finish();
        reject(new PromptCancelled());
      }
    };
    // Raw mode before the prompt appears: keys typed (or pasted) the moment it shows must not be echoed.
    stdin.setRawMode?.(true);
    io.stderr.write(prompt);
    stdin.setEncoding?.('utf8');
    stdin.on?.('data', onData);
    stdin.resume?.();
  });
}

/** True when a hidden prompt is possible: stdin is a terminal that supports raw mode. */
export function canPrompt(io: CliIo): boolean {
  return io.stdin.isTTY === true && typeof io.stdin.setRawMode === 'function';
}

/**
 * The passphrase from the environment, or undefined when the variable is unset or empty: an empty variable is a
 * forgotten value (`CLIENT_CREDS_PASSPHRASE= cmd`), not a passphrase, so it never reaches the key as a wrong one.
 */
export function passphraseFromEnv(io: CliIo): string | undefined {
  const value = io.env[PASSPHRASE_ENV];
  return value === '' ? undefined : value;
}

/** The error for an encrypted key when there is neither a (non-empty) variable nor a terminal. */
export function passphraseMissing(path: string, io: CliIo): KeyError {
  const empty = io.env[PASSPHRASE_ENV] === '';
  return new KeyError(
    'key_passphrase_required',
    `the private key ${path} is encrypted and no passphrase was given${empty ? ` (${PASSPHRASE_ENV} is empty)` : ''}`,
    `set ${PASSPHRASE_ENV} to its passphrase (or run in a terminal to be prompted)`,
  );
}

/**
 * The error for an encrypted key that CLIENT_CREDS_PASSPHRASE (set, not empty) does not open: core's `message` (which
 * says what could not be opened), then that the variable is set but wrong, with a hint to check it rather than set it.
 */
export function passphraseWrong(path: string, message: string): KeyError {
  return new KeyError(
    'key_bad_passphrase',
    `${path}: ${message} (${PASSPHRASE_ENV} is set, but to a wrong passphrase)`,
    `check the value of ${PASSPHRASE_ENV}, or unset it to be prompted in a terminal`,
  );
}
