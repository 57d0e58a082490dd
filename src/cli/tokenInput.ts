/**
 * Where `decode` and `verify` get their token: the argument, or stdin for `-` (or no argument when stdin is not a
 * terminal). Accepts a bare token, `Bearer <token>`, an `Authorization:` header line, or a token response JSON
 * object (its access_token), so `client-assertion --json | client-creds decode` works.
 */
import type { ParsedArgs } from './args';
import { UsageError } from './args';
import type { CliIo } from './terminal';

/** Longer stdin than this is refused: no token is a megabyte. */
const MAX_INPUT_BYTES = 1024 * 1024;

/** Reads all of stdin as UTF-8, refusing more than 1 MiB. */
export async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES)
      throw new UsageError('input_too_large', 'stdin holds more than 1 MiB; that is not a token');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The token inside `text`: trimmed, without `Authorization:`/`Bearer`, or the access_token of a response JSON. */
export function extractToken(text: string): string {
  let token = text.trim();
  if (token.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(token);
      if (
        parsed &&
        typeof parsed === 'object' &&
        typeof (parsed as { access_token?: unknown }).access_token === 'string'
      ) {
        return (parsed as { access_token: string }).access_token.trim();
      }
    } catch {
      // Not JSON after all: treat the text as the token itself.
    }
  }
  token = token.replace(/^authorization:\s*/i, '').replace(/^bearer\s+/i, '');
  return token.trim();
}

/** The token to work on, from the positional argument or stdin; a UsageError when there is none. */
export async function tokenFrom(args: ParsedArgs, io: CliIo, command: string): Promise<string> {
  const arg = args.positionals[0];
  let text: string;
  if (arg !== undefined && arg !== '-') {
    text = arg;
  } else if (arg === '-' || io.stdin.isTTY !== true) {
    text = await readStdin(io);
  } else {
    throw new UsageError(
      'argument_missing',
      `${command} needs a token`,
      `give it as an argument, or pipe it in: ... | client-creds ${command} -`,
    );
  }
  const token = extractToken(text);
  if (token === '')
    throw new UsageError('token_empty', 'the token is empty', 'give the token as an argument or on stdin');
  return token;
}
