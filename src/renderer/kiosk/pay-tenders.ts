import type { PaymentOptionsDto } from '../../shared/dto.js';

/** What the kiosk's pay screen offers now. A kiosk takes no cash. */
export interface KioskTenders {
  /** the customer shows their wallet's payment code (needs the network: the charge is online) */
  readonly code: boolean;
  /** the QR providers the customer may scan now */
  readonly qr: readonly PaymentOptionsDto['merchantQr'][number][];
  /** the shop's stored-value card (works offline, within its offline limits) */
  readonly card: boolean;
  /** the line that says what still works when something does not, or null when everything does */
  readonly note:
    'kiosk.pay.offlineCardOnly' | 'kiosk.pay.offlineNothing' | 'kiosk.pay.limitedCardOnly' | null;
}

/**
 * Reads payment.options: a wallet code and a provider's QR need the provider online and the wallet tender
 * within its offline limits; a static QR needs only its limits; a stored-value card only its own.
 */
export function kioskTenders(options: PaymentOptionsDto, storedValueOn: boolean): KioskTenders {
  const walletOk = options.online && options.offline.wallet.allowed;
  const code = walletOk && options.wallets.length > 0;
  const qr = options.merchantQr.filter((q) =>
    q.kind === 'static-qr' ? options.offline['static-qr'].allowed : walletOk,
  );
  const card = storedValueOn && options.offline['stored-value'].allowed;
  // a kiosk set up for cards only (no wallet configured) has nothing to apologise for
  const walletsSetUp = options.wallets.length > 0 || options.merchantQr.length > 0;
  let note: KioskTenders['note'] = null;
  if (!card && !code && qr.length === 0) note = 'kiosk.pay.offlineNothing';
  else if (walletsSetUp && !code && qr.length === 0)
    note = options.online ? 'kiosk.pay.limitedCardOnly' : 'kiosk.pay.offlineCardOnly';
  return { code, qr, card, note };
}
