import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { TillpointError } from '../../core/errors.js';

const KEY_BYTES = 32;

/**
 * The 32-byte key in `file` as 64 hex digits, made on first use with mode 0600 (O_EXCL, so two processes
 * racing to make it end with one key). A key file others could read is narrowed to 0600.
 */
export function readOrCreateKeyFile(file: string): Buffer {
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(KEY_BYTES).toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new TillpointError('store.io', `Tillpoint cannot create its key file ${file}.`, {
        file,
        cause: String(error),
      });
    }
  }
  let text: string;
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new TillpointError('store.io', `Tillpoint cannot read its key file ${file}.`, {
      file,
      cause: String(error),
    });
  }
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new TillpointError(
      'store.secret_unreadable',
      `The key file ${file} is damaged. Move it aside; then connect this till to the hub again with a new enrollment code.`,
      { file },
    );
  }
  return Buffer.from(text, 'hex');
}
