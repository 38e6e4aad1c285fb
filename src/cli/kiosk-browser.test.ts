import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kioskBrowserArgs, kioskBrowserCommand, shellWord } from './kiosk-browser.js';

const url = 'http://127.0.0.1:8080/#/kiosk&token=abc_DEF-123';

describe('kioskBrowserCommand', () => {
  it('opens the kiosk URL as a full-screen app with its own profile and the camera granted', () => {
    const args = kioskBrowserArgs(url, '/var/lib/till');
    expect(args).toEqual(
      expect.arrayContaining([
        '--kiosk',
        `--app=${url}`,
        '--disable-pinch',
        '--overscroll-history-navigation=0',
        '--use-fake-ui-for-media-stream',
        '--user-data-dir=/var/lib/till/kiosk-browser',
      ]),
    );
  });

  it('quotes the words a shell would split or act on, so the printed line runs as printed', () => {
    const line = kioskBrowserCommand(url, "/home/shop/till's data");
    expect(line).toMatch(/^chromium --kiosk '--app=http:\/\/127\.0\.0\.1:8080\/#\/kiosk&token=abc_DEF-123' /);
    // the real shell reads back exactly the arguments
    const echoed = spawnSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
    expect(echoed.stdout.trimEnd().split('\n')).toEqual([
      'chromium',
      ...kioskBrowserArgs(url, "/home/shop/till's data"),
    ]);
  });

  it('leaves plain words alone', () => {
    expect(shellWord('--no-first-run')).toBe('--no-first-run');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('')).toBe("''");
  });
});
