/**
 * Scan-to-charge-start, end to end: a customer's code as the cashier screen gets it from a scanner, routed
 * (routeScan), sent as payment.chargeCode through the renderer's own WebSocket client to the real loopback
 * host and terminal, until the terminal's first `payment.changed` in state `charging` arrives back (the
 * charge is committed as charging before it leaves the till). The peer is the same call's answer, which waits
 * for the real sandbox gateway's reply (paid at once). Everything on 127.0.0.1, as `serve --gateway` runs it.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startGateway } from '../../src/gateway/gateway.js';
import { gatewayClient } from '../../src/gateway/test-client.js';
import { routeScan } from '../../src/renderer/payment/scan-route.js';
import type { PaymentAttemptDto } from '../../src/shared/dto.js';
import { openTerminal } from '../../src/terminal/terminal.js';
import { summarize, type Summary } from './stats.js';
import { loopbackApi } from './loopback-api.js';
import type { Row } from './run.js';

const SALES = 40;
/** Sales before the measured ones: the first call pays for JIT, the first HTTP connection, SQLite's cache. */
const WARM_UP = 3;

const ms = (s: Summary, key: 'median' | 'p95' | 'p99') => `${s[key].toFixed(2)} ms`;

function must<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok) throw new Error(`scan-to-charge bench: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export async function benchScanToCharge(scratch: string): Promise<Row[]> {
  const dataDir = join(scratch, 'scan-to-charge');
  const gateway = await startGateway({ log: () => {} });
  const codes = gatewayClient(gateway.url);
  const terminal = await openTerminal({ dataDir, gatewayUrl: gateway.url, log: () => {} });
  const { api, host } = await loopbackApi(terminal, dataDir, scratch);
  const toCharging: number[] = [];
  const toAnswer: number[] = [];
  try {
    const [product] = must(await api['catalog.search']({ query: '', limit: 1 }));
    if (!product) throw new Error('scan-to-charge bench: the demo catalog has no product');
    for (let i = 0; i < WARM_UP + SALES; i++) {
      const sale = must(await api['sale.start']({}));
      must(await api['sale.addProduct']({ saleId: sale.id, productId: product.id }));
      // A plain sandbox wallet code (20 digits starting 88), issued by the gateway so it pays at once.
      const scanned = `${await codes.issueCode({ wallet: 'sandbox' })}\r\n`;

      let chargingAt = 0;
      let charged: () => void = () => {};
      const charging = new Promise<void>((resolve) => (charged = resolve));
      const off = api.on('payment.changed', (attempt: PaymentAttemptDto) => {
        if (chargingAt === 0 && attempt.saleId === sale.id && attempt.state === 'charging') {
          chargingAt = performance.now();
          charged();
        }
      });
      const t0 = performance.now();
      const route = routeScan(scanned);
      if (route.action !== 'charge') throw new Error(`scan-to-charge bench: routed to ${route.action}`);
      const answer = api['payment.chargeCode']({ saleId: sale.id, code: route.code, source: 'scanner' });
      const [result] = await Promise.all([answer, charging]);
      const answeredAt = performance.now();
      off();
      const attempt = must(result);
      if (attempt.state !== 'succeeded') throw new Error(`scan-to-charge bench: attempt ${attempt.state}`);
      if (i >= WARM_UP) {
        toCharging.push(chargingAt - t0);
        toAnswer.push(answeredAt - t0);
      }
    }
  } finally {
    api.close();
    await host.close();
    terminal.close();
    await gateway.close();
  }
  const c = summarize(toCharging);
  const a = summarize(toAnswer);
  return [
    {
      measure:
        'scan-to-charge-start, end to end: routeScan + payment.chargeCode over the WebSocket host -> payment.changed "charging"',
      n: c.n,
      median: ms(c, 'median'),
      p95: ms(c, 'p95'),
      p99: ms(c, 'p99'),
      goal: `< 100 ms: ${c.p95 < 100 ? 'met' : 'MISSED'}`,
      peer: `payment.chargeCode answer (sandbox gateway on 127.0.0.1, paid): median ${ms(a, 'median')}, p95 ${ms(a, 'p95')}`,
    },
  ];
}
