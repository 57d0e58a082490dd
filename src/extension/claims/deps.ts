/**
 * What the claims panel, its serializer and the Inspect Claims command need from the rest of the
 * extension, as plain interfaces so the wiring in `activate()` stays explicit.
 */
import type { HttpClient } from '../../core/http';

/** The current profile's cached access token, as the token cache hands it out. */
export interface CurrentToken {
  token: string;
  profileName: string;
  /** The issuer's JWKS URL when discovery found one; otherwise the panel discovers it from `iss`. */
  jwksUri?: string;
  /** Epoch ms, for tokens without `iat` (opaque ones). */
  obtainedAt?: number;
  /** Epoch ms from `expires_in`, for tokens without `exp` (opaque ones). */
  expiresAt?: number;
  /** Only for a DPoP token: the RFC 7638 thumbprint of the profile's DPoP key (`undefined` when none is stored). */
  dpop?: { keyThumbprint: string | undefined };
}

/** Where the panel writes what it ignored or failed at. Never given token text. */
export interface ClaimsLog {
  warn(message: string): void;
  info(message: string): void;
}

/** The dependencies shared by Inspect Claims and the panel serializer. */
export interface ClaimsDeps {
  /** The current token, or undefined when there is none (never throws for "no token"). */
  getCurrentToken(): Promise<CurrentToken | undefined>;
  /**
   * An HTTP client configured with the user's proxy and CA settings, used to fetch the JWKS. It is
   * borrowed: the panel never closes it. Without it the panel makes a default client per check.
   */
  http?: () => Promise<HttpClient> | HttpClient;
  log?: ClaimsLog;
  /** Copies the token for the panel's Copy button (so the clipboard-clearing setting applies). */
  copy?: (token: string) => Promise<void>;
}
