/**
 * The rule for the passphrase of a private key backup, apart from the encryption (keyBackup.ts) so an input box can
 * check it as the user types without loading the encryption code.
 */

/** Fewest characters (Unicode code points) a backup passphrase may have. */
export const MIN_BACKUP_PASSPHRASE_LENGTH = 12;

/** Why a passphrase cannot protect a backup: too short, or only spaces. */
export type BackupPassphraseProblem = 'too_short' | 'blank';

/** The problem with `passphrase` as a backup passphrase, or `undefined` when it will do. Never trims or echoes it. */
export function backupPassphraseProblem(passphrase: string): BackupPassphraseProblem | undefined {
  if (passphrase.trim() === '' && passphrase.length > 0) return 'blank';
  return [...passphrase].length < MIN_BACKUP_PASSPHRASE_LENGTH ? 'too_short' : undefined;
}
