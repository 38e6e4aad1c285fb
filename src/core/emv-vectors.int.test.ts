import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCpm } from './emv-cpm.js';
import { decodeMpm, encodeMpm } from './emv-mpm.js';
import { classifyScan } from './scan-classifier.js';

/**
 * The vectors file (real payloads with their sources, plus constructed ones) read from disk: every MPM decodes
 * with a valid CRC and re-encodes to exactly the same text; the CPM decodes with its card number masked; the
 * wallet codes classify as their wallet.
 */
const rows = readFileSync(new URL('./vectors/emv-qr.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.length > 0 && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string, string]);

describe('emv-qr.tsv vectors', () => {
  it('has every kind of vector, each with a source', () => {
    expect(rows.length).toBeGreaterThanOrEqual(18);
    for (const [name, payload, source] of rows) {
      expect(payload, name).toBeTruthy();
      expect(source, name).toBeTruthy();
    }
  });

  for (const [name, payload] of rows.filter(([, p]) => p.startsWith('00'))) {
    it(`MPM ${name} decodes with a valid CRC and re-encodes to the same text`, () => {
      const r = decodeMpm(payload);
      expect(r.ok ? r.crcValid : r.error).toBe(true);
      if (r.ok) expect(encodeMpm(r.tags)).toBe(payload);
      expect(classifyScan(payload).kind).toBe('emv-mpm');
    });
  }

  /** Test card numbers inside the CPM vectors (named in the file's comments): never in any output. */
  const testPans = ['1234567890123458', '6212345678901234567', '4761739001010010'];
  for (const [name, payload] of rows.filter(([, p]) => p.startsWith('hQVDUFYw'))) {
    it(`CPM ${name} decodes with its card numbers masked`, () => {
      const r = decodeCpm(payload);
      expect(r.ok).toBe(true);
      const text = JSON.stringify(r);
      for (const pan of testPans) expect(text).not.toContain(pan);
      expect(text).toMatch(/\d{6}\*+\d{4}/);
      expect(classifyScan(payload).kind).toBe('emv-cpm');
    });
  }

  it('the wallet codes classify as their wallet', () => {
    const wallet = (name: string) => classifyScan(rows.find(([n]) => n === name)?.[1] ?? '');
    expect(wallet('wechat-code')).toMatchObject({ kind: 'wallet-code', wallet: 'wechat' });
    expect(wallet('alipay-code')).toMatchObject({ kind: 'wallet-code', wallet: 'alipay' });
  });
});
