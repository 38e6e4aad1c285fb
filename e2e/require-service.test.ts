import { describe, expect, it } from 'vitest';
import { howCiProvides, MissingServiceError, requireService, underCi } from './require-service.js';

describe('requireService: skip with a printed reason, but fail under CI', () => {
  it('a service that is there: null, nothing printed, under CI too', () => {
    const printed: string[] = [];
    const warn = (m: string) => printed.push(m);
    expect(requireService('PostgreSQL', null, { env: {}, warn })).toBeNull();
    expect(requireService('PostgreSQL', null, { env: { CI: 'true' }, warn })).toBeNull();
    expect(printed).toEqual([]);
  });

  it('missing outside CI: answers the skip reason and prints it', () => {
    const printed: string[] = [];
    const reason = requireService('PC/SC stack', 'Debian packages missing: pcscd', {
      env: {},
      warn: (m) => printed.push(m),
    });
    expect(reason).toBe('PC/SC stack not available: Debian packages missing: pcscd');
    expect(printed).toEqual([
      'skipping (not under CI): PC/SC stack not available: Debian packages missing: pcscd',
    ]);
  });

  it('missing under CI=true: throws, naming what is missing and how .ci/run provides it; prints no skip', () => {
    const printed: string[] = [];
    const call = () =>
      requireService('PostgreSQL', 'not reachable at postgres://postgres@127.0.0.1:1/test', {
        env: { CI: 'true' },
        warn: (m) => printed.push(m),
      });
    expect(call).toThrow(MissingServiceError);
    expect(call).toThrow(
      /PostgreSQL is needed but not available, and under CI no test may skip.*127\.0\.0\.1:1.*\.ci\/run/,
    );
    expect(call).toThrow(howCiProvides.PostgreSQL);
    expect(printed).toEqual([]);
  });

  it('every service names how CI provides it', () => {
    for (const service of ['PostgreSQL', 'PC/SC stack', 'Chromium', 'ffmpeg', 'tmpfs mount'] as const) {
      expect(() => requireService(service, 'gone', { env: { CI: '1' } })).toThrow(howCiProvides[service]);
    }
  });

  it('CI is any value but empty, 0 or false, as CI services set it', () => {
    expect(underCi({ CI: 'true' })).toBe(true);
    expect(underCi({ CI: '1' })).toBe(true);
    expect(underCi({ CI: 'TRUE' })).toBe(true);
    expect(underCi({ CI: 'woodpecker' })).toBe(true);
    expect(underCi({})).toBe(false);
    expect(underCi({ CI: '' })).toBe(false);
    expect(underCi({ CI: '0' })).toBe(false);
    expect(underCi({ CI: 'false' })).toBe(false);
    expect(underCi({ CI: 'False' })).toBe(false);
  });
});
