import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { CommandId, ContextKeys, SETTINGS_SECTION, SettingKey, ViewType } from '../../../src/extension/contract';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, unknown> };
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
});
