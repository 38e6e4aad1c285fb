/**
 * The Alipay adapter's charge round trip (alipay.trade.pay: RSA2 signing of the request, HTTPS with a test
 * CA, verification of the answer's signature over its raw text, the mapping) against the Alipay simulator,
 * beside the simulator's own time for the same call: the same kind of request, signed before the clock
 * starts and sent by the same transport, its answer not verified. The overhead is the per-pair difference
 * (the two alternate, so drift of a shared machine falls on both). Everything on 127.0.0.1.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { money } from '../../src/core/money.js';
import { startAlipaySim } from '../../src/gateway/alipay/alipay-sim.test-util.js';
import { readAnswer, signedParams } from '../../src/terminal/payments/alipay/alipay-client.js';
import { loadAlipayKeys } from '../../src/terminal/payments/alipay/alipay-keys.js';
import { createAlipayProvider } from '../../src/terminal/payments/alipay/alipay-provider.js';
import { requestRaw, type HttpOutcome } from '../../src/terminal/payments/http-json.js';
import { summarize, type Summary } from './stats.js';
import type { Row } from './run.js';

const CHARGES = 200;
const WARM_UP = 10;

const ms = (s: Summary, key: 'median' | 'p95') => `${s[key].toFixed(2)} ms`;

export async function benchAlipay(scratch: string): Promise<Row[]> {
  const sim = await startAlipaySim();
  const info = sim.gateway.alipay;
  writeFileSync(join(scratch, 'alipay-app.pem'), info.appPrivateKeyPem, { mode: 0o600 });
  writeFileSync(join(scratch, 'alipay-pub.pem'), info.alipayPublicKeyPem, { mode: 0o600 });
  writeFileSync(join(scratch, 'alipay-ca.pem'), sim.caPem);
  const keys = loadAlipayKeys(
    {
      appId: info.appId,
      privateKeyFile: 'alipay-app.pem',
      alipayPublicKeyFile: 'alipay-pub.pem',
      caFile: 'alipay-ca.pem',
    },
    scratch,
    'bench',
  );
  const gatewayUrl = `${sim.gateway.url}/gateway.do`;
  const config = { id: 'alipay', gatewayUrl, appId: info.appId, keys };
  const provider = createAlipayProvider(config);
  const adapter: number[] = [];
  const own: number[] = [];
  const overhead: number[] = [];
  const cpu: number[] = [];
  let answer: HttpOutcome | null = null;
  try {
    for (let i = 0; i < WARM_UP + CHARGES; i++) {
      const [viaAdapter, direct] = [
        await sim.control.issueCode({ behaviour: 'success' }),
        await sim.control.issueCode({ behaviour: 'success' }),
      ];
      const t0 = performance.now();
      const outcome = await provider.chargeCode({
        outTradeNo: randomUUID(),
        authCode: viaAdapter,
        amount: money(200, 'CNY'),
        timeoutMs: 5_000,
      });
      const t1 = performance.now();
      if (outcome.status !== 'succeeded') throw new Error(`alipay bench: ${outcome.status}`);

      const form = new URLSearchParams(
        signedParams(config, 'alipay.trade.pay', {
          out_trade_no: randomUUID(),
          scene: 'bar_code',
          auth_code: direct,
          subject: 'Tillpoint sale',
          total_amount: '2.00',
        }),
      ).toString();
      const t2 = performance.now();
      const raw = await requestRaw('POST', new URL(`${gatewayUrl}?charset=utf-8`), form, {}, 5_000, {
        contentType: 'application/x-www-form-urlencoded;charset=utf-8',
        tls: { ca: sim.caPem },
      });
      const t3 = performance.now();
      if (raw.kind !== 'reply' || !raw.text.includes('"10000"')) throw new Error('alipay bench: no answer');
      answer = raw;
      if (i >= WARM_UP) {
        adapter.push(t1 - t0);
        own.push(t3 - t2);
        overhead.push(t1 - t0 - (t3 - t2));
      }
    }
    // the adapter's own work without the network: sign a request, verify and read an answer
    for (let i = 0; i < WARM_UP + CHARGES && answer; i++) {
      const t0 = performance.now();
      signedParams(config, 'alipay.trade.pay', { out_trade_no: randomUUID(), total_amount: '2.00' });
      if (readAnswer(answer, 'alipay.trade.pay', keys).kind !== 'answer')
        throw new Error('alipay bench: verify');
      if (i >= WARM_UP) cpu.push(performance.now() - t0);
    }
  } finally {
    await sim.gateway.close();
  }
  const a = summarize(adapter);
  const o = summarize(own);
  const d = summarize(overhead);
  const c = summarize(cpu);
  return [
    {
      measure: 'alipay charge via the adapter (HTTPS, RSA2 both ways)',
      n: a.n,
      median: ms(a, 'median'),
      p95: ms(a, 'p95'),
      goal: '',
      peer: `simulator's own time (pre-signed, unverified): ${ms(o, 'median')} / ${ms(o, 'p95')}`,
    },
    {
      measure: 'alipay adapter overhead (signing included)',
      n: d.n,
      median: ms(d, 'median'),
      p95: ms(d, 'p95'),
      goal: 'p95 <= 5 ms',
      peer: 'the pair above, per charge (wall clock: a loaded machine shows here)',
    },
    {
      measure: 'alipay adapter work per charge (sign + verify + read)',
      n: c.n,
      median: ms(c, 'median'),
      p95: ms(c, 'p95'),
      goal: 'p95 <= 5 ms',
      peer: 'no network: the CPU part of the overhead',
    },
  ];
}
