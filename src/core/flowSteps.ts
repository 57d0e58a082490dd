/**
 * The steps of a token fetch as the flow reports them: one typed event per step and the one title of each step.
 * Kept apart from flow.ts (and free of runtime imports) so that the fronts can name the steps without loading the
 * signing and HTTP code.
 */
import type { AssertionClaims, AssertionHeader } from './assertion';

/**
 * What each step of a token fetch reports, in order ('discovery' only when an issuer is discovered,
 * 'dpop' only when the profile uses DPoP). No event holds
 * the private key or the access token; 'sign' holds the signed assertion and 'dpop' the DPoP proof, which observers
 * must treat as secrets.
 */
export type FlowEvent =
  | {
      step: 'discovery';
      issuer: string;
      tokenEndpoint: string;
      jwksUri: string | undefined;
      signingAlgs: string[] | undefined;
    }
  | { step: 'payload'; header: AssertionHeader; payload: AssertionClaims }
  | { step: 'sign'; alg: string; kid: string | undefined; assertion: string }
  | {
      /** The DPoP proof of one token request (RFC 9449 §5); only when the profile uses DPoP. */
      step: 'dpop';
      alg: string;
      /** RFC 7638 thumbprint of the DPoP key: the `cnf.jkt` a bound token carries. */
      thumbprint: string;
      htm: string;
      htu: string;
      nonce: string | undefined;
      /** True for the one retry after the server answered `use_dpop_nonce` (RFC 9449 §8). */
      nonceRetry: boolean;
      /** The signed proof; observers treat it like the assertion. */
      proof: string;
    }
  | { step: 'request'; method: 'POST'; url: string; params: Record<string, string>; assertionLength: number }
  | {
      step: 'response';
      tokenType: string;
      /** Seconds, as the server said. */
      expiresIn: number | undefined;
      scope: string | undefined;
      /** Epoch milliseconds. */
      obtainedAt: number;
      /** Epoch milliseconds, only when the server gave `expires_in`. */
      expiresAt: number | undefined;
    };

/** The steps of a token fetch, in order. */
export type FlowStep = FlowEvent['step'];

/**
 * The one title of each step, for the CLI's headings and the extension's progress and log. "Creating the JWT
 * payload", "Signing the JWT" and "Sending the Token Request" are the words Jack Henry's helper prints.
 */
export const FLOW_STEP_TITLES: Readonly<Record<FlowStep, string>> = {
  discovery: 'Discovering the token endpoint',
  payload: 'Creating the JWT payload',
  sign: 'Signing the JWT',
  dpop: 'Creating the DPoP proof',
  request: 'Sending the Token Request',
  response: 'Reading the token response',
};

/** Receives each step as it happens (the CLI prints them, the extension logs them and shows progress). */
export interface FlowObserver {
  step?(event: FlowEvent): void;
}
