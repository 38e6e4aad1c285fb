import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../core/money.js';
import { alipayEntry, startAlipaySim, type AlipaySim } from '../gateway/alipay/alipay-sim.test-util.js';
import {
  paymentEntry,
  postJson,
  refundedEntry,
  samplePaymentFinal,
  sendBatch,
  type Credentials,
} from '../hub/hub-test-client.js';
import { hubPaths } from '../shared/hub-api.js';
import { loadAlipayKeys } from '../terminal/payments/alipay/alipay-keys.js';
import { createAlipayProvider } from '../terminal/payments/alipay/alipay-provider.js';
import { wechatpayFromEntry } from '../terminal/payments/wechatpay/wechatpay-setup.js';
import { startWechatSimulator } from '../terminal/payments/wechatpay/wechatpay.test-util.js';
import { bundleCli, cliEnv, runServerCommand } from './cli-bundle.test-util.js';

/**
 * `tillpoint hub reconcile`, the real command: a day seeded with every kind of mismatch on both sides,
 * money moved at the Alipay simulator (over https with a test CA) by the till's own Alipay adapter, and
 * the tills' reports at a hub on SQLite; the command downloads the day's bill with the merchant's keys
 * (bill download URL query, then the zip of GBK CSVs) and finds every mismatch, inventing none.
 */
let cli: string;
let dir: string;
let sim: AlipaySim;
const env = { ...cliEnv, DATABASE_URL: '' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-reconcile-'));
  cli = await bundleCli('tillpoint-hub-reconcile');
  sim = await startAlipaySim();
}, 30_000);
afterAll(async () => {
  await sim?.gateway.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const tillpoint = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'hub', ...args], { cwd: dir, env, encoding: 'utf8' });

/** The command run without blocking this process: the simulator it downloads from runs here. */
const reconcile = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'hub', 'reconcile', ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

const beijingDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe('tillpoint hub reconcile', () => {
  it('downloads the Alipay bill of the day and finds every mismatch with the hub, none invented', async () => {
    const entry = alipayEntry(sim, dir);
    writeFileSync(path.join(dir, 'providers.json'), JSON.stringify({ providers: [entry] }));
    const alipay = createAlipayProvider({
      id: 'alipay',
      gatewayUrl: entry.gatewayUrl,
      appId: entry.appId,
      keys: loadAlipayKeys(entry, dir, 'providers.json providers.0', { narrow: false }),
    });
    const day = beijingDay(Date.now());
    const pay = async (amount: number) => {
      const outTradeNo = randomUUID();
      const code = await sim.control.issueCode({ behaviour: 'success' });
      const paid = await alipay.chargeCode({
        outTradeNo,
        authCode: code,
        amount: money(amount, 'CNY'),
        timeoutMs: 5_000,
      });
      expect(paid.status).toBe('succeeded');
      return outTradeNo;
    };
    const refund = async (outTradeNo: string, amount: number) => {
      const outRefundNo = randomUUID();
      const done = await alipay.refund({ outTradeNo, outRefundNo, amount: money(amount, 'CNY') });
      expect(done.status).toBe('refunded');
      return outRefundNo;
    };
    // at the provider
    const matched = await pay(1_200);
    const noSale = await pay(800);
    const differs = await pay(300);
    const refunded = await refund(matched, 200);
    const providerOnlyRefund = await refund(matched, 50);

    // at the hub: what the tills reported
    const code = tillpoint('enroll-code', '--data', 'hub').stdout.trim();
    const run = runServerCommand(cli, 'hub', ['--port', '0', '--data', 'hub'], { cwd: dir, env });
    const url = await run.url;
    const till = (await postJson(`${url}${hubPaths.enroll}`, { code, name: 'till 1' })).body as Credentials;
    const at = new Date().toISOString();
    const final = (id: string, amount: number) =>
      paymentEntry(
        samplePaymentFinal({ id, providerId: 'alipay', amount: { amount, currency: 'CNY' }, updatedAt: at }),
      );
    const hubRefund = (attemptId: string, id: string, amount: number) =>
      refundedEntry({ attemptId, id, amount, providerId: 'alipay', wallet: 'alipay', at });
    const noCapture = randomUUID();
    const hubOnlyRefund = randomUUID();
    const sent = await sendBatch(url, till, {
      entries: [
        final(matched, 1_200),
        final(differs, 310),
        final(noCapture, 400),
        hubRefund(matched, refunded, 200),
        hubRefund(matched, hubOnlyRefund, 70),
      ],
    });
    expect(sent.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    // the provider's bill for a day is ready the day after
    const early = await reconcile(
      '--provider',
      'alipay',
      '--date',
      day,
      '--providers',
      'providers.json',
      '--data',
      'hub',
    );
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/could not be downloaded: isp\.bill_not_exist/);
    await sim.control.advanceClock(86_400_000);

    const result = await reconcile(
      '--provider',
      'alipay',
      '--date',
      day,
      '--providers',
      'providers.json',
      '--data',
      'hub',
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      counts: Record<string, number>;
      findings: {
        kind: string;
        outTradeNo: string;
        outRefundNo: string | null;
        providerAmount: number | null;
        hubAmount: number | null;
      }[];
    };
    expect(report.counts).toEqual({
      matched: 2,
      paid_without_sale: 1,
      sale_without_capture: 1,
      amount_differs: 1,
      refund_at_provider_only: 1,
      refund_at_hub_only: 1,
      refund_amount_differs: 0,
    });
    const kind = (no: string, refundNo: string | null = null) =>
      report.findings.filter((f) => f.outTradeNo === no && f.outRefundNo === refundNo).map((f) => f.kind);
    expect(kind(matched)).toEqual(['matched']);
    expect(kind(matched, refunded)).toEqual(['matched']);
    expect(kind(noSale)).toEqual(['paid_without_sale']);
    expect(kind(differs)).toEqual(['amount_differs']);
    expect(kind(noCapture)).toEqual(['sale_without_capture']);
    expect(kind(matched, providerOnlyRefund)).toEqual(['refund_at_provider_only']);
    expect(kind(matched, hubOnlyRefund)).toEqual(['refund_at_hub_only']);

    // the same from a file, as CSV; and the run is in the hub's report
    const csv = await reconcile(
      '--provider',
      'alipay',
      '--date',
      day,
      '--providers',
      'providers.json',
      '--format',
      'csv',
      '--data',
      'hub',
    );
    const row = csv.stdout.split('\r\n').find((l) => l.startsWith(`amount_differs,${differs},`));
    expect(row).toMatch(
      new RegExp(`^amount_differs,${differs},,3\\.00,3\\.10,CNY,\\d+,${till.terminalId},[0-9a-f-]{36}$`),
    );
    const runs = JSON.parse(tillpoint('report', '--reconciliations', '--data', 'hub').stdout) as {
      providerId: string;
      day: string;
      counts: Record<string, number>;
      findings: unknown[];
    }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ providerId: 'alipay', day, counts: report.counts });
    // kept: what needs the operator, not the matched lines
    expect(runs[0]!.findings).toHaveLength(5);
  });

  it('downloads the WeChat Pay ALL bill (API v2 downloadbill) and matches it the same way', async () => {
    const wx = await startWechatSimulator();
    try {
      writeFileSync(path.join(dir, 'providers-wx.json'), JSON.stringify({ providers: [wx.entry()] }));
      const wechat = wechatpayFromEntry(wx.parsedEntry(), 0, wx.dir, () => {});
      if (!wechat) throw new Error('the WeChat Pay provider did not build');
      const day = beijingDay(Date.now());
      const pay = async (amount: number) => {
        const outTradeNo = randomUUID();
        const code = await wx.client.issueCode({ wallet: 'wechat' });
        const paid = await wechat.chargeCode({
          outTradeNo,
          authCode: code,
          amount: money(amount, 'CNY'),
          timeoutMs: 5_000,
        });
        expect(paid.status).toBe('succeeded');
        return outTradeNo;
      };
      const matched = await pay(500);
      const noSale = await pay(700);
      const refundId = randomUUID();
      expect(
        (await wechat.refund({ outTradeNo: matched, outRefundNo: refundId, amount: money(100, 'CNY') }))
          .status,
      ).toBe('refunded');

      const code = tillpoint('enroll-code', '--data', 'hub-wx').stdout.trim();
      const run = runServerCommand(cli, 'hub', ['--port', '0', '--data', 'hub-wx'], { cwd: dir, env });
      const url = await run.url;
      const till = (await postJson(`${url}${hubPaths.enroll}`, { code, name: 'till wx' }))
        .body as Credentials;
      const at = new Date().toISOString();
      const noCapture = randomUUID();
      const final = (id: string, amount: number) =>
        paymentEntry(
          samplePaymentFinal({
            id,
            providerId: 'wechatpay',
            wallet: 'wechat',
            amount: { amount, currency: 'CNY' },
            updatedAt: at,
          }),
        );
      const sent = await sendBatch(url, till, {
        entries: [
          final(matched, 500),
          final(noCapture, 900),
          refundedEntry({
            attemptId: matched,
            id: refundId,
            amount: 100,
            providerId: 'wechatpay',
            wallet: 'wechat',
            at,
          }),
        ],
      });
      expect(sent.status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);

      const result = await reconcile(
        '--provider',
        'wechatpay',
        '--date',
        day,
        '--providers',
        'providers-wx.json',
        '--data',
        'hub-wx',
      );
      expect(result.stderr).toBe('');
      const report = JSON.parse(result.stdout) as {
        counts: Record<string, number>;
        findings: { kind: string; outTradeNo: string; outRefundNo: string | null }[];
      };
      expect(report.counts).toMatchObject({
        matched: 2,
        paid_without_sale: 1,
        sale_without_capture: 1,
        amount_differs: 0,
        refund_at_provider_only: 0,
        refund_at_hub_only: 0,
      });
      const kinds = Object.fromEntries(
        report.findings.map((f) => [`${f.outTradeNo}/${f.outRefundNo ?? ''}`, f.kind]),
      );
      expect(kinds).toEqual({
        [`${matched}/`]: 'matched',
        [`${matched}/${refundId}`]: 'matched',
        [`${noSale}/`]: 'paid_without_sale',
        [`${noCapture}/`]: 'sale_without_capture',
      });
      // a day without a single trade: WeChat Pay says "No Bill Exist", which is an empty day, not a failure
      const quiet = await reconcile(
        '--provider',
        'wechatpay',
        '--date',
        '2020-01-02',
        '--providers',
        'providers-wx.json',
        '--data',
        'hub-wx',
      );
      expect(quiet.stderr).toBe('');
      expect(quiet.status).toBe(0);
      expect((JSON.parse(quiet.stdout) as { findings: unknown[] }).findings).toEqual([]);
    } finally {
      await wx.close();
    }
  });

  it('refuses what it cannot do, naming it', async () => {
    const none = await reconcile('--provider', 'alipay', '--date', '2026-12-07', '--data', 'hub');
    expect(none.status).toBe(64);
    expect(none.stderr).toMatch(/--file F .* or --providers FILE/);
    const badDay = await reconcile('--provider', 'x', '--date', '7.12.2026', '--file', 'f', '--data', 'hub');
    expect(badDay.status).toBe(64);
    writeFileSync(path.join(dir, 'garbage.csv'), 'hello,world\r\n');
    const garbage = await reconcile(
      '--provider',
      'x',
      '--date',
      '2026-12-07',
      '--file',
      'garbage.csv',
      '--data',
      'hub',
    );
    expect(garbage.status).toBe(1);
    expect(garbage.stderr).toMatch(/neither an Alipay trade bill nor a WeChat Pay ALL bill/);
  });
});
