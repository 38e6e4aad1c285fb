import { createDecipheriv, createHmac } from 'node:crypto';
import { TillpointError } from '../../core/errors.js';
import { staffKeyLabel } from '../../shared/hub-staff.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Opens the hub's staff key as GET /v1/staff-key sealed it for this terminal: AES-256-GCM under
 * HMAC-SHA256(link secret, staffKeyLabel), the terminal id as associated data (src/shared/hub-staff.ts).
 * A key that does not open (another terminal's, or changed on the way) is refused as the hub's bad reply.
 */
export function openStaffKey(sealed: string, terminalId: string, linkSecret: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64url');
  try {
    const wrap = createHmac('sha256', linkSecret).update(staffKeyLabel).digest();
    const decipher = createDecipheriv('aes-256-gcm', wrap, bytes.subarray(0, IV_BYTES)).setAAD(
      Buffer.from(`${staffKeyLabel}\n${terminalId}`),
    );
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const key = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    if (key.length !== 32) throw new Error(`a staff key of ${key.length} bytes`);
    return key;
  } catch (error) {
    throw new TillpointError('sync.bad_reply', 'The hub sent a staff key this till cannot open.', {
      cause: String(error),
    });
  }
}
