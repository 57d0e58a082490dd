/**
 * New key pairs for signing client assertions, one per JOSE algorithm family, generated off the event loop.
 */
import { generateKeyPair as generateKeyPairCallback, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { curveOf, type SigningAlg } from './algorithms';
import { ConfigError } from './errors';
import { exportPrivateKeyPem, exportPublicKeyPem } from './keyExport';

/** What to generate: RS*, PS* -> RSA (`bits`, default 2048); ES256/384/512 -> P-256/P-384/P-521; EdDSA -> Ed25519. */
export interface KeyGenOptions {
  alg: SigningAlg;
  bits?: 2048 | 3072 | 4096;
}
/** A new key pair: the KeyObject, its unencrypted PKCS#8 PEM, and the SPKI public PEM. */
export interface GeneratedKeyPair {
  privateKey: KeyObject;
  privateKeyPem: string;
  publicKeyPem: string;
}

const generate = promisify(generateKeyPairCallback);

/**
 * Generates a key pair for `alg` on the libuv threadpool (async crypto.generateKeyPair), so a 4096-bit RSA key
 * never blocks the event loop. Refuses `bits` outside 2048/3072/4096 or given for a non-RSA alg (ConfigError).
 */
export async function generateKeyPair(opts: KeyGenOptions): Promise<GeneratedKeyPair> {
  const { alg, bits } = opts;
  const isRsa = alg.startsWith('RS') || alg.startsWith('PS');
  if (bits !== undefined && (!isRsa || ![2048, 3072, 4096].includes(bits))) {
    throw new ConfigError(
      'invalid_bits',
      isRsa ? `RSA key size ${bits} is not offered` : `--bits applies to RSA keys only, not ${alg}`,
      isRsa ? 'choose 2048, 3072 or 4096' : 'leave out --bits; the curve follows from the alg',
    );
  }
  let pair: { privateKey: KeyObject };
  if (isRsa) pair = await generate('rsa', { modulusLength: bits ?? 2048, publicExponent: 0x10001 });
  else if (alg === 'EdDSA') pair = await generate('ed25519', {});
  else pair = await generate('ec', { namedCurve: curveOf(alg as 'ES256' | 'ES384' | 'ES512') });
  return {
    privateKey: pair.privateKey,
    privateKeyPem: exportPrivateKeyPem(pair.privateKey),
    publicKeyPem: exportPublicKeyPem(pair.privateKey),
  };
}
