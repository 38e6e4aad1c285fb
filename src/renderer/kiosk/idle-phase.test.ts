import { describe, expect, it } from 'vitest';
import { idlePhase } from './idle-phase.js';

describe('idlePhase', () => {
  it('is active until idleS has passed without a touch', () => {
    expect(idlePhase(1_000, 1_000, 60, 30)).toEqual({ kind: 'active' });
    expect(idlePhase(1_000, 60_999, 60, 30)).toEqual({ kind: 'active' });
  });

  it('then counts down countdownS seconds, then gives up', () => {
    expect(idlePhase(0, 60_000, 60, 30)).toEqual({ kind: 'asking', secondsLeft: 30 });
    expect(idlePhase(0, 60_001, 60, 30)).toEqual({ kind: 'asking', secondsLeft: 30 });
    expect(idlePhase(0, 89_001, 60, 30)).toEqual({ kind: 'asking', secondsLeft: 1 });
    expect(idlePhase(0, 90_000, 60, 30)).toEqual({ kind: 'expired' });
  });

  it('treats a clock set back as activity just now', () => {
    expect(idlePhase(10_000, 5_000, 60, 30)).toEqual({ kind: 'active' });
  });
});
