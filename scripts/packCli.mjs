// `npm run pack:cli`: the npm package of the command line, client-creds-<version>.tgz.
//
// The repository's package.json is the VS Code extension's manifest (vsce reads it, and it must stay private), so the
// CLI's package is generated: dist/npm/ gets the production CLI bundle (built here with esbuild.mjs's CLI targets), a
// package.json with a `bin` and no dependencies (the bundle holds jose and undici), the README's command-line section
// (with its DPoP and key rotation parts) as its README, LICENSE and NOTICE. Then `npm pack` packs that folder, so `npm install -g ./client-creds-<v>.tgz`
// and `npx --package=./client-creds-<v>.tgz client-creds ...` need nothing but Node.
//
// Usage: node scripts/packCli.mjs [--out DIR]   (default: the repository root); prints the tarball's path.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { cliTargets } from '../esbuild.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const out = resolve(outFlag > 0 ? (process.argv[outFlag + 1] ?? '') : root);
const stage = join(root, 'dist', 'npm');

/** The README's level-2 section whose heading starts with `title`, up to the next level-2 heading. */
function section(readme, title) {
  const start = readme.search(new RegExp(`^## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const rest = readme.slice(start);
  const next = rest.slice(3).search(/^## /m);
  return (next < 0 ? rest : rest.slice(0, next + 3)).trim();
}

/** A section for the command line only: what it says about the extension (from "In the extension") is left out. */
function withoutExtension(text) {
  const at = text.search(/^(\*\*)?In the extension\b/m);
  return (at < 0 ? text : text.slice(0, at)).trim();
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading) {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/**
 * The npm README: the command-line section (its subsections one level up), then DPoP and key rotation as they concern
 * the command line. A link to a part of the repository's README that is not in it becomes plain text.
 */
function npmReadme(readme) {
  const commandLine = section(readme, 'The command line')
    .replace(/^## .*\n/, '')
    .replace(/^###/gm, '##')
    .trim();
  const text = [
    '# client-creds',
    commandLine,
    withoutExtension(section(readme, 'DPoP: sender-constrained tokens')),
    withoutExtension(section(readme, 'Rotating keys')),
    "## License\n\nApache-2.0 (see LICENSE and NOTICE); the bundled libraries' licenses are in NOTICE and in the cli/*.LEGAL.txt files.",
  ].join('\n\n');
  const anchors = new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1])));
  return `${text.replace(/\[([^\]]+)\]\(#([^)]+)\)/g, (link, label, anchor) => (anchors.has(anchor) ? link : label))}\n`;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(stage, { recursive: true, force: true });
await Promise.all(cliTargets({ outdir: stage, production: true, plugins: [] }).map((t) => esbuild.build(t)));

const cliPackage = {
  name: manifest.name,
  version: manifest.version,
  description:
    "OAuth 2.0 access tokens with the client credentials grant and a signed JWT client assertion (private_key_jwt, RFC 7523), on the command line; the commands and flags of Jack Henry's helper.",
  license: manifest.license,
  keywords: manifest.keywords,
  bin: { 'client-creds': 'cli.js' },
  files: ['cli.js', 'cli/', 'NOTICE'],
  engines: { node: manifest.engines.node },
};
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(cliPackage, null, 2)}\n`);

const readme = readFileSync(join(root, 'README.md'), 'utf8');
writeFileSync(join(stage, 'README.md'), npmReadme(readme));
for (const file of ['LICENSE', 'NOTICE']) copyFileSync(join(root, file), join(stage, file));

mkdirSync(out, { recursive: true });
const packed = JSON.parse(
  execFileSync('npm', ['pack', stage, '--pack-destination', out, '--json', '--silent'], {
    cwd: root,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  }),
);
console.log(join(out, packed[0].filename));
