import { describe, expect, it } from 'vitest';
import { canonicalRequest } from './gateway-signature.js';

describe('canonicalRequest', () => {
  it('puts method, path, timestamp, nonce and body hash on their own lines', () => {
    expect(canonicalRequest('post', '/v1/pay/query', '1700000000000', 'n-1', 'ABCDEF')).toBe(
      'POST\n/v1/pay/query\n1700000000000\nn-1\nabcdef',
    );
  });

  it('differs when a part moves into its neighbour', () => {
    const a = canonicalRequest('POST', '/v1/pay/query', '17', '00', 'e3');
    const b = canonicalRequest('POST', '/v1/pay/query', '170', '0', 'e3');
    expect(a).not.toBe(b);
  });
});
