// What `npm run package` ships: the .vsix that the e2e suite installs must stay small and hold only what the
// installed extension runs or shows — no sources, tests, source maps or keys.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listFiles, PackageManager } from '@vscode/vsce';
import { findVsix } from './fixtures';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const VSIX_LIMIT_BYTES = 400 * 1024;

/** Every file the package may hold, by path relative to the repository. */
const ALLOWED = [
  /^dist\/(extension|pkcs12|keyBackup|undici|jose)\.js$/,
  /^dist\/webview\/webview\.(js|css)$/,
  /^media\/icon\.png$/,
  /^media\/walkthrough\/[\w-]+\.md$/,
  /^media\/screenshots\/[\w-]+\.png$/,
  /^(package\.json|README\.md|LICENSE|NOTICE|CHANGELOG\.md)$/,
];

test('the .vsix is at most 400 KiB', () => {
  const size = statSync(findVsix(root)).size;
  assert.ok(size <= VSIX_LIMIT_BYTES, `the .vsix is ${size} bytes, over ${VSIX_LIMIT_BYTES}`);
});

test('the package holds only what runs or shows: no sources, tests, maps or keys', async () => {
  const files = (await listFiles({ cwd: root, packageManager: PackageManager.None })).map((f) => f.replace(/\\/g, '/'));
  const unexpected = files.filter((f) => !ALLOWED.some((pattern) => pattern.test(f)));
  assert.deepEqual(unexpected, [], `files that should not be packaged: ${unexpected.join(', ')}`);
  for (const required of [
    'dist/extension.js',
    'dist/pkcs12.js',
    'dist/keyBackup.js',
    'dist/undici.js',
    'dist/jose.js',
    'dist/webview/webview.js',
    'package.json',
    'LICENSE',
    'README.md',
  ]) {
    assert.ok(files.includes(required), `${required} is missing from the package`);
  }
  for (const file of files) {
    const text = readFileSync(join(root, file), 'latin1');
    // A key is a PEM header followed by its base64 body (the bundle names the headers to recognise them).
    assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/]{64}/, `${file} holds a private key`);
    assert.doesNotMatch(text, /sourceMappingURL=\S+\.map/, `${file} points at a source map`);
  }
});
