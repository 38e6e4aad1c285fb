import { describe, expect, it } from 'vitest';
import { clockText } from './clock-text.js';

const now = Date.parse('2026-12-01T15:30:00.000Z');

describe('clockText', () => {
  it('today: the time of day only', () => {
    expect(clockText('2026-12-01T10:42:10.000Z', now, 'en-GB', 'UTC')).toBe('10:42');
  });
  it('another day: the date too', () => {
    expect(clockText('2026-11-30T10:42:00.000Z', now, 'en-GB', 'UTC')).toBe('30 Nov, 10:42');
    expect(clockText('2026-11-30T10:42:00.000Z', now, 'en-US', 'UTC')).toBe('Nov 30, 10:42 AM');
  });
  it('"today" is the till’s day, not UTC’s', () => {
    // 23:30 UTC on Nov 30 is already Dec 1 in Shanghai, like "now"
    expect(clockText('2026-11-30T23:30:00.000Z', now, 'en-GB', 'Asia/Shanghai')).toBe('07:30');
    expect(clockText('2026-11-30T23:30:00.000Z', now, 'en-GB', 'UTC')).toBe('30 Nov, 23:30');
  });
});
