/**
 * Loads a DPoP key for the CLI: the file through the same reading as --private-key (PEM, JWK, encrypted with the
 * passphrase prompt), then core's checks for DPoP proofs. An alg flag is checked before the file is read.
 */
import { createDpopKey, type DpopKey, parseDpopAlg } from '../core/dpopProof';
import { asUsage } from './args';
import { loadPrivateKey, withPath } from './keyFile';
import type { CliIo } from './terminal';

/**
 * The DPoP key at `path`, signing with `algFlag` (its flag name in `flagName`) or the key's own default. A bad alg is
 * a usage error (exit 2); a key that does not fit is a KeyError naming the file.
 */
export async function loadDpopKey(
  path: string,
  algFlag: string | undefined,
  flagName: string,
  io: CliIo,
  secrets: string[],
): Promise<DpopKey> {
  const alg =
    algFlag === undefined
      ? undefined
      : asUsage(
          () => parseDpopAlg(algFlag),
          (m) => `--${flagName}: ${m}`,
        );
  const { key } = await loadPrivateKey(path, io, secrets);
  return withPath(path, () => createDpopKey(key, alg));
}
