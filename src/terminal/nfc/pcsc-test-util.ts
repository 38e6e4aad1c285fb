/**
 * Shared by the *.pcsc.int.test.ts files: the skip-or-fail gate and event waits (never fixed sleeps).
 */
import { pcscUnavailableReason } from '../../../e2e/nfc/pcsc-harness.js';
import { requireService } from '../../../e2e/require-service.js';
import type { NfcPort, NfcPortEvents } from './nfc-port.js';

/**
 * null when the PC/SC tests can run. Otherwise the reason, printed, for `describe.skipIf`; under CI it
 * throws instead (requireService), because CI must never skip them.
 */
export async function pcscSkipReason(): Promise<string | null> {
  return requireService('PC/SC stack', await pcscUnavailableReason());
}

/** resolves with the next `event` whose arguments satisfy `accept` (register BEFORE acting) */
export function nextEvent<E extends keyof NfcPortEvents>(
  port: NfcPort,
  event: E,
  accept: (...args: Parameters<NfcPortEvents[E]>) => boolean = () => true,
): Promise<Parameters<NfcPortEvents[E]>[0]> {
  return new Promise((resolve) => {
    const off = port.on(event, ((...args: Parameters<NfcPortEvents[E]>) => {
      if (!accept(...args)) return;
      off();
      resolve(args[0]);
    }) as NfcPortEvents[E]);
  });
}

/** resolves once status() satisfies `accept` (now or at a later status event) */
export function statusWhere(port: NfcPort, accept: (s: ReturnType<NfcPort['status']>) => boolean) {
  if (accept(port.status())) return Promise.resolve(port.status());
  return nextEvent(port, 'status', accept);
}
