import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumArgs, chromiumMissingReason, chromiumPath } from './chromium.js';
import { repoRoot } from './fixtures.js';
import { requireService } from './require-service.js';

/**
 * `tillpoint serve --kiosk` with the browser it asks for: Debian's Chromium started with the very words of
 * the printed "Tillpoint kiosk browser:" line (read back through a real shell), so the line a shop pastes
 * into its session script is what is tested. The kiosk's page opens on #/kiosk, gets the camera without a
 * prompt, and the staff's admin exit through the page's own socket ends serve with 0.
 */

const cli = path.join(repoRoot, 'dist', 'cli', 'tillpoint.mjs');

/** The words a POSIX shell makes of the printed command line. */
function shellWords(line: string): string[] {
  const words = spawnSync('sh', ['-c', `printf '%s\\n' ${line}`], { encoding: 'utf8' });
  return words.stdout.replace(/\n$/, '').split('\n');
}

/** A call as the kiosk page's own credentials make it (its tab's token, its origin), answered raw. */
function callAsPage(page: Page, method: string, params: unknown) {
  return page.evaluate(
    ({ method, params }) =>
      new Promise<unknown>((resolve, reject) => {
        const token = sessionStorage.getItem('tillpoint.token') ?? '';
        const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
        ws.onerror = () => reject(new Error('the kiosk socket did not open'));
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method, params }));
        ws.onmessage = (event) => {
          const frame = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
          if (frame.id === 1) resolve(frame.result);
        };
      }),
    { method, params },
  );
}

test('the printed Chromium line opens the kiosk with the camera granted; the admin exit ends serve with 0', async () => {
  requireService('Chromium', chromiumMissingReason());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-kiosk-browser-'));
  const serve = spawn(
    process.execPath,
    [cli, 'serve', '--kiosk', '--demo', '--no-nfc', '--lang', 'en', '--port', '0', '--data', dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  serve.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
  let context: BrowserContext | undefined;
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = '';
      serve.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        if (/^Tillpoint customer display: /m.test(text)) resolve(text);
      });
      void exited.then((code) => reject(new Error(`serve --kiosk exited ${code}:\n${stderr}`)));
    });
    const line = /^Tillpoint kiosk browser: (.+)$/m.exec(stdout)?.[1] ?? '';
    const [browser, ...args] = shellWords(line);
    expect(browser).toBe('chromium');
    const userDataDir = args
      .find((arg) => arg.startsWith('--user-data-dir='))
      ?.slice('--user-data-dir='.length);
    expect(userDataDir).toBe(path.join(dataDir, 'kiosk-browser'));
    const appUrl = args.find((arg) => arg.startsWith('--app='))?.slice('--app='.length) ?? '';
    expect(appUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/kiosk&token=[\w-]{43}$/);

    context = await chromium.launchPersistentContext(userDataDir!, {
      executablePath: chromiumPath,
      // Playwright passes the profile itself; this machine has no camera, so Chromium's fake one stands in
      // (the grant without a prompt is the printed line's --use-fake-ui-for-media-stream)
      args: [
        ...chromiumArgs,
        ...args.filter((arg) => !arg.startsWith('--user-data-dir=')),
        '--use-fake-device-for-media-stream',
      ],
    });
    const origin = new URL(appUrl).origin;
    await expect
      .poll(() => context!.pages().some((p) => p.url().startsWith(origin)), { timeout: 15_000 })
      .toBe(true);
    const page = context.pages().find((p) => p.url().startsWith(origin))!;
    // the renderer took the token out of the address bar and kept the route
    await expect.poll(() => new URL(page.url()).hash).toBe('#/kiosk');

    const camera = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true });
      const kinds = stream.getTracks().map((track) => track.kind);
      stream.getTracks().forEach((track) => track.stop());
      return kinds;
    });
    expect(camera).toEqual(['video']);

    // the page's token is the kiosk's: a cashier's method is refused, the staff PIN ends the kiosk
    expect(await callAsPage(page, 'sales.list', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden', details: { method: 'sales.list' } },
    });
    expect(await callAsPage(page, 'kiosk.adminExit', { pin: '1234' })).toMatchObject({ ok: true });
    expect(await exited).toBe(0);
  } finally {
    await context?.close();
    if (serve.exitCode === null) serve.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
