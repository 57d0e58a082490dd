/**
 * Prints the steps of core's token flow the way Jack Henry's helper does — the payload, the signed JWT, the request
 * about to be sent — as the flow observer reports them, so a failure later still leaves the earlier steps on screen.
 * The assertion is shown in the steps (the user's own terminal, as the helper does) but is registered as a secret so
 * no error line can repeat it.
 */
import type { X509Certificate } from 'node:crypto';
import type { LintFinding } from '../core/assertion';
import { certificateNote } from '../core/certificate';
import type { FetchTokenResult } from '../core/flow';
import { FLOW_STEP_TITLES, type FlowEvent, type FlowObserver } from '../core/flowSteps';
import type { DecodedToken } from '../core/jwt';
import { decodeToken, timeClaims } from '../core/jwt';
import { printableText } from '../core/printable';
import type { TokenResponse } from '../core/tokenClient';
import { tokenRequestBody } from '../core/tokenClient';
import { expiryLine, formLines, timeClaimLines, tokenShape } from './format';
import type { StepWriter } from './terminal';

/** What the printer needs besides the observer's details. */
export interface StepContext {
  readonly keyLabel: string;
  readonly privateKeyPath: string;
  readonly secrets: string[];
}

/** Longest metadata value printed (URLs included), in characters. */
const METADATA_MAX = 400;

function metadataText(value: string): string {
  return printableText(value, METADATA_MAX);
}

/** A flow observer that prints each step to `out` and keeps the signed assertion for later use. */
export class AssertionStepPrinter implements FlowObserver {
  /** The assertion as signed in the 'sign' step (undefined before it). */
  assertion: string | undefined;
  /** The header and payload from the 'payload' step, for lint after a refusal. */
  header: Record<string, unknown> | undefined;
  payload: Record<string, unknown> | undefined;
  /** The endpoints as the steps reported them, for lint after a refusal. */
  tokenEndpoint: string | undefined;
  issuer: string | undefined;
  /** The DPoP proof of the request about to be sent (undefined without DPoP). */
  private dpopProof: string | undefined;

  constructor(
    private readonly out: StepWriter,
    private readonly ctx: StepContext,
  ) {}

  step(event: FlowEvent): void {
    switch (event.step) {
      case 'discovery':
        this.issuer = event.issuer;
        this.out.heading(FLOW_STEP_TITLES.discovery);
        // Metadata is the server's text: printed through printableText, like every other server string.
        this.out.line(`issuer          ${metadataText(event.issuer)}`);
        this.out.line(`token endpoint  ${metadataText(event.tokenEndpoint)}`);
        if (event.jwksUri) this.out.line(`jwks_uri        ${metadataText(event.jwksUri)}`);
        if (Array.isArray(event.signingAlgs)) {
          this.out.line(`accepts         ${printableText(event.signingAlgs.map(String).join(', '), METADATA_MAX)}`);
        }
        return;
      case 'payload':
        this.header = event.header;
        this.payload = event.payload;
        this.out.heading(FLOW_STEP_TITLES.payload);
        this.out.json(this.payload);
        return;
      case 'sign': {
        const jwt = event.assertion;
        this.assertion = jwt;
        this.ctx.secrets.push(jwt);
        this.out.heading(FLOW_STEP_TITLES.sign);
        this.out.note(
          `header ${JSON.stringify(this.header ?? { alg: event.alg })}, ${this.ctx.keyLabel} key ${this.ctx.privateKeyPath}`,
        );
        this.out.line(jwt);
        return;
      }
      case 'dpop':
        this.printDpop(event);
        return;
      case 'request':
        this.printRequest(event);
        return;
      case 'response':
        return;
    }
  }

  private printDpop(event: Extract<FlowEvent, { step: 'dpop' }>): void {
    this.dpopProof = event.proof;
    this.ctx.secrets.push(event.proof);
    this.out.heading(FLOW_STEP_TITLES.dpop);
    if (event.nonceRetry) {
      this.out.note(
        'the server answered use_dpop_nonce: sending once more with its nonce, a fresh assertion and proof',
      );
    }
    this.out.note(`${event.alg}, DPoP key thumbprint (cnf.jkt) ${event.thumbprint}`);
    this.out.line(`htm ${event.htm}  htu ${event.htu}${event.nonce === undefined ? '' : `  nonce ${event.nonce}`}`);
    this.out.line(event.proof);
  }

  private printRequest(event: Extract<FlowEvent, { step: 'request' }>): void {
    this.tokenEndpoint = event.url;
    const { grant_type, client_assertion_type, scope, client_id, ...extra } = event.params;
    this.out.heading(FLOW_STEP_TITLES.request);
    this.out.line(`${event.method} ${event.url}`);
    this.out.line('Content-Type: application/x-www-form-urlencoded');
    if (this.dpopProof !== undefined) this.out.line(`DPoP: ${this.dpopProof}`);
    this.out.line();
    // The same body core sends, rebuilt by core for display.
    const body = tokenRequestBody({
      tokenEndpoint: event.url,
      clientAssertion: this.assertion ?? '',
      ...(scope ? { scope } : {}),
      ...(client_id ? { clientId: client_id } : {}),
      extra,
    });
    for (const line of formLines(body)) this.out.line(line);
  }
}

/** Prints the token answer: the JSON as received, then what the access token is and when it expires. */
export function printTokenResponse(out: StepWriter, response: TokenResponse, opts: { showJson: boolean }): void {
  if (opts.showJson) {
    out.heading('Token POST response:');
    out.json(response.raw);
  }
}

/** Prints the decoded access token (claims, or "opaque") and its expiry. */
export function printAccessToken(
  out: StepWriter,
  response: TokenResponse,
  expiresAt: number | undefined,
  nowMs: number,
): void {
  const decoded: DecodedToken = decodeToken(response.accessToken);
  out.heading('Access token');
  out.line(`${printableText(response.tokenType, 40)} ${tokenShape(decoded)}`);
  if (decoded.kind === 'jwt') {
    out.line();
    out.json(decoded.payload);
    const times = timeClaimLines(timeClaims(decoded.payload, nowMs));
    if (times.length > 0) {
      out.line();
      for (const line of times) out.line(line);
    }
  }
  out.line();
  out.line(expiryLine(expiresAt, nowMs));
}

/** Prints how a DPoP token is bound to the DPoP key (nothing for a token fetched without DPoP). */
export function printDpopBinding(out: StepWriter, dpop: FetchTokenResult['dpop']): void {
  if (!dpop) return;
  const how: Record<typeof dpop.binding, string> = {
    bound: `bound to the DPoP key: cnf.jkt = ${dpop.thumbprint}`,
    'no-cnf': `DPoP token without cnf.jkt: the server keeps the binding to key ${dpop.thumbprint}`,
    opaque: `opaque DPoP token: the server keeps the binding to key ${dpop.thumbprint}`,
  };
  out.line(how[dpop.binding]);
  out.note(
    'every request with it needs a fresh proof: client-creds dpop-proof --dpop-key=... --url=... --access-token=-',
  );
}

/** Prints lint findings as `warning:`/`note:` lines (never `error:`, which is reserved for the failure itself). */
export function printLint(
  out: StepWriter,
  findings: readonly LintFinding[],
  levels: readonly LintFinding['level'][],
): void {
  const shown = findings.filter((f) => levels.includes(f.level));
  if (shown.length === 0) return;
  out.heading('Checks');
  for (const f of shown) {
    const text = `${f.level === 'info' ? 'note' : 'warning'}: ${f.message}`;
    if (f.level === 'info') out.note(text);
    else out.warn(text);
  }
}

/** Notes about the key input (skipped certificates) and the certificate whose thumbprint the header will carry. */
export function printKeyNotes(
  out: StepWriter,
  setup: { notes: readonly string[]; certificate?: X509Certificate },
  nowMs: number,
): void {
  for (const note of setup.notes) out.note(`note: ${note}`);
  if (!setup.certificate) return;
  const { text, warning } = certificateNote(setup.certificate, nowMs);
  if (warning) out.warn(`warning: ${text}`);
  else out.note(text);
}
