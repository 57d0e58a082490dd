// The same job as floor.mjs written with openid-client (panva, v6): a client credentials grant with
// PrivateKeyJwt client authentication (PS256; openid-client puts the issuer in `aud` and exp in
// seconds), plain HTTP allowed only because the server is on loopback. Server metadata is given
// directly, so this is one POST like the others, no discovery.
// Usage: node test/bench/openid-client.mjs CLIENT_ID PRIVATE_KEY_PEM_PATH TOKEN_URL ISSUER
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as client from 'openid-client';

const [clientId, keyPath, tokenUrl, issuer] = process.argv.slice(2);
const der = createPrivateKey(readFileSync(keyPath, 'utf8')).export({ format: 'der', type: 'pkcs8' });
const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
const config = new client.Configuration(
  { issuer, token_endpoint: tokenUrl },
  clientId,
  { token_endpoint_auth_signing_alg: 'PS256' },
  client.PrivateKeyJwt(key),
);
client.allowInsecureRequests(config);
try {
  const tokens = await client.clientCredentialsGrant(config, { scope: 'openid' });
  process.stdout.write(`${JSON.stringify(tokens)}\n`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
