// The import rules of ARCHITECTURE.md, checked on the source: each room of src/ imports only what its row allows.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';

const SRC = resolve(__dirname, '..', '..', 'src');

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
  /** The imported file as a path below src/, for relative imports. */
  target?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5] ?? '';
    const imp: Import = { file: relative(SRC, file), spec, typeOnly: m[2] !== undefined };
    if (spec.startsWith('.')) imp.target = relative(SRC, resolve(dirname(file), spec));
    out.push(imp);
  }
  return out;
}

const all = sourceFiles(SRC).flatMap(importsOf);
const from = (room: string) => all.filter((i) => i.file.startsWith(room));
const describeImport = (i: Import) => `${i.file} imports '${i.spec}'${i.typeOnly ? ' (type)' : ''}`;

describe('import rules (ARCHITECTURE.md)', () => {
  test('the source was read', () => {
    assert.ok(all.length > 200, `only ${all.length} imports found`);
    assert.ok(from('core/').length > 20);
  });

  test('core imports neither vscode nor a front', () => {
    const bad = from('core/').filter(
      (i) => i.spec === 'vscode' || /^(cli|extension|webview|shared)\//.test(i.target ?? ''),
    );
    assert.deepEqual(bad.map(describeImport), []);
  });

  test('the CLI imports neither vscode nor the extension', () => {
    const bad = from('cli/').filter((i) => i.spec === 'vscode' || /^(extension|webview)\//.test(i.target ?? ''));
    assert.deepEqual(bad.map(describeImport), []);
  });

  test('extension services and base pieces use vscode for types only, and no UI or command code', () => {
    const rooms = [...from('extension/services/'), ...from('extension/base/')];
    const bad = rooms.filter(
      (i) =>
        (i.spec === 'vscode' && !i.typeOnly) ||
        /^extension\/(ui|commands|claims)\//.test(i.target ?? '') ||
        /^cli\//.test(i.target ?? ''),
    );
    assert.deepEqual(bad.map(describeImport), []);
  });

  test('no extension code imports the CLI', () => {
    assert.deepEqual(
      from('extension/')
        .filter((i) => /^cli\//.test(i.target ?? ''))
        .map(describeImport),
      [],
    );
  });

  test('the webview imports only shared code, its own modules and Node-free core decoding', () => {
    const allowedCore = new Set(['core/jwt']);
    const bad = from('webview/').filter((i) => {
      if (!i.target) return true; // no packages, no Node built-ins, no vscode in browser code
      if (i.target.startsWith('webview/') || i.target.startsWith('shared/')) return false;
      return !allowedCore.has(i.target);
    });
    assert.deepEqual(bad.map(describeImport), []);
  });

  test('shared code has no imports with effects', () => {
    const bad = from('shared/').filter((i) => !i.typeOnly && !(i.target ?? '').startsWith('shared/'));
    assert.deepEqual(bad.map(describeImport), []);
  });
});
