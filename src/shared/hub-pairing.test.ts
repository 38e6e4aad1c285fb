import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePairingCode, pairingCodeOf, splitEnrollCode } from './hub-pairing.js';

describe('pairing code', () => {
  it('is the first 100 bits of the fingerprint in Crockford base32 (vectors computed apart, in Python)', () => {
    expect(pairingCodeOf('ab'.repeat(32))).toBe('NENTQ-AXBNE-NTQAX-BNENT');
    expect(pairingCodeOf('00'.repeat(32))).toBe('00000-00000-00000-00000');
    expect(pairingCodeOf('ff'.repeat(32))).toBe('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ');
    // colons and case as openssl and node print a fingerprint
    expect(pairingCodeOf(`3F:1C:9A:0B:${'00:'.repeat(27)}00`)).toBe('7WE9M-2R000-00000-00000');
    expect(() => pairingCodeOf('abcd')).toThrow();
  });

  it('reads a code as a person types it; refuses what is not one', () => {
    expect(normalizePairingCode('nentq axbne ntqax bnent')).toBe('NENTQ-AXBNE-NTQAX-BNENT');
    // Crockford: O is 0, I and L are 1
    expect(normalizePairingCode('OOOOO-IIIII-LLLLL-00000')).toBe('00000-11111-11111-00000');
    expect(normalizePairingCode('UUUUU-UUUUU-UUUUU-UUUUU')).toBeNull();
    expect(normalizePairingCode('NENTQ-AXBNE-NTQAX')).toBeNull();
  });

  it('round-trips any fingerprint through its typed forms', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const code = pairingCodeOf(Buffer.from(bytes).toString('hex'));
        expect(normalizePairingCode(code.toLowerCase().replace(/-/g, ''))).toBe(code);
      }),
    );
  });

  it('splits an enrollment code that carries the pairing code after a slash', () => {
    expect(splitEnrollCode('7QX2-M9KD-4HTR-B6WN/NENTQ-AXBNE-NTQAX-BNENT')).toEqual({
      code: '7QX2-M9KD-4HTR-B6WN',
      pairingCode: 'NENTQ-AXBNE-NTQAX-BNENT',
    });
    expect(splitEnrollCode(' 7QX2-M9KD-4HTR-B6WN ')).toEqual({
      code: '7QX2-M9KD-4HTR-B6WN',
      pairingCode: null,
    });
  });
});
