import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeCpm } from '../core/emv-cpm.js';
import { gatewayClient } from '../gateway/test-client.js';
import { gatewayProvider } from '../terminal/payments/providers.test-util.js';
import { bundleCli, cliEnv, runServerCommand, spawnServe } from './cli-bundle.test-util.js';

/**
 * No secret reaches a log line, end to end: the real gateway, hub and till (`tillpoint serve`) as child
 * processes with their file logs, driven through enrollment (a wrong code, then the right one), a wallet
 * charge with a customer code, a bank card's consumer-presented QR carrying a card number, and the host token
 * in use. Then every line on their stderr and in their log folders is searched for each secret, and the
 * diagnostics archive made from the till's folder too.
 */

const MERCHANT_KEY = 'merchant-key-7f3a9c2e51d84b06';
const WRONG_CODE = 'WRNG-CODE-9911';
const UNIONPAY_PAN = '6212345678901234567';
const CPM = encodeCpm({
  '85': '4350563031',
  '61': { '4F': 'A000000333010101', '5A': `${UNIONPAY_PAN}F`, '57': `${UNIONPAY_PAN}D30122011234500000F` },
});

let dir: string;
let cli: string;
/** debug level: every contract call and every wallet request is logged with its params, the worst case */
const debugEnv = { ...cliEnv, TILLPOINT_LOG_LEVEL: 'debug' };
const children: { child: { kill(signal: NodeJS.Signals): boolean }; exited: Promise<number | null> }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-nosecret-'));
  cli = await bundleCli('no-secrets');
});
afterAll(async () => {
  for (const c of children) c.child.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited));
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

/** One JSON-over-WebSocket client of the till's contract. */
async function connect(url: string) {
  const page = new URL(url);
  const token = new URLSearchParams(page.hash.slice(1)).get('token') ?? '';
  const ws = new WebSocket(`ws://${page.host}/api?token=${token}`, { origin: page.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (result: { ok: boolean; value?: unknown; error?: unknown }) => void>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { id?: number; result?: { ok: boolean } };
    if (frame.id !== undefined && frame.result) pending.get(frame.id)?.(frame.result);
  });
  const call = (method: string, params: unknown = {}) =>
    new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { call, token, close: () => ws.close() };
}

const allFiles = (folder: string): string[] =>
  existsSync(folder)
    ? readdirSync(folder, { recursive: true, encoding: 'utf8' })
        .map((f) => path.join(folder, f))
        .filter((f) => f.endsWith('.log'))
    : [];

describe('logs of the till, the hub and the gateway', () => {
  it('carry no secret, token, card number or customer code', async () => {
    const merchants = path.join(dir, 'merchants.json');
    writeFileSync(merchants, JSON.stringify([{ id: 'm-shop', key: MERCHANT_KEY }]));
    const gatewayLogs = path.join(dir, 'gateway-logs');
    const gateway = runServerCommand(
      cli,
      'gateway',
      ['--test', '--merchants', merchants, '--log-dir', gatewayLogs],
      { cwd: dir, env: debugEnv },
    );
    children.push(gateway);
    const hubDir = path.join(dir, 'hub');
    const hub = runServerCommand(cli, 'hub', ['--data', hubDir], {
      cwd: dir,
      env: { ...debugEnv, DATABASE_URL: '' },
    });
    children.push(hub);
    const gatewayUrl = await gateway.url;
    const hubUrl = await hub.url;

    const tillDir = path.join(dir, 'till');
    const providers = {
      providers: [gatewayProvider(gatewayUrl, { merchantId: 'm-shop', key: MERCHANT_KEY })],
    };
    mkdirSync(tillDir, { recursive: true });
    writeFileSync(path.join(tillDir, 'providers.json'), JSON.stringify(providers));
    const till = serve(['--data', tillDir, '--no-nfc']);
    children.push(till);
    const tillUrl = await till.url;
    const api = await connect(tillUrl);

    const enrollCode = spawnSync(process.execPath, [cli, 'hub', 'enroll-code', '--data', hubDir], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...cliEnv, DATABASE_URL: '' },
    }).stdout.trim();
    expect(enrollCode).toMatch(/\S{8,}/);
    expect((await api.call('sync.enroll', { hubUrl, code: WRONG_CODE })).ok).toBe(false);
    expect(await api.call('sync.enroll', { hubUrl, code: enrollCode })).toMatchObject({ ok: true });

    // a wallet charge with a customer code
    const customerCode = await gatewayClient(gatewayUrl).issueCode({ wallet: 'wechat' });
    const sale = (await api.call('sale.start')).value as { id: string };
    expect((await api.call('sale.scan', { saleId: sale.id, barcode: '6901234567892' })).ok).toBe(true);
    const paid = await api.call('payment.chargeCode', {
      saleId: sale.id,
      code: customerCode,
      source: 'scanner',
    });
    expect(paid).toMatchObject({ ok: true, value: { state: 'succeeded' } });

    // a bank card's QR with a card number, offered as a payment code and as a barcode
    const second = (await api.call('sale.start')).value as { id: string };
    await api.call('sale.scan', { saleId: second.id, barcode: '6901234567892' });
    await api.call('payment.chargeCode', { saleId: second.id, code: CPM, source: 'camera' });
    await api.call('sale.scan', { saleId: second.id, barcode: UNIONPAY_PAN });
    // the hub gets the sales; the diagnostics archive is made by the running till
    await api.call('sync.now');
    const archive = (await api.call('diagnostics.create')).value as { file: string };
    api.close();

    for (const c of [till, hub, gateway]) c.child.kill('SIGTERM');
    expect(await till.exited).toBe(0);
    expect(await hub.exited).toBe(0);
    expect(await gateway.exited).toBe(0);

    // the terminal's HMAC secret as the hub issued it (the hub must keep it to check signatures)
    const hubDb = new Database(path.join(hubDir, 'hub.db'), { readonly: true });
    const terminalSecret = (hubDb.prepare('SELECT secret FROM terminals').get() as { secret: string }).secret;
    hubDb.close();
    expect(terminalSecret.length).toBeGreaterThanOrEqual(32);
    // the read-only token of the customer display's URL (serve's second stdout line) is logged nowhere either
    const displayToken = /Tillpoint customer display: \S+&token=(\S+)/.exec(till.output().stdout)?.[1] ?? '';
    expect(displayToken).toMatch(/^[\w-]{43}$/);
    const secrets: Record<string, string> = {
      'the terminal secret': terminalSecret,
      'the enrollment code': enrollCode,
      'the wrong enrollment code': WRONG_CODE,
      'the host token': api.token,
      'the customer display token': displayToken,
      'the merchant key': MERCHANT_KEY,
      'the customer code': customerCode,
      'the card number': UNIONPAY_PAN,
      'the card QR': CPM,
    };

    const files = [
      ...allFiles(path.join(tillDir, 'logs')),
      ...allFiles(path.join(hubDir, 'logs')),
      ...allFiles(gatewayLogs),
    ];
    // each process logged something, to its file as to stderr
    for (const source of ['till', 'hub', 'gateway'])
      expect(files.some((f) => path.basename(f).startsWith(`${source}.`))).toBe(true);
    const outputs: Record<string, string> = {
      'till stderr': till.output().stderr,
      'hub stderr': hub.output().stderr,
      'gateway stderr': gateway.output().stderr,
      ...Object.fromEntries(files.map((f) => [path.relative(dir, f), readFileSync(f, 'utf8')])),
    };
    const tarList = spawnSync('tar', ['-xOzf', archive.file], { encoding: 'utf8' });
    expect(tarList.status).toBe(0);
    outputs['the diagnostics archive'] = tarList.stdout;

    // what was logged is JSON, one object per line, and says what happened
    const tillLines = outputs['till stderr']!.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(tillLines.some((l) => /payment .* -> succeeded/.test(l.msg))).toBe(true);
    expect(outputs['hub stderr']).toContain('hub.enroll_code_invalid');
    expect(tillLines.some((l) => l.msg === 'host: call payment.chargeCode')).toBe(true);
    expect(outputs['gateway stderr']).toMatch(/"msg":"\/v1\/pay\/micropay: 200/);

    const leaks: string[] = [];
    for (const [where, text] of Object.entries(outputs)) {
      for (const [what, value] of Object.entries(secrets))
        if (text.includes(value)) leaks.push(`${what} in ${where}`);
    }
    // names what leaked where, never the value
    expect(leaks).toEqual([]);
  }, 90_000);
});

/** `tillpoint serve` as a child: resolves with the URL of its one stdout line. */
function serve(args: string[]) {
  return spawnServe(cli, args, { cwd: dir, env: debugEnv });
}
