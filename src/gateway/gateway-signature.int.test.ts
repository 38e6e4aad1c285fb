import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { demoMerchant, startGateway, type Gateway } from './gateway.js';
import { signRequest } from './signature.js';
import { gatewayClient, rawRequest } from './test-client.js';

/** Signatures, framing and bad input against the real server on 127.0.0.1 (one server per test). */

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const start = async (opts: Parameters<typeof startGateway>[0] = {}) => {
  gateway = await startGateway({ log: () => {}, ...opts });
  return { gateway, client: gatewayClient(gateway.url) };
};

const query = { out_trade_no: 'sig-1' };

describe('request signatures over HTTP', () => {
  it('answers a signed request and refuses a bad signature, an unknown merchant and missing headers', async () => {
    const { client, gateway } = await start();
    expect(await client.signedPost('/v1/pay/query', query)).toEqual({
      status: 200,
      body: { code: 'ORDER_NOT_EXIST', message: expect.any(String) },
    });
    expect(await client.signedPost('/v1/pay/query', query, { key: 'wrong-key' })).toMatchObject({
      status: 401,
      body: { code: 'SIGN_ERROR' },
    });
    expect(await client.signedPost('/v1/pay/query', query, { merchantId: 'm-nobody' })).toMatchObject({
      status: 401,
      body: { code: 'UNKNOWN_MERCHANT' },
    });
    const unsigned = await rawRequest(gateway.url, 'POST', '/v1/pay/query', JSON.stringify(query));
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'SIGN_ERROR' } });
    expect(unsigned.body.message).toContain('X-Signature');
  });

  it('refuses a body changed after signing', async () => {
    const { gateway } = await start();
    const headers = signRequest({
      method: 'POST',
      path: '/v1/pay/reverse',
      body: JSON.stringify({ out_trade_no: 'mine' }),
      merchantId: demoMerchant.id,
      key: demoMerchant.key,
      timestamp: Date.now(),
      nonce: randomUUID(),
    });
    const tampered = JSON.stringify({ out_trade_no: 'theirs' });
    expect(await rawRequest(gateway.url, 'POST', '/v1/pay/reverse', tampered, headers)).toMatchObject({
      status: 401,
      body: { code: 'SIGN_ERROR' },
    });
    // The same headers on another path are refused too: the path is part of what is signed.
    const moved = await rawRequest(
      gateway.url,
      'POST',
      '/v1/pay/query',
      JSON.stringify({ out_trade_no: 'mine' }),
      headers,
    );
    expect(moved).toMatchObject({ status: 401, body: { code: 'SIGN_ERROR' } });
    expect((await gatewayClient(gateway.url).ledger()).reversed_unknown).toEqual([]);
  });

  it('refuses an expired or future timestamp (±300 s) and accepts one inside the window', async () => {
    const { client } = await start();
    const now = Date.now();
    expect(await client.signedPost('/v1/pay/query', query, { timestamp: now - 301_000 })).toMatchObject({
      status: 401,
      body: { code: 'TIMESTAMP_SKEW' },
    });
    expect(await client.signedPost('/v1/pay/query', query, { timestamp: now + 301_000 })).toMatchObject({
      status: 401,
      body: { code: 'TIMESTAMP_SKEW' },
    });
    expect((await client.signedPost('/v1/pay/query', query, { timestamp: now - 250_000 })).status).toBe(200);
  });

  it('checks the window against its own clock (now option), not the test machine', async () => {
    const { client } = await start({ now: () => Date.now() - 3_600_000 });
    expect(await client.signedPost('/v1/pay/query', query)).toMatchObject({
      body: { code: 'TIMESTAMP_SKEW' },
    });
  });

  it('refuses a reused nonce', async () => {
    const { client } = await start();
    const nonce = randomUUID();
    expect((await client.signedPost('/v1/pay/query', query, { nonce })).status).toBe(200);
    expect(await client.signedPost('/v1/pay/query', query, { nonce })).toMatchObject({
      status: 401,
      body: { code: 'NONCE_REUSED' },
    });
  });

  it('knows merchants given at start, each with its own key', async () => {
    gateway = await startGateway({ log: () => {}, merchants: [{ id: 'm-shop', key: 'shop-key' }] });
    const shop = gatewayClient(gateway.url, { id: 'm-shop', key: 'shop-key' });
    const demo = gatewayClient(gateway.url);
    expect((await shop.query('x')).status).toBe(200);
    expect((await demo.query('x')).status).toBe(200);
    expect(await shop.signedPost('/v1/pay/query', query, { key: 'sandbox-demo-key' })).toMatchObject({
      status: 401,
      body: { code: 'SIGN_ERROR' },
    });
  });
});

describe('bad input', () => {
  it('answers malformed JSON and bad params with 400 PARAM_ERROR', async () => {
    const { client } = await start();
    expect(await client.signedPost('/v1/pay/query', '{"out_trade_no":')).toMatchObject({
      status: 400,
      body: { code: 'PARAM_ERROR', message: 'The body is not valid JSON' },
    });
    expect(await client.signedPost('/v1/pay/query', '[1,2]')).toMatchObject({
      status: 400,
      body: { code: 'PARAM_ERROR' },
    });
    for (const body of [
      { out_trade_no: 'p1', auth_code: 134567890, amount: 100, currency: 'CNY' },
      { out_trade_no: 'p1', auth_code: '134567890123456789', amount: 1.5, currency: 'CNY' },
      { out_trade_no: 'p1', auth_code: '134567890123456789', amount: '100', currency: 'CNY' },
      { out_trade_no: 'p1', auth_code: '134567890123456789', amount: 100, currency: 'XYZ' },
      { out_trade_no: 'bad id with spaces', auth_code: '134567890123456789', amount: 100, currency: 'CNY' },
    ]) {
      const res = await client.micropay(body);
      expect(res, JSON.stringify(body)).toMatchObject({ status: 400, body: { code: 'PARAM_ERROR' } });
    }
  });

  it('answers a body over 64 KiB with 413 and keeps serving', async () => {
    const { client, gateway } = await start();
    const big = JSON.stringify({ out_trade_no: 'big', pad: 'x'.repeat(70 * 1024) });
    expect(await client.signedPost('/v1/pay/query', big)).toMatchObject({
      status: 413,
      body: { code: 'PARAM_ERROR' },
    });
    const sandboxBig = await rawRequest(gateway.url, 'POST', '/sandbox/codes', big);
    expect(sandboxBig.status).toBe(413);
    expect((await client.query('after')).status).toBe(200);
  });

  it('keeps running after garbage bytes, unknown paths and wrong methods', async () => {
    const { client, gateway } = await start();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(gateway.port, '127.0.0.1', () => socket.write('\x00\x01 garbage \r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(gateway.url, 'GET', '/nowhere', null)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await rawRequest(gateway.url, 'GET', '/v1/pay/query', null)).toMatchObject({ status: 405 });
    expect((await client.query('still-here')).status).toBe(200);
  });
});

describe('arbitrary bodies', () => {
  it('never make the server fail: every signed body gets 200 or 400, and it keeps serving', async () => {
    const { client } = await start({ test: true });
    const paths = [
      '/v1/pay/micropay',
      '/v1/pay/precreate',
      '/v1/pay/query',
      '/v1/pay/reverse',
      '/v1/pay/refund',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (path, body) => {
          const res = await client.signedPost(path, body);
          expect([200, 400]).toContain(res.status);
          expect(
            typeof res.body.code === 'string' ||
              typeof res.body.trade_status === 'string' ||
              typeof res.body.result === 'string',
          ).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
    expect((await client.query('after-fuzz')).status).toBe(200);
  });
});
