import path from 'node:path';

/**
 * The Chromium command line `serve --kiosk` prints for the kiosk's browser. Why each flag:
 * - `--kiosk --app=URL`: full screen, no tabs, address bar or menus; the page is the whole screen.
 * - `--no-first-run --noerrdialogs --disable-session-crashed-bubble`: no welcome page, no error dialog and
 *   no "Restore pages?" bubble after a power cut; a customer could do nothing with any of them.
 * - `--password-store=basic`: without it Chromium asks to unlock the desktop keyring in a session that
 *   has none (an auto-login kiosk user), a dialog in front of the kiosk.
 * - `--disable-pinch --overscroll-history-navigation=0`: no pinch zoom and no swipe back on the touch screen.
 * - `--disable-features=Translate`: no "Translate this page?" over a page that is already in two languages.
 * - `--use-fake-ui-for-media-stream`: the camera (scanning a wallet's payment code) is granted without a
 *   prompt nobody at a kiosk may answer. It accepts any capture request of this browser; that browser has
 *   its own profile and shows only our loopback page. README names the managed policy for a tighter grant.
 * - `--user-data-dir=DATA/kiosk-browser`: its own profile, apart from any other Chromium on the machine.
 */
export function kioskBrowserArgs(url: string, dataDir: string): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    '--no-first-run',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--password-store=basic',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-features=Translate',
    '--use-fake-ui-for-media-stream',
    `--user-data-dir=${path.join(dataDir, 'kiosk-browser')}`,
  ];
}

/** POSIX shell quoting: a word a shell passes on unchanged (the URL has `&` and `#`, a folder may have spaces). */
export function shellWord(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The whole line, ready to paste into a shell or an X session's startup script. */
export const kioskBrowserCommand = (url: string, dataDir: string, browser = 'chromium'): string =>
  [browser, ...kioskBrowserArgs(url, dataDir)].map(shellWord).join(' ');
