/**
 * The undici files http.ts uses, gathered for the extension's build: esbuild.mjs makes this module a bundle of its
 * own (dist/undici.js) and points the extension's `undici/lib/...` imports at it, so the extension host parses the HTTP
 * client on the first request instead of at every start-up. One bundle keeps one copy of undici's classes (Agent
 * extends the same Dispatcher as the proxy agent). The CLI bundles the files directly, each where it is used.
 */

export { default as apiConnect } from 'undici/lib/api/api-connect.js';
export { default as dispatcher } from 'undici/lib/dispatcher/dispatcher.js';
export { default as envHttpProxyAgent } from 'undici/lib/dispatcher/env-http-proxy-agent.js';
export { default as pool } from 'undici/lib/dispatcher/pool.js';
