import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { createTranslator } from '../i18n/translate.js';
import { formatDuration } from './duration-text.js';

const t = createTranslator(en);
const s = (seconds: number) => seconds * 1_000;
const min = (minutes: number) => s(minutes * 60);
const h = (hours: number) => min(hours * 60);

describe('formatDuration', () => {
  it('says an age in its two largest units, cut to the minute', () => {
    expect(formatDuration(h(2) + min(5) + s(59), t)).toBe('2 h 5 min');
    expect(formatDuration(min(45) + s(30), t)).toBe('45 min');
    expect(formatDuration(h(2) + s(30), t)).toBe('2 h');
    expect(formatDuration(min(1), t)).toBe('1 min');
  });
  it('under a minute is one phrase, so a ticking age changes once a minute', () => {
    expect(formatDuration(0, t)).toBe('under 1 min');
    expect(formatDuration(s(59) + 999, t)).toBe('under 1 min');
    expect(formatDuration(-5_000, t)).toBe('under 1 min');
  });
  it('stays in hours below two days (a 24 h limit reads as 24 h), then days and hours', () => {
    expect(formatDuration(h(24), t)).toBe('24 h');
    expect(formatDuration(h(47) + min(59), t)).toBe('47 h 59 min');
    expect(formatDuration(h(48), t)).toBe('2 d');
    expect(formatDuration(h(76) + min(10), t)).toBe('3 d 4 h');
    expect(formatDuration(h(72) + min(10), t)).toBe('3 d');
  });
  it('with second precision says a limit exactly', () => {
    expect(formatDuration(s(90), t, 'second')).toBe('1 min 30 s');
    expect(formatDuration(s(60), t, 'second')).toBe('1 min');
    expect(formatDuration(s(3), t, 'second')).toBe('3 s');
    expect(formatDuration(s(86_400), t, 'second')).toBe('24 h');
    expect(formatDuration(0, t, 'second')).toBe('0 s');
  });
});
