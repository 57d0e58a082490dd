/**
 * Local file access for the CLI: reading the files the user names, and writing new files without ever
 * overwriting one silently. Errors name the path and the reason, never the content.
 */
import { accessSync, closeSync, constants, fchmodSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../core/errors';
import { UsageError } from './args';

function reasonFor(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'EEXIST':
      return 'the file already exists';
    default:
      return code ?? 'unknown error';
  }
}

/** Keys and certificates are a few kilobytes; anything this large is the wrong file (or /dev/zero). */
export const MAX_LOCAL_FILE_BYTES = 1024 * 1024;

function unreadable(path: string, what: string, e: unknown): ConfigError {
  return new ConfigError(
    'file_unreadable',
    `cannot read ${what} ${path}: ${reasonFor(e)}`,
    `check the path given for the ${what}`,
  );
}

/**
 * Reads a local file (or a pipe such as `<(...)`) as UTF-8, at most {@link MAX_LOCAL_FILE_BYTES}; ConfigError
 * 'file_unreadable' or 'file_too_large' naming `what` and the path.
 */
export function readLocalFile(path: string, what: string): string {
  return readLocalBytes(path, what).toString('utf8');
}

/**
 * Reads a local file (or a pipe) as bytes, at most {@link MAX_LOCAL_FILE_BYTES}: for key and certificate files,
 * which may be DER, PKCS#12 or UTF-16. ConfigError 'file_unreadable' or 'file_too_large' naming `what` and the path.
 */
export function readLocalBytes(path: string, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw unreadable(path, what, e);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw unreadable(path, what, e);
      }
      if (n === 0) break;
      total += n;
      if (total > MAX_LOCAL_FILE_BYTES) {
        throw new ConfigError(
          'file_too_large',
          `${what} ${path} is larger than 1 MiB`,
          `check the path given for the ${what}`,
        );
      }
      chunks.push(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks);
}

/**
 * Writes `content` to a new file with `mode`. Without `overwrite` the file is opened with 'wx', so an existing file is
 * refused (ConfigError 'file_exists') rather than replaced; with it, an existing file is truncated and its mode reset.
 */
export function writeNewFile(
  path: string,
  content: string,
  opts: { mode: number; overwrite: boolean; what: string },
): void {
  let fd: number;
  try {
    fd = openSync(path, opts.overwrite ? 'w' : 'wx', opts.mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigError(
        'file_exists',
        `${path} already exists; not overwriting the ${opts.what}`,
        'choose another path, or add --force to replace it',
      );
    }
    throw new ConfigError(
      'file_unwritable',
      `cannot write ${opts.what} ${path}: ${reasonFor(e)}`,
      'check the directory exists and is writable',
    );
  }
  try {
    // open() applies the mode only to a file it creates (and through the umask); set it explicitly.
    fchmodSync(fd, opts.mode);
    writeSync(fd, content);
  } catch (e) {
    throw new ConfigError(
      'file_unwritable',
      `cannot write ${opts.what} ${path}: ${reasonFor(e)}`,
      'check the disk has room and the file is writable',
    );
  } finally {
    closeSync(fd);
  }
}

/** One file a command is about to write. */
export interface PlannedOutput {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  /** What the file holds, for messages: "private key", "JWKS". */
  readonly what: string;
}

/**
 * Checks every planned output before anything is written: distinct paths, no existing file unless `overwrite`
 * (UsageError 'file_exists', exit 2), a parent directory that exists and is writable and a path that is not a directory
 * (ConfigError 'file_unwritable'). A command that writes several files calls this first, so a bad path never
 * leaves some of them behind.
 */
export function checkOutputs(outputs: readonly PlannedOutput[], overwrite: boolean): void {
  for (const { path, what } of outputs) {
    let existing: ReturnType<typeof statSync> | undefined;
    try {
      existing = statSync(path);
    } catch {
      existing = undefined;
    }
    if (existing?.isDirectory()) {
      throw new ConfigError('file_unwritable', `cannot write ${what} ${path}: it is a directory`, 'give a file path');
    }
    if (existing && !overwrite) {
      throw new UsageError(
        'file_exists',
        `${path} already exists; not overwriting the ${what}`,
        'choose another path, or add --force to replace it',
      );
    }
    const parent = dirname(resolve(path));
    try {
      accessSync(existing ? path : parent, constants.W_OK);
    } catch (e) {
      throw new ConfigError(
        'file_unwritable',
        `cannot write ${what} ${path}: ${existing ? reasonFor(e) : `directory ${parent}: ${reasonFor(e)}`}`,
        'check the directory exists and is writable',
      );
    }
  }
}

/**
 * Writes the planned outputs in order after {@link checkOutputs}. If a write still fails (disk full, a file created
 * meanwhile), the error says which files were already written, so the user knows what is on disk.
 */
export function writeOutputs(outputs: readonly PlannedOutput[], overwrite: boolean): void {
  checkOutputs(outputs, overwrite);
  const written: string[] = [];
  for (const out of outputs) {
    try {
      writeNewFile(out.path, out.content, { mode: out.mode, overwrite, what: out.what });
    } catch (e) {
      if (written.length === 0 || !(e instanceof ConfigError)) throw e;
      throw new ConfigError(
        e.code,
        `${e.message} (already written: ${written.join(', ')})`,
        `${e.hint ?? 'fix the path'}; remove or keep the files already written, and use --force to rerun`,
      );
    }
    written.push(`${out.what} ${out.path}`);
  }
}
