import type { Handlers } from '../../shared/contract.js';
import { paymentAttemptDto, type PaymentAttemptStateDto } from '../../shared/dto.js';
import type { SaleService } from '../sale-service.js';
import type { PaymentService } from './payment-service.js';

/** The states in which an attempt may still take money or show a QR (payment.current). */
const attemptUnderWay: readonly PaymentAttemptStateDto[] = [
  'created',
  'charging',
  'paying',
  'unknown',
  'reversing',
];

type PaymentHandlers = Pick<
  Handlers,
  | 'payment.options'
  | 'payment.chargeCode'
  | 'payment.showQr'
  | 'payment.get'
  | 'payment.current'
  | 'payment.cancel'
  | 'payment.confirmByCashier'
  | 'payment.list'
>;

/**
 * The contract's payment.* methods over the payment service. The calls that drive an attempt wait until
 * every attempt a crash left unfinished got its first step (`resumed`).
 */
export function paymentHandlers(deps: {
  readonly payments: PaymentService;
  readonly sales: SaleService;
  readonly resumed: () => Promise<void>;
}): PaymentHandlers {
  const { payments, sales, resumed } = deps;
  return {
    'payment.options': async ({ saleId }) => {
      await resumed();
      return payments.options(saleId);
    },
    'payment.chargeCode': async ({ saleId, code, source, amount }) => {
      await resumed();
      return payments.chargeCode(saleId, code, source, amount);
    },
    'payment.showQr': async ({ saleId, providerId, amount }) => {
      await resumed();
      return payments.showQr(saleId, providerId, amount);
    },
    'payment.get': ({ attemptId }) => payments.get(attemptId),
    'payment.current': () => {
      const open = sales.current();
      if (open === null) return null;
      const found = payments.list(attemptUnderWay, 50).find((a) => a.saleId === open.id);
      // the attempt alone, without the list's extra fields
      return found === undefined ? null : paymentAttemptDto.parse(found);
    },
    'payment.cancel': async ({ attemptId }) => {
      await resumed();
      return payments.cancel(attemptId);
    },
    'payment.confirmByCashier': async ({ attemptId }) => {
      await resumed();
      return payments.confirmByCashier(attemptId);
    },
    'payment.list': ({ states, limit }) => payments.list(states, limit ?? 100),
  };
}
