/**
 * A protected resource on loopback that accepts only DPoP-bound access tokens (RFC 9449 §7), checked with jose the
 * way a resource server must: `Authorization: DPoP <token>` and exactly one `DPoP` proof; the proof verified with
 * its embedded key (typ dpop+jwt, an allowed alg), `htm` and `htu` equal to this request, `iat` recent, `jti` not
 * seen before, `ath` = the token's hash, and the resource's own nonce when it asks for one; the token verified
 * against the authorization server's JWKS (issuer, expiry) and its `cnf.jkt` equal to the proof key's thumbprint.
 * Refusals are 401 with `WWW-Authenticate: DPoP error="..."` and the reason in the JSON body, for the test to read.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, createRemoteJWKSet, EmbeddedJWK, type JWK, jwtVerify } from 'jose';
import { closeServer } from './countingServer';
import { DPOP_PROOF_ALGS } from './providerConfig';

/** What the resource answered, as recorded for the test. */
export interface ResourceDecision {
  status: number;
  error?: string;
  reason?: string;
  clientId?: string;
}

/** A running resource server. */
export interface ResourceServer {
  /** The resource URL, e.g. http://127.0.0.1:40123/a/api/accounts */
  url: string;
  /** Every decision, in order. */
  decisions: ResourceDecision[];
  /** When set, a proof must carry this resource's current nonce (RFC 9449 §9); it is offered in DPoP-Nonce. */
  requireNonce: boolean;
  readonly nonce: string;
  close(): Promise<void>;
}

/** How far a proof's iat may be from now, in seconds. */
const IAT_WINDOW_SECONDS = 60;

class Refusal extends Error {
  constructor(
    readonly error: 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce',
    reason: string,
  ) {
    super(reason);
  }
}

/** Starts the resource at /a/api/accounts on 127.0.0.1, trusting tokens of `issuer` signed with keys at `jwksUrl`. */
export async function startResourceServer(opts: { issuer: string; jwksUrl: string }): Promise<ResourceServer> {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
  const seenJti = new Set<string>();
  const decisions: ResourceDecision[] = [];
  const path = '/a/api/accounts';
  let origin = '';
  const state = { requireNonce: false, nonce: randomUUID() };

  async function check(req: IncomingMessage): Promise<string> {
    const authorization = req.headers.authorization ?? '';
    const match = /^DPoP ([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization);
    if (!match?.[1]) throw new Refusal('invalid_token', 'no Authorization: DPoP token');
    const token = match[1];
    const proofs = req.headersDistinct.dpop ?? [];
    if (proofs.length !== 1 || !proofs[0]) throw new Refusal('invalid_dpop_proof', 'not exactly one DPoP header');

    let proof: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      proof = await jwtVerify(proofs[0], EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...DPOP_PROOF_ALGS] });
    } catch (e) {
      throw new Refusal('invalid_dpop_proof', `proof signature: ${(e as Error).message}`);
    }
    const { payload, protectedHeader } = proof;
    const target = new URL(req.url ?? '/', origin);
    target.search = '';
    if (payload.htm !== req.method) throw new Refusal('invalid_dpop_proof', 'htm differs from the request method');
    if (payload.htu !== target.href) throw new Refusal('invalid_dpop_proof', 'htu differs from the request URL');
    if (typeof payload.iat !== 'number' || Math.abs(Date.now() / 1000 - payload.iat) > IAT_WINDOW_SECONDS) {
      throw new Refusal('invalid_dpop_proof', 'iat is not recent');
    }
    if (typeof payload.jti !== 'string' || seenJti.has(payload.jti)) {
      throw new Refusal('invalid_dpop_proof', 'jti missing or replayed');
    }
    seenJti.add(payload.jti);
    if (payload.ath !== createHash('sha256').update(token, 'ascii').digest('base64url')) {
      throw new Refusal('invalid_dpop_proof', 'ath is not the hash of the access token');
    }
    if (state.requireNonce && payload.nonce !== state.nonce) throw new Refusal('use_dpop_nonce', 'nonce required');

    let claims: Record<string, unknown>;
    try {
      claims = (await jwtVerify(token, jwks, { issuer: opts.issuer })).payload;
    } catch (e) {
      throw new Refusal('invalid_token', `access token: ${(e as Error).message}`);
    }
    const jkt = (claims.cnf as { jkt?: unknown } | undefined)?.jkt;
    if (jkt !== (await calculateJwkThumbprint(protectedHeader.jwk as JWK))) {
      throw new Refusal('invalid_token', 'cnf.jkt is not the thumbprint of the proof key');
    }
    return String(claims.client_id);
  }

  const server = createServer((req, res) => {
    const answer = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'dpop-nonce': state.nonce, ...headers });
      res.end(JSON.stringify(body));
    };
    if (new URL(req.url ?? '/', origin).pathname !== path) {
      answer(404, { error: 'not_found' });
      return;
    }
    check(req).then(
      (clientId) => {
        decisions.push({ status: 200, clientId });
        answer(200, { accounts: [], client_id: clientId });
      },
      (e: unknown) => {
        const refusal = e instanceof Refusal ? e : new Refusal('invalid_token', 'unexpected error');
        decisions.push({ status: 401, error: refusal.error, reason: refusal.message });
        answer(
          401,
          { error: refusal.error, reason: refusal.message },
          { 'www-authenticate': `DPoP error="${refusal.error}", algs="${DPOP_PROOF_ALGS.join(' ')}"` },
        );
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${path}`,
    decisions,
    get requireNonce() {
      return state.requireNonce;
    },
    set requireNonce(value: boolean) {
      state.requireNonce = value;
    },
    get nonce() {
      return state.nonce;
    },
    close: () => closeServer(server),
  };
}
