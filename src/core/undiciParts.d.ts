// Types for the undici files that http.ts imports one by one, for proxied requests. Importing single files (instead of
// the package root) keeps fetch, WebSocket, the cache and the mock agent out of the bundles.
// undici has no "exports" map, so these paths resolve in esbuild, tsx and node alike; the types are undici's own.

declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import { EnvHttpProxyAgent } from 'undici';
  export = EnvHttpProxyAgent;
}

declare module 'undici/lib/dispatcher/dispatcher.js' {
  import { Dispatcher } from 'undici';
  export = Dispatcher;
}

declare module 'undici/lib/api/api-connect.js' {
  import type { Dispatcher } from 'undici';

  const connect: Dispatcher['connect'];
  export = connect;
}

declare module 'undici/lib/dispatcher/pool.js' {
  import { Pool } from 'undici';
  export = Pool;
}
