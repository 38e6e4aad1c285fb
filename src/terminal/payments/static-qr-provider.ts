import { buildMerchantQr, type MerchantQrConfig } from '../../core/emv-mpm.js';
import { isTillpointError } from '../../core/errors.js';
import type { PaymentProvider } from './provider.js';

export interface StaticQrConfig {
  readonly id: string;
  readonly merchant: MerchantQrConfig;
  /** how long a shown code is offered before the till gives up on it */
  readonly expiresInMs: number;
  readonly now?: () => Date;
}

/** QRCPS-MPM 62/05 Reference Label holds 25 characters: the attempt id without dashes, cut to fit. */
export const qrReference = (outTradeNo: string): string => outTradeNo.replaceAll('-', '').slice(0, 25);

/**
 * A static bank-QR scheme: the till builds an EMV merchant-presented QR with the sale's amount (point of
 * initiation 12) and the attempt as reference label. Such schemes tell the merchant nothing, so the provider
 * never confirms: a query keeps answering 'paying' until the cashier confirms (recorded as 'cashier') or
 * cancels. A reverse has nothing to undo at a provider; money that did arrive is refunded by the bank.
 */
export function createStaticQrProvider(config: StaticQrConfig): PaymentProvider {
  const now = config.now ?? (() => new Date());
  return {
    id: config.id,
    confirms: false,
    chargeCode: () =>
      Promise.resolve({
        status: 'declined',
        reason: { code: 'payment.unavailable', message: 'This QR scheme cannot charge a customer’s code.' },
      }),
    createMerchantQr(req) {
      try {
        const payload = buildMerchantQr(config.merchant, req.amount, {
          reference: qrReference(req.outTradeNo),
        });
        const expiresAt = new Date(now().getTime() + config.expiresInMs).toISOString();
        return Promise.resolve({ status: 'shown', payload, expiresAt });
      } catch (error) {
        const reason = isTillpointError(error)
          ? { code: error.code, message: error.message }
          : { code: 'payment.config_invalid', message: 'The QR merchant settings are not valid.' };
        return Promise.resolve({ status: 'declined', reason });
      }
    },
    query: () => Promise.resolve({ status: 'paying' }),
    reverse: () => Promise.resolve({ status: 'reversed', refunded: false }),
    refund: () =>
      Promise.resolve({
        status: 'failed',
        reason: { code: 'payment.unavailable', message: 'Refund a static QR payment from the bank’s app.' },
      }),
  };
}
