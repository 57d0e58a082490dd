// The built extension activates in a minimal in-process `vscode` (test/bench/activate-child.cjs) with and without
// the MCP server API: an editor that lacks vscode.lm.registerMcpServerDefinitionProvider still gets every command,
// the authentication provider and the terminal environment, and only the MCP registrations are missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const bundle = join(root, 'dist', 'extension.js');

function activate(withoutMcp: boolean): { subscriptions: number } {
  const result = spawnSync(process.execPath, [join(root, 'test', 'bench', 'activate-child.cjs'), bundle], {
    encoding: 'utf8',
    env: { ...process.env, ACTIVATE_WITHOUT_MCP_API: withoutMcp ? '1' : '0' },
  });
  assert.equal(result.status, 0, `activation failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { subscriptions: number };
}

test('activation does not need the MCP server API', () => {
  assert.ok(existsSync(bundle), 'dist/extension.js is missing: npm run build first (npm test does)');
  const withMcp = activate(false);
  const withoutMcp = activate(true);
  // The provider, its registration and its settings listener.
  assert.equal(withMcp.subscriptions - withoutMcp.subscriptions, 3);
  assert.ok(withoutMcp.subscriptions > 20, `only ${withoutMcp.subscriptions} disposables registered`);
});
