import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, spawnServe } from './cli-bundle.test-util.js';

/**
 * The real `tillpoint` command in Chinese and English: the language comes from --lang (serve), TILLPOINT_LANG,
 * the POSIX locale, else the till's own setting; exit codes and JSON outputs are the same in both.
 */

let cli: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-cli-lang-'));
  cli = await bundleCli('tillpoint-lang');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cli, { force: true });
});

/** The machine's environment without any language setting, plus the ones a test gives. */
function envWith(language: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '' };
  for (const name of ['TILLPOINT_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE']) delete env[name];
  return { ...env, ...language };
}
const zh = envWith({ LANG: 'zh_CN.UTF-8' });
const en = envWith({ LANG: 'en_US.UTF-8' });
const silent = envWith({ LANG: 'C' });

const runCli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir, env, timeout: 30_000 });

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The failure line: the last line on stderr (a till's JSON log lines may come before it). */
const failureLine = (stderr: string) => stderr.trim().split('\n').at(-1) ?? '';

describe('tillpoint --help', () => {
  it('is Chinese under LANG=zh_CN.UTF-8, and English when TILLPOINT_LANG=en says so', () => {
    const chinese = runCli(zh, '--help');
    expect(chinese.status).toBe(0);
    expect(chinese.stdout).toMatch(/^用法：tillpoint <命令> \[选项\]/);
    expect(chinese.stdout).toContain('退出码：');
    // what a person types stays as it is
    expect(chinese.stdout).toContain('serve [--port P] [--data DIR] [--name NAME]');

    const english = runCli({ ...zh, TILLPOINT_LANG: 'en' }, '--help');
    expect(english.status).toBe(0);
    expect(english.stdout).toMatch(/^Usage: tillpoint <command> \[options\]/);
    expect(english.stdout).not.toMatch(/[\u4e00-\u9fff]/);

    expect(runCli(silent, '--help').stdout).toBe(english.stdout);
    expect(runCli(envWith({ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), '--help').stdout).toBe(
      chinese.stdout,
    );
  });
});

describe('usage errors', () => {
  it('are one Chinese line with the same exit code 64', () => {
    for (const args of [
      ['serve', '--port', '70000'],
      ['frobnicate'],
      ['serve', '--colour'],
      ['db', 'drop'],
    ]) {
      const chinese = runCli(zh, ...args);
      const english = runCli(en, ...args);
      expect(chinese.status, args.join(' ')).toBe(64);
      expect(english.status, args.join(' ')).toBe(64);
      expect(chinese.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(chinese.stderr, args.join(' ')).toMatch(
        /^tillpoint: .*[\u4e00-\u9fff].*（见 tillpoint --help）\n$/,
      );
      expect(english.stderr, args.join(' ')).toMatch(
        /^tillpoint: [^\u4e00-\u9fff]*\(see tillpoint --help\)\n$/,
      );
    }
    expect(runCli(zh, 'serve', '--port', '70000').stderr).toBe(
      'tillpoint: --port 必须是 0 到 65535 的整数，不能是“70000”（见 tillpoint --help）\n',
    );
  });

  it('follow serve --lang over the environment', () => {
    const result = runCli(zh, 'serve', '--lang', 'en', '--port', 'x');
    expect(result.status).toBe(64);
    expect(result.stderr).toBe(
      'tillpoint: --port must be a whole number from 0 to 65535, not "x" (see tillpoint --help)\n',
    );
  });
});

describe('typed failures', () => {
  it('store.locked is said in the chosen language, else in the till’s own, with the same exit code', async () => {
    const data = path.join(dir, 'till-locked');
    // a new till takes the demo catalog's language, zh-CN
    const first = spawnServe(cli, ['--no-nfc', '--port', '0', '--data', data], { cwd: dir, env: en });
    try {
      await first.url;
      const second = ['serve', '--no-nfc', '--port', '0', '--data', data];

      const chinese = runCli(zh, ...second);
      expect(chinese.status).toBe(1);
      expect(chinese.stdout).toBe('');
      expect(failureLine(chinese.stderr)).toContain(
        `tillpoint: 数据文件夹 ${data} 正被 Tillpoint serve（进程 ${first.child.pid}，启动于`,
      );
      expect(failureLine(chinese.stderr)).toContain('请先停止它，或用 --data 换一个数据文件夹。');

      const english = runCli(en, ...second);
      expect(english.status).toBe(1);
      expect(failureLine(english.stderr)).toContain(
        `tillpoint: The data folder ${data} is in use by Tillpoint serve (pid ${first.child.pid}`,
      );

      // the environment says nothing (C): the till's own language, zh-CN
      const tillLanguage = runCli(silent, ...second);
      expect(tillLanguage.status).toBe(1);
      expect(failureLine(tillLanguage.stderr)).toBe(failureLine(chinese.stderr));

      // the JSON outputs are the same in every language
      for (const args of [
        ['queue', '--data', data],
        ['db', 'check', '--data', data],
        ['qr', 'decode', 'hello?'],
      ]) {
        const a = runCli(zh, ...args);
        const b = runCli(en, ...args);
        expect(a.stdout, args.join(' ')).toBe(b.stdout);
        expect(a.status, args.join(' ')).toBe(b.status);
        expect(() => JSON.parse(a.stdout) as unknown, args.join(' ')).not.toThrow();
      }
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    // the ready lines are for programs too: the same in every language
    expect(first.output().stdout).toMatch(/^Tillpoint cashier: \S+\nTillpoint customer display: \S+\n$/);
  });

  it('a database from a newer Tillpoint is refused in Chinese with exit 2, like in English', async () => {
    const data = path.join(dir, 'till-newer');
    const first = spawnServe(cli, ['--no-nfc', '--port', '0', '--data', data, '--lang', 'en'], {
      cwd: dir,
      env: zh,
    });
    await first.url;
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const db = new Database(path.join(data, 'tillpoint.db'));
    db.pragma('user_version = 9999');
    db.close();

    const chinese = runCli(zh, 'serve', '--no-nfc', '--data', data);
    expect(chinese.status).toBe(2);
    expect(chinese.stderr.trim().split('\n')).toHaveLength(1);
    expect(chinese.stderr).toMatch(
      new RegExp(
        `^tillpoint: 数据库 ${escape(path.join(data, 'tillpoint.db'))} 由较新版本的 Tillpoint 写入（结构版本 9999；` +
          '本版本最高只认识 \\d+）。请升级 Tillpoint，或打开另一个数据文件夹。文件没有被改动。.*\n$',
      ),
    );
    const english = runCli(en, 'serve', '--no-nfc', '--data', data);
    expect(english.status).toBe(2);
    expect(english.stderr).toContain('was written by a newer Tillpoint (schema 9999;');
  });

  it('a command without a till and a silent environment speaks English', () => {
    const result = runCli(silent, 'db', 'check', '--data', path.join(dir, 'nothing-here'));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `tillpoint: There is no database at ${path.join(dir, 'nothing-here', 'tillpoint.db')}. Check the path.\n`,
    );
    const chinese = runCli(zh, 'db', 'check', '--data', path.join(dir, 'nothing-here'));
    expect(chinese.status).toBe(1);
    expect(chinese.stderr).toMatch(/^tillpoint: [^\n]*[\u4e00-\u9fff][^\n]*\n$/);
  });
});
