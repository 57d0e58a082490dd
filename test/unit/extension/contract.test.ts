import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import {
  AuthProvider,
  CommandId,
  ContextKeys,
  McpProvider,
  SETTINGS_SECTION,
  SettingKey,
  ViewType,
} from '../../../src/extension/contract';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { scope?: string }> };
    authentication?: { id: string; label: string }[];
    mcpServerDefinitionProviders?: { id: string; label: string }[];
    walkthroughs: { steps: { completionEvents?: string[] }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const commandIds: string[] = Object.values(CommandId);

describe('the extension contract matches package.json', () => {
  test('every command id is contributed, and every contributed command has an id', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...commandIds].sort(), contributed);
  });

  test('menus and walkthrough steps name only known commands', () => {
    const known = new Set(commandIds);
    for (const items of Object.values(manifest.contributes.menus)) {
      for (const item of items) assert.ok(known.has(item.command), item.command);
    }
    for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
      for (const event of step.completionEvents ?? []) {
        if (event.startsWith('onCommand:')) assert.ok(known.has(event.slice('onCommand:'.length)), event);
      }
    }
  });

  test('every context key in a when clause or completion event is one the extension sets', () => {
    const keys = new Set<string>(Object.values(ContextKeys));
    const whens = Object.values(manifest.contributes.menus).flatMap((items) => items.map((i) => i.when ?? ''));
    const events = manifest.contributes.walkthroughs
      .flatMap((w) => w.steps)
      .flatMap((s) => s.completionEvents ?? [])
      .filter((e) => e.startsWith('onContext:'))
      .map((e) => e.slice('onContext:'.length));
    const used = [...whens, ...events].join(' ').match(/clientCreds\.[A-Za-z]+/g) ?? [];
    assert.ok(used.length > 0);
    for (const key of used) assert.ok(keys.has(key), key);
  });

  test('every setting key is contributed under the section, and every contributed setting has a key', () => {
    const contributed = Object.keys(manifest.contributes.configuration.properties).sort();
    const ours = Object.values(SettingKey)
      .map((k) => `${SETTINGS_SECTION}.${k}`)
      .sort();
    assert.deepEqual(ours, contributed);
  });

  test('the claims view type restores the panel on start-up', () => {
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${ViewType.claims}`));
  });

  test('the authentication provider and the MCP server definition provider are contributed under their ids', () => {
    assert.deepEqual(manifest.contributes.authentication, [{ id: AuthProvider.id, label: AuthProvider.label }]);
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders, [
      { id: McpProvider.id, label: McpProvider.label },
    ]);
  });

  test('settings that hand a token out cannot be set by a workspace', () => {
    for (const key of [SettingKey.terminalEnvironment, SettingKey.mcpServers]) {
      const scope = manifest.contributes.configuration.properties[`${SETTINGS_SECTION}.${key}`]?.scope;
      assert.ok(scope === 'application' || scope === 'machine', `${key} has scope ${scope}`);
    }
  });

  test('the token commands for tasks and launch configurations are hidden from the palette', () => {
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const id of [CommandId.AccessToken, CommandId.AuthorizationHeader]) {
      assert.equal(palette.find((item) => item.command === id)?.when, 'false', id);
    }
  });
});
