// The MCP server definition provider: which entries of clientCreds.mcpServers become definitions, the headers a
// resolved definition carries, the change events, and failures that reject with the commands' explanation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClientCredsError, KeyError } from '../../../../src/core/errors';
import { Emitter } from '../../../../src/extension/base/events';
import type { CachedToken } from '../../../../src/extension/services/cachedToken';
import { Log } from '../../../../src/extension/services/log';
import { type McpServerEntry, McpServers, readMcpServers } from '../../../../src/extension/services/mcpServers';
import { TestLogSink } from '../fakes';

/** The shape of vscode.McpHttpServerDefinition (label read-only; uri, headers, version writable). */
class HttpDefinition {
  headers: Record<string, string>;
  version?: string;
  constructor(
    readonly label: string,
    public uri: URL,
    headers?: Record<string, string>,
  ) {
    this.headers = headers ?? {};
  }
}

const GOOD = { label: 'Bank tools', url: 'https://mcp.bank.example/mcp', profile: 'bank' };

describe('readMcpServers', () => {
  const refused: { name: string; value: unknown; problem: RegExp }[] = [
    { name: 'not a list', value: { label: 'x' }, problem: /must be a list/ },
    { name: 'not an object', value: ['https://x'], problem: /entry 1 is not an object/ },
    { name: 'no label', value: [{ url: GOOD.url, profile: 'bank' }], problem: /needs label/ },
    { name: 'blank profile', value: [{ ...GOOD, profile: ' ' }], problem: /needs profile/ },
    { name: 'url not a string', value: [{ ...GOOD, url: 42 }], problem: /needs url/ },
    { name: 'plain http to a remote host', value: [{ ...GOOD, url: 'http://mcp.example/mcp' }], problem: /https/ },
    { name: 'credentials in the url', value: [{ ...GOOD, url: 'https://u:p@mcp.example/' }], problem: /user:password/ },
    { name: 'a fragment', value: [{ ...GOOD, url: 'https://mcp.example/#x' }], problem: /fragment/ },
    { name: 'not a URL', value: [{ ...GOOD, url: 'mcp.example' }], problem: /https/ },
    { name: 'a file URL', value: [{ ...GOOD, url: 'file:///etc/passwd' }], problem: /https/ },
  ];
  for (const c of refused) {
    test(`refuses ${c.name}`, () => {
      const { servers, problems } = readMcpServers(c.value);
      assert.deepEqual(servers, []);
      assert.match(problems.join('\n'), c.problem);
    });
  }

  test('accepts https and loopback http, trims, and keeps the first of two equal labels', () => {
    const { servers, problems } = readMcpServers([
      { ...GOOD, label: ' Bank tools ' },
      { label: 'Local', url: 'http://127.0.0.1:8123/mcp', profile: 'dev' },
      { label: 'Bank tools', url: 'https://other.example/mcp', profile: 'bank' },
    ]);
    assert.deepEqual(servers, [GOOD, { label: 'Local', url: 'http://127.0.0.1:8123/mcp', profile: 'dev' }]);
    assert.deepEqual(problems, ['"Bank tools" is listed twice; the first entry is used']);
    assert.deepEqual(readMcpServers(undefined), { servers: [], problems: [] });
  });
});

describe('McpServers', () => {
  function setup(setting: unknown, tokenFor: (profile: string) => Promise<CachedToken>) {
    const tokenChanges = new Emitter<string>();
    const sink = new TestLogSink();
    let value = setting;
    const asked: string[] = [];
    const servers = new McpServers<HttpDefinition>({
      setting: () => value,
      define: (entry: McpServerEntry) => new HttpDefinition(entry.label, new URL(entry.url)),
      freshToken: (profile) => {
        asked.push(profile);
        return tokenFor(profile);
      },
      onDidChangeToken: tokenChanges.event,
      explain: (e) => (e instanceof ClientCredsError ? `${e.message}. ${e.hint}` : 'unexpected'),
      log: new Log(sink),
    });
    let changes = 0;
    servers.onDidChangeMcpServerDefinitions(() => changes++);
    return {
      servers,
      sink,
      asked,
      tokenChanges,
      changes: () => changes,
      setSetting: (v: unknown) => {
        value = v;
      },
    };
  }
  const bearer = (accessToken: string): CachedToken => ({
    accessToken,
    tokenType: 'bearer',
    obtainedAt: 0,
    tokenEndpoint: 'https://x/t',
  });

  test('definitions come from the setting without fetching anything; invalid entries are logged once', () => {
    const t = setup([GOOD, { label: 'bad', url: 'http://remote.example', profile: 'bank' }], async () =>
      bearer('never'),
    );
    const defs = t.servers.provideMcpServerDefinitions();
    t.servers.provideMcpServerDefinitions();
    assert.deepEqual(
      defs.map((d) => [d.label, d.uri.href, d.headers]),
      [['Bank tools', GOOD.url, {}]],
    );
    assert.deepEqual(t.asked, []);
    assert.equal(t.sink.lines.filter((l) => l.includes('"bad"')).length, 1);
  });

  test('resolving adds Authorization: Bearer <token of the profile> and keeps other headers', async () => {
    const t = setup([GOOD, { label: 'Work', url: 'https://mcp.work.example/', profile: 'work' }], async (p) =>
      bearer(`${p}.token.value`),
    );
    const [bank, work] = t.servers.provideMcpServerDefinitions();
    assert.ok(bank && work);
    bank.headers = { 'X-Tenant': 'a' };
    const resolved = await t.servers.resolveMcpServerDefinition(bank);
    assert.deepEqual(resolved?.headers, { 'X-Tenant': 'a', Authorization: 'Bearer bank.token.value' });
    assert.equal((await t.servers.resolveMcpServerDefinition(work))?.headers.Authorization, 'Bearer work.token.value');
    assert.deepEqual(t.asked, ['bank', 'work']);
    assert.ok(!t.sink.lines.join('\n').includes('token.value'), 'a token reached the log');
  });

  test('a server removed from the setting since it was listed is not started', async () => {
    const t = setup([GOOD], async () => bearer('t'));
    const [def] = t.servers.provideMcpServerDefinitions();
    t.setSetting([]);
    assert.equal(await t.servers.resolveMcpServerDefinition(def as HttpDefinition), undefined);
    assert.deepEqual(t.asked, []);
  });

  test('no token: rejects with the explanation the commands show', async () => {
    const t = setup([GOOD], async () => {
      throw new KeyError('key_missing', 'profile "bank" has no private key', 'run Generate Key Pair');
    });
    const [def] = t.servers.provideMcpServerDefinitions();
    await assert.rejects(
      t.servers.resolveMcpServerDefinition(def as HttpDefinition),
      /profile "bank" has no private key\. run Generate Key Pair/,
    );
  });

  test('a token that would break the header line is refused, not sent', async () => {
    const t = setup([GOOD], async () => bearer('abc\r\nX-Evil: 1'));
    const [def] = t.servers.provideMcpServerDefinitions();
    await assert.rejects(t.servers.resolveMcpServerDefinition(def as HttpDefinition), /unexpected/);
    assert.deepEqual((def as HttpDefinition).headers, {});
  });

  test('a new token for a profile a server uses fires the change event; other profiles do not', () => {
    const t = setup([GOOD], async () => bearer('t'));
    t.tokenChanges.fire('work');
    assert.equal(t.changes(), 0);
    t.tokenChanges.fire('bank');
    assert.equal(t.changes(), 1);
    t.servers.settingChanged();
    assert.equal(t.changes(), 2);
  });
});
