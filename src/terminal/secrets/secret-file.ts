import { chmodSync, statSync } from 'node:fs';

/**
 * A settings file the operator wrote that holds keys (providers.json: the providers' keys; stored-value.json:
 * the card scheme's key) is narrowed to 0600 when others could read it. Answers whether it was; a missing
 * file, or one this user does not own, is left alone (the till still reads it).
 */
export function narrowSecretFile(file: string): boolean {
  try {
    if ((statSync(file).mode & 0o077) === 0) return false;
    chmodSync(file, 0o600);
    return true;
  } catch {
    return false;
  }
}
