import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkConfigFiles } from '../../diagnostics/config-check.js';
import { openTerminal } from '../../terminal.js';
import { startWechatSimulator, type WechatSimulator } from './wechatpay.test-util.js';

/**
 * A providers.json whose WeChat Pay key material is wrong: the till still starts and takes cash, WeChat
 * Pay is not offered, and the problem is named at start (log and diagnostics) with the field and the file,
 * never a key. Key files others could read are narrowed to 0600.
 */
let sim: WechatSimulator;
let root: string;

beforeAll(async () => {
  sim = await startWechatSimulator();
  root = mkdtempSync(join(tmpdir(), 'tillpoint-wxconf-'));
}, 60_000);
afterAll(async () => {
  await sim?.close();
  rmSync(root, { recursive: true, force: true });
});

async function till(name: string, entry: Record<string, unknown>) {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'providers.json'), JSON.stringify({ providers: [entry] }), { mode: 0o600 });
  const lines: string[] = [];
  const terminal = await openTerminal({
    dataDir,
    log: (line, details) => lines.push(`${line} ${JSON.stringify(details ?? null)}`),
  });
  return { terminal, lines, dataDir };
}

async function cashStillWorks(terminal: Awaited<ReturnType<typeof openTerminal>>) {
  const h = terminal.handlers;
  const sale = await h['sale.start']({});
  const open =
    sale.lines.length > 0 ? sale : await h['sale.scan']({ saleId: sale.id, barcode: '6901234567892' });
  const options = await h['payment.options']({ saleId: open.id });
  const done = await h['sale.complete']({ saleId: open.id, tender: { method: 'cash', tendered: 100_000 } });
  return { options, done };
}

describe('bad WeChat Pay settings', () => {
  test.each([
    [
      'a missing key file',
      { apiV2KeyFile: 'no-such-apiv2.key' },
      'providers.0.apiV2KeyFile',
      'no-such-apiv2.key',
    ],
    ['a wrong mchid', { mchid: 'm-demo' }, 'providers.0.mchid', null],
    ['a wrong appid', { appid: 'wechat-app' }, 'providers.0.appid', null],
    [
      'the real API without the client certificate',
      { url: 'https://api.mch.weixin.qq.com' },
      'providers.0.clientCertificateFile',
      null,
    ],
  ])(
    '%s: named with the field and file; the till starts, takes cash, offers no WeChat Pay',
    async (name, bad, field, file) => {
      const { terminal, lines, dataDir } = await till(name.replaceAll(' ', '-'), sim.entry(bad));
      try {
        const problem = lines.find((l) => l.includes(field));
        expect(problem, lines.join('\n')).toBeDefined();
        if (file) expect(problem).toContain(join(dataDir, file));
        const { options, done } = await cashStillWorks(terminal);
        expect(options.wallets.map((w) => w.wallet)).not.toContain('wechat');
        expect(options.merchantQr).toEqual([]);
        expect(done.state).toBe('completed');
        // diagnostics name the same problem from the files alone
        const report = checkConfigFiles(dataDir).find((r) => r.file === 'providers.json');
        expect(report).toMatchObject({ state: 'invalid' });
        expect(report?.message).toContain(field);
      } finally {
        terminal.close();
      }
    },
  );

  test('a key of the wrong type (an EC key where the RSA merchant key goes) is named', async () => {
    const ecKey = join(root, 'ec-key.pem');
    execFileSync('openssl', [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      ecKey,
    ]);
    const { terminal, lines } = await till('ec-key', sim.entry({ merchantPrivateKeyFile: ecKey }));
    try {
      const problem = lines.find((l) => l.includes('providers.0.merchantPrivateKeyFile'));
      expect(problem).toMatch(/ec key.*RSA key of 2048 bits/);
      expect(problem).toContain(ecKey);
      expect(lines.join('\n')).not.toContain('BEGIN');
    } finally {
      terminal.close();
    }
  });

  test('good settings offer WeChat Pay (code and QR), and key files others could read become 0600', async () => {
    const keys = join(root, 'loose-keys');
    mkdirSync(keys);
    const loose = join(keys, 'apiv2.key');
    copyFileSync(sim.entry().apiV2KeyFile as string, loose);
    chmodSync(loose, 0o644);
    const { terminal, lines } = await till('good', sim.entry({ apiV2KeyFile: loose }));
    try {
      expect(lines.filter((l) => l.includes('WeChat Pay provider'))).toEqual([]);
      expect(statSync(loose).mode & 0o777).toBe(0o600);
      const { options } = await cashStillWorks(terminal);
      expect(options.wallets.map((w) => w.wallet)).toEqual(['wechat']);
      expect(options.merchantQr).toEqual([
        { providerId: 'wechatpay', label: 'WeChat Pay', kind: 'merchant-qr' },
      ]);
    } finally {
      terminal.close();
    }
  });
});
