import { powerSaveBlocker, type BrowserWindow, type RenderProcessGoneDetails } from 'electron';
import type { Log } from '../../src/shared/log.js';
import { createCrashBudget, kioskCrashBudget, type CrashBudgetOptions } from './crash-budget.js';

/**
 * What the self-service kiosk's window does beyond the cashier's (windows.ts creates it full screen with
 * `kiosk: true`, which on Linux and Windows is no more than full screen: the OS session does the rest, see
 * README "Self-service kiosk"):
 * - the display never sleeps while the kiosk is up (a dark screen looks out of order);
 * - a crashed page is reloaded; the basket is in SQLite, so the customer finds it again. After too many
 *   crashes in a short time (crash-budget.ts) it shows an out-of-order page instead of flashing forever;
 * - a page that hangs is crashed on purpose after a grace period, so the reload above brings it back;
 * - the window cannot be closed (Alt+F4, the window manager) unless the app is quitting: only staff leave,
 *   with the PIN (`kiosk.exit`, main.ts).
 */
export interface KioskWindowOptions {
  readonly log: Log;
  /** true once the app is quitting (the staff's admin exit, a signal): then the window may close */
  readonly quitting: () => boolean;
  readonly crashBudget?: CrashBudgetOptions;
  /** how long a hung page gets before it is crashed and reloaded */
  readonly unresponsiveGraceMs?: number;
  readonly now?: () => number;
}

/** Shown when the page keeps crashing: static, in both languages, with no script and nothing to press. */
export const outOfOrderPage =
  'data:text/html;charset=utf-8,' +
  encodeURIComponent(
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Tillpoint</title>' +
      '<body style="margin:0;display:grid;place-items:center;height:100vh;font:32px system-ui,sans-serif;' +
      'text-align:center;background:#fff;color:#222"><main>' +
      '<h1>暂停服务</h1><p>请联系工作人员。</p>' +
      '<h1 lang="en">Out of order</h1><p lang="en">Please ask a member of staff.</p>' +
      '</main></body></html>',
  );

export function attachKioskBehaviour(win: BrowserWindow, opts: KioskWindowOptions): void {
  const now = opts.now ?? Date.now;
  const budget = createCrashBudget(opts.crashBudget ?? kioskCrashBudget);
  const graceMs = opts.unresponsiveGraceMs ?? 15_000;
  const contents = win.webContents;

  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  win.on('closed', () => {
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
  });

  win.on('close', (event) => {
    if (!opts.quitting()) {
      event.preventDefault();
      opts.log('kiosk: refused to close the kiosk window (staff leave with the staff PIN)');
    }
  });

  contents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
    // 'clean-exit' is a page that ended normally (the window closing): nothing to bring back
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const decision = budget.record(now());
    opts.log(`kiosk: the page is gone (${details.reason}, exit code ${details.exitCode}); ${decision}`, {
      recentCrashes: budget.recent(now()),
    });
    if (decision === 'reload') contents.reload();
    else void win.loadURL(outOfOrderPage);
  });

  let hung: NodeJS.Timeout | undefined;
  win.on('unresponsive', () => {
    opts.log(`kiosk: the page is not responding; crashing it in ${graceMs} ms unless it recovers`);
    clearTimeout(hung);
    hung = setTimeout(() => {
      if (win.isDestroyed()) return;
      opts.log('kiosk: the page did not recover; crashing it to reload');
      contents.forcefullyCrashRenderer();
    }, graceMs);
  });
  win.on('responsive', () => {
    if (hung === undefined) return;
    clearTimeout(hung);
    hung = undefined;
    opts.log('kiosk: the page responds again');
  });
  win.on('closed', () => clearTimeout(hung));
}
