// The floor for `npm run bench`: the least a client credentials token request can cost in Node.
// Read the PEM, one PS256 signature with node:crypto, one node:http POST, nothing else (no libraries,
// no argument parser, no output beyond the answer). Claims as Jack Henry's helper builds them.
// Usage: node test/bench/floor.mjs CLIENT_ID PRIVATE_KEY_PEM_PATH TOKEN_URL
import { constants, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

const [clientId, keyPath, tokenUrl] = process.argv.slice(2);
const key = createPrivateKey(readFileSync(keyPath, 'utf8'));
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const input = `${b64({ alg: 'PS256' })}.${b64({ jti: randomUUID(), aud: tokenUrl, sub: clientId, iss: clientId, exp: Date.now() + 60000 })}`;
const signature = sign('sha256', Buffer.from(input), {
  key,
  padding: constants.RSA_PKCS1_PSS_PADDING,
  saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
});
const body = new URLSearchParams({
  grant_type: 'client_credentials',
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: `${input}.${signature.toString('base64url')}`,
  scope: 'openid',
}).toString();

const req = request(tokenUrl, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
});
req.on('response', (res) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    text += chunk;
  });
  res.on('end', () => {
    if (res.statusCode !== 200) {
      console.error(`HTTP ${res.statusCode}`);
      process.exitCode = 1;
    } else process.stdout.write(`${text}\n`);
  });
});
req.on('error', (e) => {
  console.error(e.message);
  process.exitCode = 1;
});
req.end(body);
