import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { money } from '../../core/money.js';
import { startGateway } from '../../gateway/gateway.js';
import { gatewayClient } from '../../gateway/test-client.js';
import { createSandboxGatewayProvider } from './sandbox-gateway-provider.js';

/**
 * The adapter against a real HTTP server on 127.0.0.1 that misbehaves on purpose: only a definite business
 * answer may become a decline; a 5xx, a body that is not JSON, a reset or a hang are UNKNOWN (the charge
 * may have gone through), and only a refused connection is 'unreachable'.
 */
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const provider = (url: string) =>
  createSandboxGatewayProvider({ id: 'p', url, merchantId: 'm-demo', key: 'k', requestTimeoutMs: 300 });
const charge = (url: string, timeoutMs = 300) =>
  provider(url).chargeCode({
    outTradeNo: '7d1f0f3e-6d9c-4c59-9d0e-2f6a1c2b3d4e',
    authCode: '134567890123456789',
    amount: money(200, 'CNY'),
    timeoutMs,
  });

describe('sandbox gateway adapter outcomes', () => {
  test('HTTP 500 is unknown, never declined', async () => {
    const url = await serve((_req, res) => res.writeHead(500).end('{"code":"SYSTEMERROR"}'));
    expect((await charge(url)).status).toBe('unknown');
  });

  test('a body that is not JSON is unknown', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end('<html>proxy error</html>'));
    expect((await charge(url)).status).toBe('unknown');
  });

  test('SYSTEMERROR with HTTP 200 is unknown', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end('{"code":"SYSTEMERROR","message":"busy"}'));
    expect(await charge(url)).toMatchObject({ status: 'unknown' });
  });

  test('a connection reset after the request is unknown', async () => {
    const url = await serve((req) => req.socket.destroy());
    expect((await charge(url)).status).toBe('unknown');
  });

  test('no answer in time is a timeout, not a decline', async () => {
    const url = await serve(() => {});
    const started = Date.now();
    expect((await charge(url, 200)).status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('a refused connection is unreachable: the request never left', async () => {
    const url = await serve(() => {});
    server!.close();
    server = undefined;
    expect(await charge(url)).toMatchObject({ status: 'unreachable', reason: { code: 'payment.offline' } });
  });

  test('the request is signed and carries the attempt id and minor units', async () => {
    let seen: { headers: http.IncomingHttpHeaders; body: string } | null = null;
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        res.writeHead(200).end('{"trade_status":"SUCCESS","transaction_id":"42","wallet":"wechat"}');
      });
    });
    expect(await charge(url)).toEqual({ status: 'succeeded', transactionId: '42', wallet: 'wechat' });
    expect(JSON.parse(seen!.body)).toMatchObject({
      out_trade_no: '7d1f0f3e-6d9c-4c59-9d0e-2f6a1c2b3d4e',
      amount: 200,
      currency: 'CNY',
    });
    expect(seen!.headers['x-merchant-id']).toBe('m-demo');
    expect(seen!.headers['x-signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('business codes map to the till’s reasons', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200).end('{"trade_status":"PAYERROR","code":"AUTH_CODE_EXPIRED","message":"expired"}'),
    );
    expect(await charge(url)).toEqual({
      status: 'declined',
      reason: { code: 'wallet.code_expired', message: 'expired' },
    });
  });
});

describe('sandbox gateway adapter against the real gateway', () => {
  test('query, refund (idempotent by out_refund_no, never more than paid) and reverse of a paid order', async () => {
    const gateway = await startGateway({ test: true, log: () => {} });
    try {
      const p = createSandboxGatewayProvider({
        id: 'sandbox',
        url: gateway.url,
        merchantId: 'm-demo',
        key: 'sandbox-demo-key',
      });
      const outTradeNo = '0e3c1b7a-8f2d-4d5e-9a6b-1c2d3e4f5a6b';
      expect(await p.query(outTradeNo)).toEqual({ status: 'not_found' });
      const authCode = await gatewayClient(gateway.url).issueCode({ wallet: 'sandbox' });
      const paid = await p.chargeCode({ outTradeNo, authCode, amount: money(500, 'CNY'), timeoutMs: 2_000 });
      expect(paid).toMatchObject({ status: 'succeeded', wallet: 'sandbox' });
      // the same charge again is idempotent: the order's state, not a second charge
      expect(
        await p.chargeCode({ outTradeNo, authCode, amount: money(500, 'CNY'), timeoutMs: 2_000 }),
      ).toMatchObject({ status: 'succeeded' });
      expect(await p.query(outTradeNo)).toMatchObject({ status: 'succeeded' });
      const refund = { outTradeNo, outRefundNo: 'r-1', amount: money(200, 'CNY') };
      expect(await p.refund(refund)).toEqual({ status: 'refunded', refundedTotal: 200 });
      expect(await p.refund(refund)).toEqual({ status: 'refunded', refundedTotal: 200 });
      expect(await p.refund({ ...refund, outRefundNo: 'r-2', amount: money(400, 'CNY') })).toMatchObject({
        status: 'failed',
        reason: { code: 'payment.provider_error' },
      });
      expect(await p.reverse(outTradeNo)).toEqual({ status: 'reversed', refunded: true });
      expect(await p.reverse(outTradeNo)).toEqual({ status: 'reversed', refunded: true });
      expect(await p.query(outTradeNo)).toEqual({ status: 'reversed' });
      const ledger = await gatewayClient(gateway.url).ledger();
      expect(ledger.orders[0]).toMatchObject({ charged: 1, refunded_amount: 500 });
      // a wrong key is refused before any business: a charge is declined (no money moved), but a refused
      // query says nothing about the order, so it is unknown, never a decline
      const forged = createSandboxGatewayProvider({
        id: 'x',
        url: gateway.url,
        merchantId: 'm-demo',
        key: 'wrong',
      });
      expect(await forged.query(outTradeNo)).toMatchObject({ status: 'unknown' });
      expect(
        await forged.chargeCode({ outTradeNo: 'x-1', authCode, amount: money(1, 'CNY'), timeoutMs: 2_000 }),
      ).toMatchObject({ status: 'declined', reason: { code: 'payment.provider_error' } });
    } finally {
      await gateway.close();
    }
  });
});
