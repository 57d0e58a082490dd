/**
 * What Import Private Key reads: the picked file's bytes or the clipboard text go through core `readKeyInput`, the
 * very code the CLI's `--private-key` uses, so both accept the same inputs (PEM in every stored spelling, DER,
 * PKCS#12, bundles, JWK, service-account JSON) and refuse the rest with the same codes and hints. No runtime vscode
 * import; core is loaded on first use, not at activation.
 */
import type { KeyMaterial } from '../../core/keyInput';

/** A key read for import: what came with it, and the key as unencrypted PKCS#8 PEM for the secret store. */
export interface ImportedKey {
  material: KeyMaterial;
  pkcs8Pem: string;
}

/**
 * Reads `input` with core readKeyInput, calling `askPassphrase` (again after a wrong one, up to 3 times) when the
 * key or PKCS#12 file is encrypted. Throws readKeyInput's KeyErrors, and whatever `askPassphrase` rejects with.
 */
export async function readImportedKey(
  input: string | Uint8Array,
  askPassphrase: (retry: boolean) => Promise<string>,
): Promise<ImportedKey> {
  const [{ readKeyInput }, { exportPrivateKeyPem }] = await Promise.all([
    import('../../core/keyInput'),
    import('../../core/keyExport'),
  ]);
  const material = await readKeyInput(input, { askPassphrase });
  return { material, pkcs8Pem: exportPrivateKeyPem(material.key) };
}
