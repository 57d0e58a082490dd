// The token handed to where it is used, in a real VS Code (code-server) in a real browser, against the real loopback
// authorization server: another extension gets a session from the `client-creds` authentication provider, a task
// reads ${command:clientCreds.accessToken} after the per-workspace consent prompt, a new terminal sees
// CLIENT_CREDS_ACCESS_TOKEN while clientCreds.terminalEnvironment is on, and VS Code starts an MCP server from
// clientCreds.mcpServers with a bearer that the MCP server verifies against the authorization server's JWKS. What
// the editor's side hands out is posted to a report server on loopback (never written to disk); at the end the
// leak scan looks for keys and tokens at rest. The cases run in order and share one editor.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type AuthServer,
  type CountingServer,
  jwksFromPublicKeyPem,
  startAuthServer,
  startCountingServer,
} from '../support/authServer';
import { type McpTestServer, startMcpServer } from '../support/mcpServer';
import { buildConsumerExtension, CONSUMER_COMMAND_TITLE, CONSUMER_REPORT_PATH } from './consumerExtension';
import { findVsix, makeWorkspace, verifyIssuedToken } from './fixtures';
import { answerBackupOffer, clipboardMatching, generateKey, newJackHenryProfile, statusCountdown } from './flows';
import { type E2eRun, type EditorWindow, startRun } from './harness';
import { browserStorageBesideSecrets, describeLeaks, filesAsText, findSecrets } from './leakScan';

const repoRoot = new URL('../..', import.meta.url).pathname;
const CASE_TIMEOUT = 180_000;
const API = { name: 'api', clientId: 'e2e-api-client', institutionId: 'a1b2c3d4-0000-4000-8000-e2e000000002' };
const MCP_LABEL = 'Client Creds test tools';
const TASK_LABEL = 'Report the token';
const GENERATE_KEY_TITLE = 'Client Creds: Generate Key Pair';

/** A script for the workspace: posts the CLIENT_CREDS_* and TASK_* variables it was started with to `url/<what>`. */
function reportScript(url: string): string {
  return `// Posts the variables this process got to the test's report server (prints nothing secret).
const what = process.argv[2] ?? 'unknown';
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(CLIENT_CREDS_|TASK_)/.test(k)));
fetch(${JSON.stringify(url)} + '/' + what, { method: 'POST', body: JSON.stringify(env) }).then(
  () => console.log('reported ' + what),
  (e) => { console.error(String(e)); process.exitCode = 1; },
);
`;
}

/** A VS Code variable reference, `${ref}`, as tasks.json and launch.json spell it. */
const variable = (ref: string) => `\${${ref}}`;

/** tasks.json: the token through ${command:…} and the header through an `inputs` command with a profile argument. */
function tasksJson(profile: string): string {
  return JSON.stringify(
    {
      version: '2.0.0',
      tasks: [
        {
          label: TASK_LABEL,
          type: 'process',
          command: 'node',
          args: ['report.js', 'task'],
          options: {
            env: {
              TASK_TOKEN: variable('command:clientCreds.accessToken'),
              TASK_AUTHORIZATION: variable('input:authorization'),
            },
          },
          problemMatcher: [],
        },
      ],
      inputs: [
        {
          id: 'authorization',
          type: 'command',
          command: 'clientCreds.authorizationHeader',
          args: { profile },
        },
      ],
    },
    null,
    2,
  );
}

describe('the token handed to where it is used, in a real VS Code', { timeout: 30 * 60_000 }, () => {
  let run: E2eRun;
  let auth: AuthServer;
  let mcp: McpTestServer;
  let report: CountingServer;
  let editor: EditorWindow;
  let workspace: string;
  const tokens: string[] = [];

  /** The reports that arrived at `path`, parsed. */
  const reportsAt = (path: string) =>
    report.requests
      .filter((r) => r.path === path && r.body !== '')
      .map((r) => JSON.parse(r.body) as Record<string, unknown>);

  async function nextReport(path: string, before: number, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const all = reportsAt(path);
      if (all.length > before) return all[all.length - 1] as Record<string, unknown>;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no report at ${path} within ${timeoutMs} ms (have ${reportsAt(path).length})`);
  }

  /**
   * Sets a boolean user setting in the Settings editor and waits until settings.json says so (a ticked checkbox is
   * not yet a written setting: on a busy machine the editor can close before its delayed write, which is then lost,
   * so the change is made again), then a moment for VS Code to tell the extension host.
   */
  async function setSetting(id: string, value: boolean, attempts = 3): Promise<void> {
    const file = join(editor.server.userDataDir, 'User', 'settings.json');
    const pattern = new RegExp(`"${id.replaceAll('.', '\\.')}"\\s*:\\s*${value}`);
    const written = () => {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return pattern.test(text) || (!value && !text.includes(`"${id}"`));
    };
    for (let attempt = 1; ; attempt++) {
      await editor.workbench.setBooleanSetting(id, value);
      const deadline = Date.now() + 10_000;
      while (!written() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      if (written()) break;
      if (attempt >= attempts) throw new Error(`${id} was not written as ${value} to ${file} after ${attempts} tries`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }

  before(
    async () => {
      const built = findVsix(repoRoot);
      auth = await startAuthServer();
      mcp = await startMcpServer({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
      report = await startCountingServer({ status: 204 });
      run = await startRun();
      const consumer = await buildConsumerExtension(join(run.runDir, 'consumer-extension'), report.url, API.name);
      const vsix = join(run.runDir, basename(built));
      writeFileSync(vsix, readFileSync(built));
      workspace = makeWorkspace(join(run.runDir, 'handoff-workspace'), {
        'README.md': '# hand-off workspace\n',
        'report.js': reportScript(report.url),
        '.vscode/tasks.json': tasksJson(API.name),
      });
      editor = await run.openEditor({
        name: 'handoff',
        trust: false,
        folder: workspace,
        vsix,
        extraVsix: [consumer],
        userSettings: {
          // VS Code starts MCP servers only while its AI features are on (no sign-in is needed for that).
          'chat.disableAIFeatures': false,
          'clientCreds.mcpServers': [{ label: MCP_LABEL, url: mcp.url, profile: API.name }],
        },
      });
      // With the AI features on, the editor starts its agent host too; on a busy machine the extension host and
      // Client Creds come up well after the workbench. The cases start once its commands are registered.
      const titles = await editor.workbench.showPalette('Client Creds', GENERATE_KEY_TITLE, 180_000);
      assert.ok(
        titles.includes(GENERATE_KEY_TITLE),
        `Client Creds did not activate: the palette lists ${titles.join(' | ')}`,
      );
      await editor.workbench.closeQuickInput();
    },
    { timeout: 15 * 60_000 },
  );

  after(async () => {
    await run?.close();
    await mcp?.close();
    await auth?.close();
    await report?.close();
  });

  test('1. another extension gets a session with a token the server issued', { timeout: CASE_TIMEOUT }, () =>
    run.runCase(editor, '11-auth-provider', async () => {
      const wb = editor.workbench;
      await generateKey(wb, { keyName: API.name, copyPublicKey: true });
      const publicKeyPem = await clipboardMatching(wb, /^-----BEGIN PUBLIC KEY-----/);
      await auth.registerClient({
        clientId: API.clientId,
        jwks: jwksFromPublicKeyPem(publicKeyPem),
        institutionId: API.institutionId,
      });
      await answerBackupOffer(wb, API.name, 'Later');
      const next = await wb.waitForNotification(/Next: give the public key of "api" to your admin/);
      await wb.clickNotificationAction('New Profile', next);
      await newJackHenryProfile(wb, { ...API, tokenUrl: auth.tokenUrl, key: API.name, fromNotification: true });
      await wb.waitForNotification(/Profile "api" saved and active\./);

      const reportsBefore = reportsAt(CONSUMER_REPORT_PATH).length;
      const requestsBefore = auth.requests.length;
      await wb.runCommand(CONSUMER_COMMAND_TITLE);
      // VS Code's own per-extension consent, then Client Creds fetches (createIfNone).
      const consent = await wb.waitForDialog(/Client Creds Consumer \(test\)' wants to sign in using Client Creds/);
      await run.screenshot(editor, 'auth-provider-consent');
      await wb.clickButtonOf(consent, 'Allow');
      const received = await nextReport(CONSUMER_REPORT_PATH, reportsBefore);
      assert.equal(received.ok, true, `getSession failed: ${String(received.error)}`);
      const token = String(received.accessToken);
      tokens.push(token);
      const claims = await verifyIssuedToken(token, auth.jwksUrl, auth.issuer);
      assert.equal(claims.client_id, API.clientId);
      assert.equal(claims.institutionId, API.institutionId);
      assert.deepEqual(received.account, { id: API.name, label: `${API.name} (${API.clientId})` });
      assert.deepEqual(received.scopes, [`profile:${API.name}`]);
      assert.ok(
        auth.requests.slice(requestsBefore).some((r) => r.path.endsWith('/token')),
        'the session token was not fetched from the server',
      );
      // The session's token is the profile's: the status bar counts it down.
      assert.match((await statusCountdown(wb)).text, /\bapi\b/);

      // Asked again, the consumer gets the same session without any prompt or fetch.
      const fetchesBefore = auth.requests.filter((r) => r.path.endsWith('/token')).length;
      await wb.runCommand(CONSUMER_COMMAND_TITLE);
      const again = await nextReport(CONSUMER_REPORT_PATH, reportsBefore + 1);
      assert.equal(again.accessToken, token);
      assert.ok(Number(again.changes) >= 1, 'onDidChangeSessions never reached the other extension');
      assert.equal(auth.requests.filter((r) => r.path.endsWith('/token')).length, fetchesBefore);
    }),
  );

  test(
    `2. a task reads ${variable('command:clientCreds.accessToken')} after the consent prompt, once per workspace and profile`,
    { timeout: CASE_TIMEOUT },
    () =>
      run.runCase(editor, '12-task-variable', async () => {
        const wb = editor.workbench;
        const runTask = async () => {
          await wb.runCommand('Tasks: Run Task');
          // The task list appears once the workspace's tasks.json has been read.
          await wb.pickQuickItem(TASK_LABEL, 60_000);
        };
        const before = reportsAt('/task').length;
        await runTask();
        const consent = await wb.waitForDialog(
          /Allow this workspace's tasks and launch configurations to use the token of api\?/,
        );
        await run.screenshot(editor, 'task-consent');
        await wb.clickButtonOf(consent, 'Allow');
        const env = await nextReport('/task', before);
        const token = String(env.TASK_TOKEN);
        tokens.push(token);
        assert.equal((await verifyIssuedToken(token, auth.jwksUrl, auth.issuer)).client_id, API.clientId);
        assert.equal(env.TASK_AUTHORIZATION, `Bearer ${token}`);

        // Remembered: the second run asks nothing.
        await runTask();
        const second = await nextReport('/task', before + 1);
        assert.equal(second.TASK_TOKEN, token);
        assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'the consent was asked again');

        // Revoked: the next run asks again, and declining cancels the task.
        await wb.runCommand('Client Creds: Revoke Token Access of Tasks and Launch Configurations');
        await wb.pickQuickLabel(API.name);
        await runTask();
        const askedAgain = await wb.waitForDialog(/use the token of api\?/);
        await wb.clickButtonOf(askedAgain, 'Cancel');
        await wb.page.waitForTimeout(3_000);
        assert.equal(reportsAt('/task').length, before + 2, 'the task ran although the consent was declined');
      }),
  );

  test(
    '3. with clientCreds.terminalEnvironment on, a new terminal sees the token; off, it does not',
    { timeout: CASE_TIMEOUT },
    () =>
      run.runCase(editor, '13-terminal-environment', async () => {
        const wb = editor.workbench;
        await setSetting('clientCreds.terminalEnvironment', true);
        const onBefore = reportsAt('/terminal-on').length;
        await wb.runInNewTerminal('node report.js terminal-on');
        const env = await nextReport('/terminal-on', onBefore);
        assert.equal(typeof env.CLIENT_CREDS_ACCESS_TOKEN, 'string', `the terminal got ${Object.keys(env).join(', ')}`);
        const token = String(env.CLIENT_CREDS_ACCESS_TOKEN);
        tokens.push(token);
        assert.equal((await verifyIssuedToken(token, auth.jwksUrl, auth.issuer)).client_id, API.clientId);
        assert.equal(env.CLIENT_CREDS_PROFILE, API.name);
        assert.match(String(env.CLIENT_CREDS_TOKEN_TYPE), /^bearer$/i);
        const expiresAt = Number(env.CLIENT_CREDS_EXPIRES_AT);
        assert.ok(expiresAt > Date.now() / 1000 && expiresAt < Date.now() / 1000 + 3600, `expires at ${expiresAt}`);
        await run.screenshot(editor, 'terminal-environment');

        await setSetting('clientCreds.terminalEnvironment', false);
        const offBefore = reportsAt('/terminal-off').length;
        await wb.runInNewTerminal('node report.js terminal-off');
        const off = await nextReport('/terminal-off', offBefore);
        assert.deepEqual(off, {}, 'a terminal opened after the setting went off still has Client Creds variables');
      }),
  );

  test(
    '4. VS Code starts the MCP server of clientCreds.mcpServers with a valid bearer',
    { timeout: CASE_TIMEOUT },
    () =>
      run.runCase(editor, '14-mcp-server', async () => {
        const wb = editor.workbench;
        assert.equal(mcp.accepted.length, 0, 'the MCP server was called before it was started');
        await wb.runCommand('MCP: List Servers');
        await wb.pickQuickItem(MCP_LABEL);
        await wb.pickQuickItem('Start Server');
        const deadline = Date.now() + 60_000;
        while (mcp.accepted.length === 0 && Date.now() < deadline) await wb.page.waitForTimeout(250);
        assert.ok(
          mcp.accepted.length > 0,
          `the MCP server got no verified request; refused: ${JSON.stringify(mcp.refused)}`,
        );
        assert.deepEqual(mcp.refused, []);
        for (const request of mcp.accepted) {
          assert.equal(request.claims.client_id, API.clientId);
          assert.equal(request.claims.iss, auth.issuer);
        }
        await run.screenshot(editor, 'mcp-server-started');
      }),
  );

  test('5. no private key or token at rest after the hand-offs', { timeout: CASE_TIMEOUT }, () =>
    run.runCase(editor, '15-no-secrets-stored', async () => {
      assert.ok(tokens.length >= 3, 'earlier cases handed out no token, so a clean scan would mean nothing');
      const settings = readFileSync(join(editor.server.userDataDir, 'User', 'settings.json'), 'utf8');
      assert.ok(settings.includes(API.clientId), 'the profile is not in the user settings scanned');
      // SecretStorage is where keys and tokens belong; everything else is scanned, the workspace state (task consent)
      // and the terminal state among it.
      const scanned = [
        ...filesAsText(editor.server.userDataDir),
        ...filesAsText(workspace),
        ...(await browserStorageBesideSecrets([editor.workbench.page])),
      ];
      const leaks = findSecrets(
        scanned,
        auth.issuer,
        tokens.map((value) => ({ what: 'a token handed out', value })),
      );
      assert.equal(leaks.length, 0, `secrets found:\n${describeLeaks(leaks)}`);
      console.log(`[e2e] scanned ${scanned.length} files and storage records after the hand-offs: no key, no token`);
    }),
  );
});
