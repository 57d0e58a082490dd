/**
 * A real MCP server on loopback for tests: the official SDK's Streamable HTTP transport (stateless, JSON responses)
 * behind a bearer check. Every request must carry `Authorization: Bearer <JWT>` whose signature verifies against
 * the authorization server's JWKS and whose `iss` is that server; anything else gets 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3) and never reaches the MCP layer. One tool,
 * `whoami`, answers with the verified token's `client_id` and `sub`.
 *
 * Use: const mcp = await startMcpServer({ issuer: auth.issuer, jwksUrl: auth.jwksUrl }); ... mcp.url ...;
 *      mcp.accepted / mcp.refused; await mcp.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { closeServer } from './countingServer';

/** A request whose bearer verified. */
export interface AcceptedRequest {
  method: string;
  claims: JWTPayload;
}

/** A request refused before the MCP layer, with the reason (never the token). */
export interface RefusedRequest {
  method: string;
  reason: string;
}

/** A running MCP test server. */
export interface McpTestServer {
  /** The Streamable HTTP endpoint, http://127.0.0.1:PORT/mcp. */
  url: string;
  accepted: AcceptedRequest[];
  refused: RefusedRequest[];
  close(): Promise<void>;
}

/** The tool's name and what it answers. */
export const WHOAMI_TOOL = 'whoami';

function refuse(res: ServerResponse, status: number, error: string, description: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'www-authenticate': `Bearer error="${error}", error_description="${description}"`,
  });
  res.end(JSON.stringify({ error, error_description: description }));
}

/** Starts the server on 127.0.0.1 (a free port unless `port` is given). */
export async function startMcpServer(opts: { issuer: string; jwksUrl: string; port?: number }): Promise<McpTestServer> {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
  const accepted: AcceptedRequest[] = [];
  const refused: RefusedRequest[] = [];

  async function verifyBearer(req: IncomingMessage): Promise<JWTPayload | string> {
    const header = req.headers.authorization;
    if (!header) return 'no Authorization header';
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header);
    if (!match?.[1]) return 'not a Bearer authorization';
    try {
      const { payload } = await jwtVerify(match[1], jwks, { issuer: opts.issuer });
      return payload;
    } catch (e) {
      return `the token did not verify: ${(e as { code?: string }).code ?? 'error'}`;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? '';
    if (!(req.url ?? '/').startsWith('/mcp')) {
      res.writeHead(404).end();
      return;
    }
    const verified = await verifyBearer(req);
    if (typeof verified === 'string') {
      refused.push({ method, reason: verified });
      refuse(res, 401, 'invalid_token', verified);
      return;
    }
    accepted.push({ method, claims: verified });
    const server = new McpServer({ name: 'client-creds-test-mcp', version: '1.0.0' });
    server.registerTool(
      WHOAMI_TOOL,
      { description: 'The client id and subject of the bearer token this request carried' },
      async () => ({
        content: [{ type: 'text', text: JSON.stringify({ client_id: verified.client_id, sub: verified.sub }) }],
      }),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(e instanceof Error ? e.message : 'error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    accepted,
    refused,
    close: () => closeServer(http),
  };
}
