// The build makes one CLI bundle per file of src/cli/commands (esbuild.mjs cliCommands), and the launcher picks it by
// the command's name: that list, the specs and the dispatcher's table must name the same commands.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { COMMAND_MODULES } from '../../../src/cli/commandTable';
import { COMMANDS } from '../../../src/cli/specs';

test('every command has a spec, a line in the table and a file in src/cli/commands, under one name', async () => {
  const buildScript = pathToFileURL(join(import.meta.dirname, '../../../esbuild.mjs')).href;
  const { cliCommands } = (await import(buildScript)) as {
    cliCommands: () => { name: string; module: string }[];
  };
  const built = cliCommands().map((c) => c.name);
  const specs = COMMANDS.map((c) => c.name).sort();
  assert.deepEqual(built, specs);
  assert.deepEqual(Object.keys(COMMAND_MODULES).sort(), specs);
  assert.ok(built.includes('client-assertion') && built.includes('dpop-proof'));
});
