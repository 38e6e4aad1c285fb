import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleCli, cliEnv, repo } from './cli-bundle.test-util.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real `tillpoint qr` command: bundled like src/build/build.mjs does (the same pattern as cli.int.test.ts)
 * and run as a child process, text in by argument or stdin, one JSON object or payload out.
 */

let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-qr-'));
  cli = await bundleCli('tillpoint-qr');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

const qr = (args: string[], input?: string) =>
  spawnSync(process.execPath, [cli, 'qr', ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: cliEnv,
    input: input ?? '',
  });

const promptpay = '00020101021129370016A000000677010111011300668012345675802TH530376463046197';
const vectors = readFileSync(path.join(repo, 'src/core/vectors/emv-qr.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line.length > 0 && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string, string]);

describe('tillpoint qr decode', () => {
  it('prints an MPM as one JSON object with templates nested, in payload order', () => {
    const result = qr(['decode', promptpay]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '{"format":"emv-mpm","crcValid":true,"tags":{"00":"01","01":"11",' +
        '"29":{"00":"A000000677010111","01":"0066801234567"},"58":"TH","53":"764"}}\n',
    );
    expect(result.stderr).toBe('');
  });

  it('prints a CPM with hex values and the card number masked', () => {
    const result = qr(['decode', 'hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      format: 'emv-cpm',
      tags: { '85': '4350563031', '61': { '4F': 'A0000000555555', '57': '123456******3458D*************' } },
    });
    expect(result.stdout).not.toContain('1234567890123458');
  });

  it('names the wallet of a payment code without echoing the code, and reads URLs and barcodes', () => {
    const alipay = qr(['decode', '28763443825664394']);
    expect([alipay.status, alipay.stdout]).toEqual([0, '{"format":"wallet-code","wallet":"alipay"}\n']);
    expect(JSON.parse(qr(['decode', '120061098828009406']).stdout)).toEqual({
      format: 'wallet-code',
      wallet: 'wechat',
    });
    expect(JSON.parse(qr(['decode', 'https://qr.alipay.com/bax0123']).stdout)).toEqual({
      format: 'url',
      url: 'https://qr.alipay.com/bax0123',
    });
    expect(JSON.parse(qr(['decode', '4006381333931']).stdout)).toEqual({
      format: 'product-barcode',
      code: '4006381333931',
    });
  });

  it('takes unquoted text with spaces and "-" for stdin', () => {
    const pix = vectors.find(([name]) => name === 'pix-bcb-manual')?.[1] ?? '';
    expect(qr(['decode', ...pix.split(' ')]).status).toBe(0);
    const fromStdin = qr(['decode', '-'], `${promptpay}\n`);
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ format: 'emv-mpm', tags: { '58': 'TH' } });
  });

  it('exits 1 with the error code and a cashier message for damaged or unknown input', () => {
    for (const [text, code] of [
      [promptpay.replace('TH', 'TW'), 'qr.crc_mismatch'],
      [promptpay.slice(0, -8), 'qr.crc_missing'],
      ['0002010102115920Shop', 'qr.length_overrun'],
      ['hello', 'qr.unknown_format'],
    ] as const) {
      const result = qr(['decode', text]);
      expect(result.status, text).toBe(1);
      const answer = JSON.parse(result.stdout) as { error: { code: string; message: string } };
      expect(answer.error.code).toBe(code);
      expect(answer.error.message.length).toBeGreaterThan(10);
      expect(result.stdout.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('tillpoint qr encode', () => {
  it("turns every MPM vector's decode output back into the same payload", () => {
    for (const [name, payload] of vectors.filter(([, p]) => p.startsWith('00'))) {
      const decoded = qr(['decode', payload]);
      expect(decoded.status, name).toBe(0);
      const encoded = qr(['encode'], decoded.stdout);
      expect([encoded.status, encoded.stdout], name).toEqual([0, `${payload}\n`]);
    }
  });

  it('reads {"tags": ...} in the order written, and a CPM by its format', () => {
    const result = qr(['encode'], '{"tags": {"00": "01", "59": "Café", "26": {"01": "x", "00": "g"}}}');
    expect(result.status).toBe(0);
    const payload = result.stdout.trim();
    expect(payload.startsWith('0002015904Café26100101x0001g6304')).toBe(true);
    expect(JSON.parse(qr(['decode', payload]).stdout)).toMatchObject({ tags: { '59': 'Café' } });
    const cpm = qr(
      ['encode'],
      '{"format":"emv-cpm","tags":{"85":"4350563031","61":{"4F":"A0000000555555"}}}',
    );
    expect([cpm.status, cpm.stdout]).toEqual([0, 'hQVDUFYwMWEJTwegAAAAVVVV\n']);
  });

  it('exits 1 with qr.invalid_tags for input it cannot encode', () => {
    for (const input of [
      'not json',
      '{"format":"emv-mpm"}',
      '{"tags":{"59":"no 00"}}',
      '{"tags":{"00":"01","59":7}}',
      '{"format":"emv-cpm","tags":{"85":"4350563031","5A":"621234******1234"}}',
    ]) {
      const result = qr(['encode'], input);
      expect(result.status, input).toBe(1);
      expect(JSON.parse(result.stdout), input).toMatchObject({ error: { code: 'qr.invalid_tags' } });
    }
  });
});

describe('tillpoint qr usage', () => {
  it('answers a wrong qr command with one stderr line and exit 64, and lists qr in --help', () => {
    for (const args of [
      [],
      ['decode'],
      ['frobnicate'],
      ['encode', 'extra'],
      ['decode', 'x', '--port', '1'],
    ]) {
      const result = qr(args);
      expect(result.status, args.join(' ')).toBe(64);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8', env: cliEnv });
    expect(help.stdout).toContain('qr decode <text|->');
    expect(help.stdout).toContain('qr encode');
  });
});
