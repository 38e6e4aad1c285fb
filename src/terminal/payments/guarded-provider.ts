import { logAt, type Log } from '../../shared/log.js';
import type { OutcomeReason, PaymentProvider } from './provider.js';

/**
 * A provider whose calls never throw. An adapter that throws (a bug, a library that throws on an answer
 * it did not expect, a transport that cannot be used) would otherwise leave the attempt where it was: in
 * `charging` past its deadline (the charge's promise rejected before the runner saw an answer) or in
 * `reversing` forever (its driver stopped). Here a throw becomes an answer that says nothing about the
 * money, so the state machine does what it does for any unclear answer: a charge, QR or query that threw
 * is `unknown` (it may have reached the provider: query, then reverse at the deadline), a reverse that threw
 * has `failed` (asked again at the next poll), a refund that threw is `unknown` (asked again with the same
 * refund number). Logged each time, with the provider and the call, never with a code or key.
 */
export function guardProvider(provider: PaymentProvider, log: Log): PaymentProvider {
  const reason = (call: string, error: unknown): OutcomeReason => {
    logAt(log, 'error')(`payment provider ${provider.id}: ${call} threw; treated as no clear answer`, error);
    return {
      code: 'payment.provider_error',
      message: `The payment service adapter failed (${error instanceof Error ? error.message : String(error)}).`,
    };
  };
  async function guarded<T>(
    call: string,
    run: () => Promise<T>,
    answer: (r: OutcomeReason) => T,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      return answer(reason(call, error));
    }
  }
  return {
    id: provider.id,
    confirms: provider.confirms,
    chargeCode: (req) =>
      guarded(
        'chargeCode',
        () => provider.chargeCode(req),
        (r) => ({ status: 'unknown', reason: r }),
      ),
    createMerchantQr: (req) =>
      guarded(
        'createMerchantQr',
        () => provider.createMerchantQr(req),
        (r) => ({ status: 'unknown', reason: r }),
      ),
    query: (outTradeNo, signal) =>
      guarded(
        'query',
        () => provider.query(outTradeNo, signal),
        (r) => ({ status: 'unknown', reason: r }),
      ),
    reverse: (outTradeNo) =>
      guarded(
        'reverse',
        () => provider.reverse(outTradeNo),
        (r) => ({ status: 'failed', reason: r }),
      ),
    refund: (req) =>
      guarded(
        'refund',
        () => provider.refund(req),
        (r) => ({ status: 'unknown', reason: r }),
      ),
  };
}
