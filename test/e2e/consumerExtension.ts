// A second, tiny extension that the suite builds and installs next to Client Creds: it stands for "another
// extension" that asks for a token through VS Code's authentication API. Its one command calls
// vscode.authentication.getSession('client-creds', ['profile:<name>'], { createIfNone: true }) and posts what it
// received to the test's report server on loopback (never to disk, so the leak scan still means something).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createVSIX } from '@vscode/vsce';

/** The consumer's command title in the palette. */
export const CONSUMER_COMMAND_TITLE = 'Client Creds Consumer: Get Session';

/** Path under the report URL where the consumer posts the session (or the error). */
export const CONSUMER_REPORT_PATH = '/consumer';

/** The extension's source: plain CommonJS, no build step; `reportUrl` and `profile` are baked in. */
function extensionSource(reportUrl: string, profile: string): string {
  return `'use strict';
const vscode = require('vscode');
const REPORT = ${JSON.stringify(reportUrl + CONSUMER_REPORT_PATH)};
const SCOPES = [${JSON.stringify(`profile:${profile}`)}];
let changes = 0;
async function report(body) {
  await fetch(REPORT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
exports.activate = (context) => {
  context.subscriptions.push(
    vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === 'client-creds') changes++;
    }),
    vscode.commands.registerCommand('clientCredsConsumer.getSession', async () => {
      try {
        const session = await vscode.authentication.getSession('client-creds', SCOPES, { createIfNone: true });
        await report({ ok: true, id: session.id, accessToken: session.accessToken, account: session.account, scopes: session.scopes, changes });
        void vscode.window.showInformationMessage('Client Creds Consumer: got a session for ' + session.account.label);
      } catch (e) {
        await report({ ok: false, error: String(e && e.message ? e.message : e) });
      }
    }),
  );
};
exports.deactivate = () => {};
`;
}

/** Writes and packages the consumer extension under `dir`; returns the .vsix path. */
export async function buildConsumerExtension(dir: string, reportUrl: string, profile: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'client-creds-consumer',
    displayName: 'Client Creds Consumer (test)',
    description: 'Test extension: gets a Client Creds session through vscode.authentication.',
    version: '0.0.1',
    publisher: 'client-creds-tests',
    license: 'Apache-2.0',
    engines: { vscode: '^1.101.0' },
    main: './extension.js',
    activationEvents: [],
    contributes: {
      commands: [
        { command: 'clientCredsConsumer.getSession', title: 'Get Session', category: 'Client Creds Consumer' },
      ],
    },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'extension.js'), extensionSource(reportUrl, profile));
  writeFileSync(
    join(dir, 'README.md'),
    '# Client Creds Consumer\n\nA test extension of the Client Creds end-to-end suite.\n',
  );
  writeFileSync(join(dir, 'LICENSE'), 'Apache-2.0\n');
  const packagePath = join(dir, 'client-creds-consumer.vsix');
  await createVSIX({ cwd: dir, packagePath, dependencies: false, allowMissingRepository: true, skipLicense: true });
  return packagePath;
}
