/**
 * A real OAuth 2.0 authorization server on loopback for tests, the demo and the benchmark: panva's
 * oidc-provider (OpenID Certified) configured like Jack Henry's production token endpoint (see
 * providerConfig.ts): issuer http://127.0.0.1:PORT/a/oidc-provider, token endpoint
 * http://127.0.0.1:PORT/a/oidc-provider/api/v0/token, discovery at
 * /a/oidc-provider/.well-known/openid-configuration, keys at /a/oidc-provider/api/v0/jwks,
 * client_credentials with private_key_jwt only, JWT access tokens with institutionId and clientName.
 *
 * Client assertions: `aud` may be the issuer or the token endpoint URL; `exp` may be in seconds
 * (RFC 7519) or in milliseconds (Jack Henry's helper); a reused jti is refused (replay cache, fresh
 * for every server); a key that is not registered gives invalid_client; a client registered with
 * certificates (`x5c` in its JWKS) must name one by `x5t#S256` or `x5t`, as Microsoft Entra ID asks. Clients (service
 * accounts) are registered at runtime, from a JWKS, a public key PEM or a jwks_uri. The server's own signing key is
 * generated at start; nothing is read from disk and nothing listens beyond 127.0.0.1.
 *
 * Use from code:   const server = await startAuthServer(); await server.registerClient({...}); ...; await server.close();
 * Use standalone:  tsx test/support/authServer.ts [--port 4455] [--register CLIENT_ID:public.pem ...]
 *                  prints the issuer and token URL, runs until interrupted.
 * Test-only HTTP endpoints (same loopback server, outside the issuer path):
 *   POST /test/clients  JSON {clientId, jwks | publicKeyPem, algs?, clientName?, institutionId?} -> 201 {clientId, tokenUrl, issuer}
 *   GET  /test/requests -> {requests: [{path, method, body?}]} (what `requests` holds, for out-of-process tests)
 * `requests` records every request outside /test/ (path with query, method, form body when the
 * provider parsed one); `failures` records each refused token request with the provider's reason.
 */
import { createHash, createPublicKey, generateKeyPair, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Provider } from 'oidc-provider';
import { closeServer, readBody } from './countingServer';
import { buildProviderConfiguration, type DpopNonceMode, type ServiceAccount } from './providerConfig';
import { ProviderStore } from './providerStore';

export { type CountingServer, startCountingServer } from './countingServer';

/** A request the server received (outside the /test/ endpoints). */
export interface RecordedRequest {
  path: string;
  method: string;
  body?: string;
}

/** A token request the provider refused, with its internal reason (never sent to the client). */
export interface RecordedFailure {
  path: string;
  error: string;
  detail?: string;
}

/** A client to register: its public keys (or where it publishes them) and Jack Henry style service account details. */
export interface ClientRegistration {
  clientId: string;
  /** The client's public keys, registered with the client. */
  jwks?: { keys: unknown[] };
  /** Instead of `jwks`: where the client publishes its JWKS (needs `allowLoopbackFetch` for a loopback URL). */
  jwksUri?: string;
  /** Restricts the assertion algorithms this client may use (default: any the server supports). */
  algs?: string[];
  /** Default "Test Application", the name Jack Henry's quickstart uses. */
  clientName?: string;
  /** Default a fresh UUID. */
  institutionId?: string;
}

/** A running loopback authorization server. */
export interface AuthServer {
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
  port: number;
  registerClient(c: ClientRegistration): Promise<void>;
  /**
   * Re-reads a jwks_uri client's JWKS now, as the provider does by itself only when an assertion names a key its
   * copy lacks and the copy is over 60 s old: what a test does in place of waiting for the server's cache to expire.
   */
  refreshClientJwks(clientId: string): Promise<void>;
  close(): Promise<void>;
  requests: RecordedRequest[];
  failures: RecordedFailure[];
}

/** Where Jack Henry's provider is mounted; the issuer is origin + this path. */
export const DEFAULT_ISSUER_PATH = '/a/oidc-provider';

type OidcModule = typeof import('oidc-provider');
let oidcModule: Promise<OidcModule> | undefined;

/**
 * Loads oidc-provider once. Its import prints "Unsupported runtime" on Node 20 (it targets 22+,
 * and runs fine here); only that one line is held back, every other warning still prints.
 */
function loadOidcProvider(): Promise<OidcModule> {
  oidcModule ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
      warn(...args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return oidcModule;
}

/** RFC 7638 thumbprint of a public JWK (the members each key type requires, sorted, SHA-256). */
function thumbprint(jwk: Record<string, unknown>): string {
  const members: Record<string, string[]> = {
    RSA: ['e', 'kty', 'n'],
    EC: ['crv', 'kty', 'x', 'y'],
    OKP: ['crv', 'kty', 'x'],
  };
  const names = members[String(jwk.kty)];
  if (!names) throw new Error(`unsupported key type ${String(jwk.kty)}`);
  const canonical = `{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(jwk[n])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * A JWKS from a public key PEM (what Jack Henry's Users & Groups screen takes). The key's `kid` is its
 * RFC 7638 thumbprint, so assertions without a kid, or with the thumbprint as kid, both find it.
 * Refuses private keys (the public half is what gets registered).
 */
export function jwksFromPublicKeyPem(pem: string): { keys: Record<string, unknown>[] } {
  if (/PRIVATE KEY/.test(pem)) throw new Error('expected a public key PEM, got a private key');
  const jwk = createPublicKey(pem).export({ format: 'jwk' }) as Record<string, unknown>;
  return { keys: [{ ...jwk, kid: thumbprint(jwk), use: 'sig' }] };
}

/** Thumbprints of the first `x5c` certificate of each registered key, when any key has one. */
function certificateThumbprints(keys: unknown[]): { certificateThumbprints?: { sha256: string[]; sha1: string[] } } {
  const ders = keys
    .map((k) => (k as { x5c?: unknown }).x5c)
    .filter((x5c): x5c is string[] => Array.isArray(x5c) && typeof x5c[0] === 'string')
    .map((x5c) => Buffer.from(x5c[0] as string, 'base64'));
  if (ders.length === 0) return {};
  const digest = (hash: string) => ders.map((der) => createHash(hash).update(der).digest('base64url'));
  return { certificateThumbprints: { sha256: digest('sha256'), sha1: digest('sha1') } };
}

/** The provider's own RS256 signing key, generated per server. */
async function generateSigningJwk(): Promise<Record<string, unknown>> {
  const privateKey = await new Promise<import('node:crypto').KeyObject>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _pub, priv) => (err ? reject(err) : resolve(priv))),
  );
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { ...jwk, kid: thumbprint(jwk), alg: 'RS256', use: 'sig' };
}

/** How a test server is started; see {@link DpopNonceMode} and ProviderConfigInput for the last two. */
export interface AuthServerOptions {
  port?: number;
  issuerPath?: string;
  dpopNonce?: DpopNonceMode;
  allowLoopbackFetch?: boolean;
  /** Form parameters every token request must carry (a server that wants, say, Auth0's `audience`). */
  requiredFormParams?: readonly string[];
  /** Scopes served beside the usual `openid full`, such as a Microsoft Entra ID style `api://x/.default`. */
  extraScopes?: readonly string[];
}

/** Starts the server on 127.0.0.1 (ephemeral port unless `port` is given). */
export async function startAuthServer(opts: AuthServerOptions = {}): Promise<AuthServer> {
  const { Provider, errors } = await loadOidcProvider();
  const issuerPath = (opts.issuerPath ?? DEFAULT_ISSUER_PATH).replace(/\/+$/, '');
  const requests: RecordedRequest[] = [];
  const failures: RecordedFailure[] = [];
  const accounts = new Map<string, ServiceAccount>();
  const store = new ProviderStore();
  const recordOf = new WeakMap<IncomingMessage, RecordedRequest>();
  let provider: Provider | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/test/')) {
      testEndpoint(req, res, path).catch((e: unknown) => sendJson(res, 400, { error: describeRefusal(e) }));
      return;
    }
    const record: RecordedRequest = { path, method: req.method ?? '' };
    requests.push(record);
    recordOf.set(req, record);
    if (handle && (path === issuerPath || path.startsWith(`${issuerPath}/`) || path.startsWith(`${issuerPath}?`))) {
      // Mounted the way connect/express mount it: the provider sees the path below the prefix and
      // finds the prefix again in originalUrl when it builds its own URLs.
      Object.assign(req, { originalUrl: path });
      req.url = path.slice(issuerPath.length) || '/';
      handle(req, res);
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const issuer = `${origin}${issuerPath}`;

  try {
    provider = new Provider(
      issuer,
      buildProviderConfiguration({
        store,
        signingJwk: await generateSigningJwk(),
        resource: `${origin}/a/api`,
        serviceAccount: (clientId) => accounts.get(clientId),
        ...(opts.requiredFormParams ? { requiredFormParams: opts.requiredFormParams } : {}),
        errors,
        ...(opts.dpopNonce ? { dpopNonce: opts.dpopNonce } : {}),
        ...(opts.allowLoopbackFetch ? { allowLoopbackFetch: true } : {}),
        ...(opts.extraScopes ? { extraScopes: opts.extraScopes } : {}),
      }),
    );
  } catch (e) {
    await closeServer(server);
    throw e;
  }
  provider.use(async (ctx, next) => {
    await next();
    const record = recordOf.get(ctx.req);
    const body = ctx.oidc?.body;
    if (record && body) record.body = formEncode(body);
  });
  provider.on('grant.error', (ctx, err) => {
    failures.push({
      path: recordOf.get(ctx.req)?.path ?? ctx.path,
      error: err.error ?? err.message,
      detail: err.error_detail,
    });
  });
  provider.on('server_error', (ctx, err) => {
    failures.push({ path: recordOf.get(ctx.req)?.path ?? ctx.path, error: 'server_error', detail: err.message });
    console.error(`auth server: internal error on ${ctx.path}: ${err.message}`);
  });
  handle = provider.callback();
  const activeProvider = provider;

  async function registerClient(c: ClientRegistration): Promise<void> {
    if ((c.jwks === undefined) === (c.jwksUri === undefined)) throw new Error('give jwks or jwksUri, not both');
    const metadata = {
      client_id: c.clientId,
      client_name: c.clientName ?? 'Test Application',
      ...(c.jwks ? { jwks: c.jwks } : { jwks_uri: c.jwksUri }),
      scope: ['openid', 'full', ...(opts.extraScopes ?? [])].join(' '),
      ...(c.algs?.length === 1 ? { token_endpoint_auth_signing_alg: c.algs[0] } : {}),
    };
    await activeProvider.Client.validate(metadata);
    accounts.set(c.clientId, {
      clientId: c.clientId,
      clientName: metadata.client_name,
      institutionId: c.institutionId ?? randomUUID(),
      accountId: randomUUID(),
      algs: c.algs,
      ...certificateThumbprints(c.jwks?.keys ?? []),
    });
    store.putClient(metadata);
  }

  async function refreshClientJwks(clientId: string): Promise<void> {
    const client = await activeProvider.Client.find(clientId);
    const keystore = client?.asymmetricKeyStore as { freshUntil?: number; refresh(): Promise<void> } | undefined;
    if (!client?.jwksUri || !keystore) throw new Error(`${clientId} is not a jwks_uri client`);
    keystore.freshUntil = 0;
    await keystore.refresh();
  }

  async function testEndpoint(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'POST' && path === '/test/clients') {
      const input = JSON.parse(await readBody(req, 64 * 1024)) as Record<string, unknown>;
      if (typeof input.clientId !== 'string' || !input.clientId) throw new Error('clientId is required');
      const jwks =
        typeof input.publicKeyPem === 'string'
          ? jwksFromPublicKeyPem(input.publicKeyPem)
          : (input.jwks as { keys: unknown[] } | undefined);
      if (!jwks || !Array.isArray(jwks.keys)) throw new Error('jwks or publicKeyPem is required');
      await registerClient({
        clientId: input.clientId,
        jwks,
        algs: Array.isArray(input.algs) ? input.algs.map(String) : undefined,
        clientName: typeof input.clientName === 'string' ? input.clientName : undefined,
        institutionId: typeof input.institutionId === 'string' ? input.institutionId : undefined,
      });
      sendJson(res, 201, { clientId: input.clientId, issuer, tokenUrl: `${issuer}/api/v0/token` });
    } else if (req.method === 'GET' && path === '/test/requests') {
      sendJson(res, 200, { requests });
    } else {
      sendJson(res, 404, { error: 'not_found' });
    }
  }

  return {
    issuer,
    tokenUrl: `${issuer}/api/v0/token`,
    jwksUrl: `${issuer}/api/v0/jwks`,
    port,
    registerClient,
    refreshClientJwks,
    close: () => closeServer(server),
    requests,
    failures,
  };
}

function formEncode(body: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(name, v);
  }
  return params.toString();
}

/** One line for a refused /test/ call; oidc-provider's metadata errors carry the reason in error_description. */
function describeRefusal(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const description = (e as { error_description?: unknown }).error_description;
  return typeof description === 'string' ? `${e.message}: ${description}` : e.message;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Standalone mode: parse --port / --issuer-path / --register, start, print the URLs, wait for a signal. */
async function main(argv: string[]): Promise<void> {
  let port = 0;
  let issuerPath: string | undefined;
  const registrations: { clientId: string; pemPath: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]?.split(/=(.*)/s, 2) ?? [];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--port') port = Number(value());
    else if (flag === '--issuer-path') issuerPath = value();
    else if (flag === '--register') {
      const spec = value();
      const colon = spec.indexOf(':');
      if (colon <= 0) throw new Error(`--register expects CLIENT_ID:PUBLIC_PEM_PATH, got ${spec}`);
      registrations.push({ clientId: spec.slice(0, colon), pemPath: spec.slice(colon + 1) });
    } else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
  const server = await startAuthServer({ port, issuerPath });
  for (const r of registrations) {
    await server.registerClient({ clientId: r.clientId, jwks: jwksFromPublicKeyPem(readFileSync(r.pemPath, 'utf8')) });
  }
  console.log(`issuer     ${server.issuer}`);
  console.log(`token URL  ${server.tokenUrl}`);
  console.log(`jwks URL   ${server.jwksUrl}`);
  for (const r of registrations) console.log(`registered ${r.clientId}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
