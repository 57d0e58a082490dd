// The MCP server definition provider end to end, without the editor: the extension's services (TokenService,
// FreshTokens, McpServers) against the real loopback authorization server (oidc-provider) and a real MCP server
// (the SDK's Streamable HTTP transport, test/support/mcpServer.ts) that verifies every bearer against the
// authorization server's JWKS. The definitions have the shape of vscode.McpHttpServerDefinition, and the MCP
// client uses their headers on every request the way the editor does. This covers what the end-to-end suite cannot
// when the editor under test does not start extension-provided MCP servers.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SignJWT } from 'jose';
import type { McpHttpServerDefinition } from 'vscode';
import { createProfile } from '../../src/core/profiles';
import { FreshTokens } from '../../src/extension/services/freshToken';
import { KeyStore } from '../../src/extension/services/keyStore';
import { Log } from '../../src/extension/services/log';
import { McpServers } from '../../src/extension/services/mcpServers';
import { ProfileSettings } from '../../src/extension/services/profileSettings';
import { SecretStore } from '../../src/extension/services/secretStore';
import { TokenService } from '../../src/extension/services/tokenService';
import { type AuthServer, jwksFromPublicKeyPem, startAuthServer } from '../support/authServer';
import { type McpTestServer, startMcpServer, WHOAMI_TOOL } from '../support/mcpServer';
import { Keychain, TestLogSink, TestMemento, TestSecretStorage, TestSettings } from '../unit/extension/fakes';

/** vscode.McpHttpServerDefinition's members, with a WHATWG URL standing in for the Uri (only its text is used). */
class HttpDefinition implements Pick<McpHttpServerDefinition, 'label' | 'headers' | 'version'> {
  headers: Record<string, string> = {};
  version?: string;
  constructor(
    readonly label: string,
    public uri: URL,
  ) {}
}

/** Connects an MCP client with the definition's headers on every request and calls the whoami tool. */
async function whoami(def: HttpDefinition): Promise<{ client_id?: string; sub?: string }> {
  const client = new Client({ name: 'client-creds-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(def.uri, { requestInit: { headers: def.headers } });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name: WHOAMI_TOOL });
    const [first] = result.content as { type: string; text: string }[];
    return JSON.parse(first?.text ?? '{}') as { client_id?: string; sub?: string };
  } finally {
    await client.close();
  }
}

describe('MCP servers behind client credentials', () => {
  let auth: AuthServer;
  let mcp: McpTestServer;
  const sink = new TestLogSink();
  const log = new Log(sink);
  const secrets = new SecretStore(new TestSecretStorage(new Keychain()));
  const profiles = new ProfileSettings(new TestSettings());
  const keys = new KeyStore({ secrets, state: new TestMemento() });
  let tokens: TokenService;
  let servers: McpServers<HttpDefinition>;
  let fetches = 0;
  let changes = 0;

  before(async () => {
    auth = await startAuthServer();
    mcp = await startMcpServer({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
    tokens = new TokenService({
      secrets,
      keys,
      profiles,
      log,
      httpOptions: async () => ({ useEnvProxy: false, timeoutMs: 10_000 }),
    });
    const key = await keys.generate('bank', { alg: 'ES256' });
    await auth.registerClient({ clientId: 'mcp-bank-client', jwks: jwksFromPublicKeyPem(key.publicKeyPem) });
    await profiles.save(
      createProfile('jack-henry', {
        name: 'bank',
        clientId: 'mcp-bank-client',
        tokenUrl: auth.tokenUrl,
        alg: 'ES256',
        key: 'bank',
      }),
    );
    const fresh = new FreshTokens({
      current: (name) => tokens.current(name),
      reload: (name) => tokens.reload(name),
      fetch: async (name) => {
        fetches++;
        return (await tokens.fetch(name)).token;
      },
    });
    servers = new McpServers<HttpDefinition>({
      setting: () => [{ label: 'Bank tools', url: mcp.url, profile: 'bank' }],
      define: (entry) => new HttpDefinition(entry.label, new URL(entry.url)),
      freshToken: (name) => fresh.get(name),
      onDidChangeToken: tokens.onDidChange,
      explain: (e) => (e instanceof Error ? e.message : String(e)),
      log,
    });
    servers.onDidChangeMcpServerDefinitions(() => changes++);
  });

  after(async () => {
    servers?.dispose();
    tokens?.dispose();
    await mcp?.close();
    await auth?.close();
  });

  test('without the resolved header the MCP server refuses the client', async () => {
    const [def] = servers.provideMcpServerDefinitions();
    assert.ok(def);
    assert.deepEqual(def.headers, {}, 'a definition carried a token before it was resolved');
    await assert.rejects(whoami(def));
    assert.equal(mcp.accepted.length, 0);
    assert.match(mcp.refused.at(-1)?.reason ?? '', /no Authorization header/);
  });

  test('a resolved definition carries a token the server verifies against the JWKS, for the profile client', async () => {
    const [def] = servers.provideMcpServerDefinitions();
    assert.ok(def);
    const resolved = await servers.resolveMcpServerDefinition(def);
    assert.ok(resolved);
    assert.match(resolved.headers.Authorization ?? '', /^Bearer eyJ/);
    const answer = await whoami(resolved);
    assert.equal(answer.client_id, 'mcp-bank-client');
    assert.ok(mcp.accepted.length >= 2, 'the MCP client made no verified requests');
    assert.ok(mcp.accepted.every((r) => r.claims.client_id === 'mcp-bank-client' && r.claims.iss === auth.issuer));
    assert.equal(fetches, 1);
    assert.equal(changes, 1, 'the first token of the profile did not fire the change event');
    assert.ok(!sink.lines.join('\n').includes(resolved.headers.Authorization ?? '-'), 'the token reached the log');
  });

  test('the next start reuses the cached token; a refresh fires the change event and hands out the new one', async () => {
    const [again] = servers.provideMcpServerDefinitions();
    assert.ok(again);
    const first = (await servers.resolveMcpServerDefinition(again))?.headers.Authorization;
    assert.equal(fetches, 1, 'a fresh cached token was fetched again');
    await tokens.fetch('bank');
    assert.equal(changes, 2);
    const [later] = servers.provideMcpServerDefinitions();
    assert.ok(later);
    const second = (await servers.resolveMcpServerDefinition(later))?.headers.Authorization;
    assert.notEqual(second, first);
    assert.equal((await whoami(later)).client_id, 'mcp-bank-client');
  });

  test('a bearer the authorization server did not sign is refused before the MCP layer', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = await new SignJWT({ client_id: 'mcp-bank-client' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(auth.issuer)
      .setExpirationTime('5m')
      .sign(privateKey);
    const def = new HttpDefinition('Bank tools', new URL(mcp.url));
    def.headers = { Authorization: `Bearer ${forged}` };
    const acceptedBefore = mcp.accepted.length;
    await assert.rejects(whoami(def));
    assert.equal(mcp.accepted.length, acceptedBefore);
    assert.match(mcp.refused.at(-1)?.reason ?? '', /did not verify/);
  });
});
