/**
 * `npm run demo`: the whole job on loopback, with the real CLI (dist/cli.js, built by the npm script).
 * Starts the loopback authorization server (oidc-provider configured like Jack Henry's), generates a
 * key pair with `client-creds keygen`, registers the public key as a service account the way a back
 * office administrator does in Banno's Users & Groups, runs `client-creds client-assertion` exactly as
 * Jack Henry's quickstart runs its helper (plus --token-url to aim it at loopback), then runs the
 * generic preset once (discovery from the issuer, aud = the token endpoint, exp in seconds). Every CLI step prints
 * (the CLI inherits the terminal). At the end the demo checks, from what the server received, that
 * each request carried the assertion it should, and exits non-zero if anything failed. Nothing leaves
 * 127.0.0.1; the temporary key directory and the server are removed on exit.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AuthServer, jwksFromPublicKeyPem, type RecordedRequest, startAuthServer } from './support/authServer';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function section(title: string, ...lines: string[]): void {
  console.log(`\n${bold(`=== ${title}`)}`);
  for (const line of lines) console.log(`    ${line}`);
  console.log();
}

/** Runs the CLI with the terminal attached; resolves with its exit code. Async, since the server shares this event loop. */
function runCli(args: string[]): Promise<number> {
  console.log(bold(`$ client-creds ${args.join(' ')}`));
  // Loopback must never go through a proxy, whatever the environment says.
  const env = { ...process.env, NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1' };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** The decoded payload of the client_assertion a recorded token request carried. */
function assertionPayload(request: RecordedRequest | undefined): Record<string, unknown> | undefined {
  const assertion = new URLSearchParams(request?.body ?? '').get('client_assertion');
  const payload = assertion?.split('.')[1];
  return payload
    ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)
    : undefined;
}

function tokenRequests(server: AuthServer): RecordedRequest[] {
  return server.requests.filter((r) => r.method === 'POST' && r.path === new URL(server.tokenUrl).pathname);
}

async function demo(server: AuthServer, dir: string): Promise<string[]> {
  const problems: string[] = [];
  const step = async (what: string, args: string[]) => {
    const code = await runCli(args);
    if (code !== 0) problems.push(`${what}: client-creds exited with ${code}`);
    return code === 0;
  };

  section(
    'A loopback authorization server',
    'panva/oidc-provider, set up like Jack Henry\'s token endpoint: client credentials grant, "private_key_jwt"',
    'client authentication only, JWT access tokens with institutionId and clientName, 10 minute tokens.',
    `issuer          ${server.issuer}`,
    `token endpoint  ${server.tokenUrl}`,
  );

  section(
    'Step 1: generate a key pair',
    'The private key stays with you (a 0600 file here). The public key is what you hand to the',
    "administrator; it is printed in the PEM form Banno's Users & Groups screen takes.",
  );
  const privateKey = join(dir, 'private.pem');
  const publicKey = join(dir, 'public.pem');
  if (!(await step('keygen', ['keygen', '--alg=PS256', `--out=${privateKey}`, `--public-out=${publicKey}`]))) {
    return problems;
  }

  const clientId = randomUUID();
  const institutionId = randomUUID();
  section(
    'Step 2: the administrator registers the public key',
    'In Banno this is Users & Groups: name "Test Application", type Service account / Signed JWT, paste',
    'public.pem, pick the associated user, Save. Saving creates the client id. Here it is one call:',
  );
  await server.registerClient({
    clientId,
    jwks: jwksFromPublicKeyPem(readFileSync(publicKey, 'utf8')),
    clientName: 'Test Application',
    institutionId,
  });
  console.log(`    client id       ${clientId}`);
  console.log(`    institution id  ${institutionId}`);

  section(
    "Step 3: get an access token, Jack Henry's way",
    'The same command line as the quickstart, plus --token-url to aim it at loopback. It builds the',
    'payload (aud = the token URL, exp in milliseconds, as Jack Henry documents), signs it PS256, posts',
    'it, and shows the answer, the decoded access token and when it expires.',
  );
  const before = tokenRequests(server).length;
  const jackHenryOk = await step('jack-henry preset', [
    'client-assertion',
    `--client-id=${clientId}`,
    `--private-key=${privateKey}`,
    `--token-url=${server.tokenUrl}`,
  ]);
  if (jackHenryOk) {
    const sent = assertionPayload(tokenRequests(server)[before]);
    if (sent?.aud !== server.tokenUrl) problems.push('jack-henry preset: the assertion aud was not the token URL');
    if (!(typeof sent?.exp === 'number' && sent.exp > 1e11)) problems.push('jack-henry preset: exp was not in ms');
  }

  section(
    'Step 4: the same server as any OAuth 2.0 server (generic preset)',
    'Only the issuer is given: the token endpoint comes from discovery (.well-known/openid-configuration),',
    'aud is the token endpoint URL (OpenID Connect Core §9), exp is in seconds (RFC 7519), client_id is in the form.',
  );
  const discoveryBefore = server.requests.filter((r) => r.path.includes('/.well-known/')).length;
  const genericBefore = tokenRequests(server).length;
  const genericOk = await step('generic preset', [
    'client-assertion',
    '--preset=generic',
    `--issuer=${server.issuer}`,
    `--client-id=${clientId}`,
    `--private-key=${privateKey}`,
  ]);
  if (genericOk) {
    const sent = assertionPayload(tokenRequests(server)[genericBefore]);
    if (server.requests.filter((r) => r.path.includes('/.well-known/')).length === discoveryBefore) {
      problems.push('generic preset: no discovery request reached the server');
    }
    if (sent?.aud !== server.tokenUrl) problems.push('generic preset: the assertion aud was not the token endpoint');
    if (!(typeof sent?.exp === 'number' && sent.exp < 1e11)) problems.push('generic preset: exp was not in seconds');
  }
  return problems;
}

async function main(): Promise<number> {
  if (!existsSync(cli)) {
    console.error('error: dist/cli.js is missing; run `npm run demo` (it builds first) or `npm run build`');
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'client-creds-demo-'));
  const server = await startAuthServer();
  try {
    const problems = await demo(server, dir);
    const failures = server.failures.map((f) => `${f.error}${f.detail ? ` (${f.detail})` : ''}`);
    section(
      problems.length === 0 ? 'Done: every step worked' : 'Done, with problems',
      `requests the server received: ${server.requests.length}; refused: ${server.failures.length}`,
      ...failures.map((f) => `server refused: ${f}`),
      ...problems.map((p) => `problem: ${p}`),
    );
    return problems.length === 0 && failures.length === 0 ? 0 : 1;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
