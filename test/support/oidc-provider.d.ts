// The part of panva's oidc-provider (v9, shipped without type declarations) that the test
// authorization server uses. Kept deliberately small: configuration stays a plain record, since
// the provider validates it at construction and its full type would be hundreds of lines.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** The provider's view of a registered client (camel-cased metadata plus extra properties). */
  export interface ProviderClient {
    clientId: string;
    clientName?: string;
    [property: string]: unknown;
  }

  /** The Koa context fields the test server reads. */
  export interface ProviderContext {
    method: string;
    path: string;
    req: IncomingMessage;
    oidc?: { body?: Record<string, string | string[] | undefined>; client?: ProviderClient; route?: string };
  }

  /** A token model instance handed to `extraTokenClaims`. */
  export interface ProviderToken {
    clientId?: string;
    kind?: string;
  }

  /** An error the provider raised while answering; `error_detail` is never sent to the client. */
  export interface ProviderError extends Error {
    error?: string;
    error_description?: string;
    error_detail?: string;
    statusCode?: number;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): this;
    on(event: string, listener: (ctx: ProviderContext, error: ProviderError) => void): this;
    readonly Client: {
      validate(metadata: Record<string, unknown>): Promise<void>;
      find(clientId: string): Promise<ProviderClient | undefined>;
    };
  }

  export const errors: {
    InvalidClientAuth: new (detail: string) => ProviderError;
    InvalidTarget: new (detail?: string) => ProviderError;
    InvalidRequest: new (description: string) => ProviderError;
  };
}
