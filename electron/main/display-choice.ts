/**
 * Where the customer display goes, decided from the displays Electron's `screen` reports (plain data here,
 * so it is tested without Electron). The setting comes from TILLPOINT_CUSTOMER_DISPLAY:
 *   unset or 'auto'  the first display that is not the primary one, else a window the cashier can move
 *   'off'            no customer display (the QR stays in the cashier's payment dialog)
 *   a display id     that display when it is plugged in, else as 'auto'
 */
export type CustomerDisplaySetting = 'auto' | 'off' | { readonly displayId: number };

export interface DisplayInfo {
  readonly id: number;
  readonly bounds: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

export type CustomerDisplayPlace =
  | { readonly kind: 'off' }
  /** full screen on that display */
  | { readonly kind: 'display'; readonly display: DisplayInfo }
  /** one screen only: an ordinary window beside the cashier's */
  | { readonly kind: 'window' };

export function readCustomerDisplaySetting(value: string | undefined): CustomerDisplaySetting {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'auto') return 'auto';
  if (text === 'off') return 'off';
  const id = Number(text);
  if (Number.isSafeInteger(id) && id >= 0) return { displayId: id };
  throw new Error(
    `TILLPOINT_CUSTOMER_DISPLAY must be auto, off or a display id (a whole number), not "${value ?? ''}".`,
  );
}

export function chooseCustomerDisplay(
  setting: CustomerDisplaySetting,
  displays: readonly DisplayInfo[],
  primaryId: number,
): CustomerDisplayPlace {
  if (setting === 'off') return { kind: 'off' };
  if (setting !== 'auto') {
    const chosen = displays.find((d) => d.id === setting.displayId);
    if (chosen) return { kind: 'display', display: chosen };
  }
  const other = displays.find((d) => d.id !== primaryId);
  return other ? { kind: 'display', display: other } : { kind: 'window' };
}
