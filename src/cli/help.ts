/** The `--help` texts, rendered from the command specs so that help and parser cannot disagree. */
import type { CommandSpec, FlagSpec } from './args';

const PROGRAM = 'client-creds';

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function flagLabel(flag: FlagSpec): string {
  return flag.type === 'boolean' ? `--${flag.name}` : `--${flag.name}=${flag.valueName ?? 'VALUE'}`;
}

/** The help text of one command. */
export function commandHelp(spec: CommandSpec): string {
  const out: string[] = [`${PROGRAM} ${spec.name} — ${spec.summary}`, '', 'Usage:'];
  for (const u of spec.usage) out.push(`  ${PROGRAM} ${u}`);
  if (spec.details?.length) {
    out.push('');
    for (const paragraph of spec.details) out.push(...wrap(paragraph, 96, ''), '');
    out.pop();
  }
  out.push('', 'Options:');
  const labels = [...spec.flags.map(flagLabel), '-h, --help'];
  const width = Math.min(28, Math.max(...labels.map((l) => l.length)));
  for (const flag of spec.flags) {
    const label = flagLabel(flag);
    const pad = label.length > width ? `\n${' '.repeat(width + 4)}` : ' '.repeat(width - label.length + 2);
    out.push(`  ${label}${pad}${flag.description}`);
  }
  out.push(`  ${'-h, --help'.padEnd(width + 2)}show this help`);
  if (spec.examples?.length) {
    out.push('', 'Examples:');
    for (const e of spec.examples) out.push(`  ${e}`);
  }
  return `${out.join('\n')}\n`;
}

/** The top-level help: the commands, the global options and the exit statuses. */
export function programHelp(commands: readonly CommandSpec[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const out = [
    `${PROGRAM} ${version} — OAuth 2.0 client credentials with a signed JWT client assertion (private_key_jwt)`,
    '',
    'Usage:',
    `  ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width + 2)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also after a command: client-creds keygen --help)',
    '  --version      print the version',
    '',
    'Exit status: 0 success, 1 failure, 2 usage error, 3 token not verified (verify), 130 interrupted.',
    'Colour only on a terminal, and never when NO_COLOR is set.',
    '',
  ];
  return out.join('\n');
}
