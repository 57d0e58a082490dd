// The CLI's import graph, read from the sources with TypeScript's parser: no file of src/cli is part of an import
// circle (type-only imports count: they tie files together as much as value imports do), no command module reaches
// the dispatcher, and what start-up loads statically holds no command module and neither undici nor jose.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI_DIR = join(ROOT, 'src/cli');

type ImportKind = 'static' | 'type' | 'dynamic';

interface Edge {
  /** A repository-relative path for a file of the project, or the bare specifier of a package. */
  target: string;
  kind: ImportKind;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(ROOT, candidate);
  }
  throw new Error(`${relative(ROOT, from)}: cannot resolve ${specifier}`);
}

/** Every import of a file: declarations (value or type-only), re-exports, and `import()` calls. */
function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (specifier: ts.Expression | undefined, kind: ImportKind) => {
    if (specifier && ts.isStringLiteral(specifier)) {
      edges.push({ target: resolveSpecifier(file, specifier.text), kind });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly ? 'type' : 'static');
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], 'dynamic');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The graph of the project's own files reachable from src/cli, with packages as leaves. */
function cliGraph(): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  const pending = tsFiles(CLI_DIR).map((f) => relative(ROOT, f));
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file) || !file.endsWith('.ts')) continue;
    const edges = importsOf(join(ROOT, file));
    graph.set(file, edges);
    for (const edge of edges) if (edge.target.startsWith('src/')) pending.push(edge.target);
  }
  return graph;
}

/** Every circle in the graph, each as the list of files around it. */
function circles(graph: Map<string, Edge[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const walk = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const { target } of graph.get(file) ?? []) {
      if (state.get(target) === 'open') found.push([...path.slice(path.indexOf(target)), target]);
      else if (!state.has(target) && graph.has(target)) walk(target);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) walk(file);
  return found;
}

/** The files and packages reachable from `start` through the given kinds of import. */
function reachable(graph: Map<string, Edge[]>, start: string, kinds: readonly ImportKind[]): Set<string> {
  const seen = new Set<string>();
  const pending = [start];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    for (const edge of graph.get(file) ?? []) {
      if (!kinds.includes(edge.kind) || seen.has(edge.target)) continue;
      seen.add(edge.target);
      pending.push(edge.target);
    }
  }
  return seen;
}

const graph = cliGraph();
const commandModules = [...graph.keys()].filter((f) => f.startsWith('src/cli/commands/')).sort();

describe('the CLI import graph', () => {
  test('reads every module of src/cli and the core files they use', () => {
    assert.ok(graph.has('src/cli/program.ts') && graph.has('src/core/flow.ts'), [...graph.keys()].join(', '));
    assert.ok(commandModules.length >= 5, `command modules: ${commandModules.join(', ')}`);
  });

  test('has no import circle, type-only imports included', () => {
    assert.deepEqual(
      circles(graph).map((c) => c.join(' -> ')),
      [],
    );
  });

  for (const file of commandModules) {
    test(`${file} reaches neither the dispatcher nor the command table`, () => {
      const seen = reachable(graph, file, ['static', 'type', 'dynamic']);
      for (const dispatcher of ['src/cli/program.ts', 'src/cli/commandTable.ts', 'src/cli/main.ts']) {
        assert.ok(!seen.has(dispatcher), `${file} reaches ${dispatcher}`);
      }
    });
  }

  test('start-up loads no command module, undici or jose (they come in with import())', () => {
    const startup = reachable(graph, 'src/cli/main.ts', ['static']);
    const heavy = [...startup].filter(
      (f) => f.startsWith('src/cli/commands/') || /^(undici|jose)(\/|$)/.test(f) || f === 'src/core/http.ts',
    );
    assert.deepEqual(heavy, []);
    // The table is loaded at start-up, and through it every command module, but only by import().
    assert.ok(startup.has('src/cli/commandTable.ts'));
    const loadable = reachable(graph, 'src/cli/main.ts', ['static', 'dynamic']);
    for (const file of commandModules) assert.ok(loadable.has(file), `${file} is never loaded`);
  });
});
