import type { CustomerDisplaySetting } from './display-choice.js';

/**
 * What the desktop app is on this machine: the cashier's till (with its customer display) or a self-service
 * kiosk. Decided once at start from TILLPOINT_KIOSK (set by `tillpoint start --kiosk` and the kiosk's
 * systemd unit) or a `--kiosk` argument to the app binary, so a packaged kiosk needs no environment.
 * Plain data here, so it is tested without Electron.
 */
export type AppMode = 'cashier' | 'kiosk';

export function readAppMode(env: string | undefined, argv: readonly string[]): AppMode {
  const text = (env ?? '').trim();
  if (text !== '' && text !== '0' && text !== '1') {
    throw new Error(
      `TILLPOINT_KIOSK must be 1 (a self-service kiosk) or 0 (the cashier's till), not "${text}".`,
    );
  }
  return text === '1' || argv.includes('--kiosk') ? 'kiosk' : 'cashier';
}

/** The windows a mode opens: a kiosk is one screen for the customer, never a cashier's screen beside it. */
export interface ModeWindows {
  /** the window whose closing ends the app */
  readonly main: 'cashier' | 'kiosk';
  /** the customer display's setting, forced off on a kiosk (the kiosk faces the customer already) */
  readonly customerDisplay: CustomerDisplaySetting;
}

export function windowsFor(mode: AppMode, customerDisplay: CustomerDisplaySetting): ModeWindows {
  return mode === 'kiosk' ? { main: 'kiosk', customerDisplay: 'off' } : { main: 'cashier', customerDisplay };
}
