import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { TillpointError } from '../../core/errors.js';
import { en, type CliMessageKey } from './en.js';
import { enHelp, helpText, type CliHelp } from './help-en.js';
import { zhCNHelp } from './help-zh-CN.js';
import { cliCatalogs, cliMessage, errorText } from './translate.js';
import { zhCNErrorDetails } from './zh-CN-error-details.js';

/** The CLI's messages are plain text: `<text>` is a placeholder for a person, not a rich-text tag. */
const parseCli = (message: string) => parse(message, { ignoreTag: true });

const keys = Object.keys(en).sort() as CliMessageKey[];

/** The arguments a message uses, and the plural branches it offers (`name:one|other`). */
function shape(elements: readonly MessageFormatElement[], args = new Set<string>(), plurals: string[] = []) {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number) args.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      args.add(element.value);
      if (element.type === TYPE.plural) {
        plurals.push(`${element.value}:${Object.keys(element.options).sort().join('|')}`);
      }
      for (const option of Object.values(element.options)) shape(option.value, args, plurals);
    }
  }
  return { args, plurals };
}

describe.each(Object.entries(cliCatalogs))('CLI catalog %s', (locale, catalog) => {
  it('has exactly the English keys, none empty', () => {
    expect(Object.keys(catalog).sort()).toEqual(keys);
    for (const key of keys) expect(catalog[key], key).toMatch(/\S/);
  });

  it('parses every message as ICU MessageFormat, with the same arguments as English', () => {
    for (const key of keys) {
      const english = [...shape(parseCli(en[key])).args].sort();
      expect([...shape(parseCli(catalog[key])).args].sort(), `${locale} ${key}`).toEqual(english);
    }
  });

  it('offers every plural category the language needs', () => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of keys) {
      for (const entry of shape(parseCli(catalog[key])).plurals) {
        for (const category of needed) expect(entry, `${locale} ${key}`).toContain(category);
      }
    }
  });

  it('formats every message with its arguments, leaving no placeholder behind', () => {
    for (const key of keys) {
      const args = Object.fromEntries([...shape(parseCli(en[key])).args].map((name) => [name, 8790]));
      const text = cliMessage(locale as 'en' | 'zh-CN', { key, args });
      // the merchants message shows a literal {"id", "key"}: the JSON it asks for
      expect(text.replace('{"id", "key"}', ''), `${locale} ${key}`).not.toMatch(/[{}]/);
      // a port or a pid is written as is, never grouped as a number (a count may be)
      if (!/, plural,/.test(en[key])) expect(text, `${locale} ${key}`).not.toContain('8,790');
    }
  });
});

describe('zh-CN', () => {
  it('is written in Chinese: no message is the English one left untranslated', () => {
    const same = keys.filter(
      (key) => cliCatalogs['zh-CN'][key] === en[key] && /[A-Za-z]{3,} [a-z]{3,}/.test(en[key]),
    );
    expect(same).toEqual([]);
  });

  it('keeps the count in plural messages', () => {
    const args = { count: 3, cursor: '17' };
    expect(cliMessage('en', { key: 'hub.published', args })).toContain('published 3 changes');
    expect(cliMessage('en', { key: 'hub.published', args: { ...args, count: 1 } })).toContain('1 change;');
    expect(cliMessage('zh-CN', { key: 'hub.published', args })).toContain('已发布 3 项改动');
  });
});

describe('the help', () => {
  const sections = Object.keys(enHelp) as (keyof CliHelp)[];
  /** What a person types: commands and options, which stay as they are in every language. */
  const typed = (text: string) =>
    (text.match(/--[a-z-]+|\b(?:tillpoint|enroll-code|write-ndef)\b/g) ?? []).sort();

  it.each(sections)('section %s names the same options and commands in both languages', (section) => {
    expect(typed(zhCNHelp[section])).toEqual(typed(enHelp[section]));
  });

  it('lists the same command lines and exit codes', () => {
    const commandLines = (text: string) =>
      text
        .split('\n')
        .filter((line) => /^ {2}[a-z]/.test(line))
        .map((line) => line.trim().split(/\s{2,}/)[0]);
    const commands = (help: CliHelp) => commandLines(help.commands + help.sync + help.qr + help.nfc);
    expect(commands(zhCNHelp)).toEqual(commands(enHelp));
    expect(helpText(zhCNHelp)).toContain(zhCNHelp.exitCodes);
    const exitCodes = (text: string) => text.match(/^ {2}\d+ /gm);
    expect(exitCodes(zhCNHelp.exitCodes)).toEqual(exitCodes(enHelp.exitCodes));
  });

  it('the serve, hub and gateway lines name every option the Options section gives them', () => {
    /** A command's usage: its line and the option lines under it, in both languages alike. */
    const usage = (help: CliHelp, command: string) => {
      const lines = help.commands.split('\n');
      const start = lines.findIndex((line) => line.startsWith(`  ${command} [`));
      const end = lines.findIndex((line, i) => i > start && !/^ +\[/.test(line));
      return lines.slice(start, end).join(' ');
    };
    for (const command of ['serve', 'hub', 'gateway']) {
      // an option is given to a command when its description starts with a list naming it: "serve, hub: ..."
      const given = [...enHelp.options.matchAll(/^ {2}(--[a-z-]+)[^\n]*? {2,}([a-z, ]+):/gm)]
        .filter(([, , commands]) => commands!.split(/, */).includes(command))
        .map(([, option]) => option!);
      expect(given.length, command).toBeGreaterThan(0);
      const named: string[] = usage(enHelp, command).match(/--[a-z-]+/g) ?? [];
      expect(
        given.filter((option) => !named.includes(option)),
        command,
      ).toEqual([]);
      expect(usage(zhCNHelp, command), command).toBe(usage(enHelp, command));
    }
  });
});

describe('typed errors', () => {
  it('are said in Chinese with the details of the error, and in English by their own message', () => {
    const locked = new TillpointError('store.locked', 'The data folder /srv/till is in use by ...', {
      dataDir: '/srv/till',
      file: '/srv/till/tillpoint.lock',
      holder: { command: 'serve', pid: 4242, hostname: 'elsewhere', startedAt: '2026-12-07T03:00:00Z' },
    });
    expect(errorText('en', locked)).toBe(locked.message);
    const zh = errorText('zh-CN', locked);
    expect(zh).toContain('数据文件夹 /srv/till 正被 Tillpoint serve（进程 4242，在 elsewhere 上');
    expect(zh).toContain('/srv/till/tillpoint.lock');

    const starting = new TillpointError('store.locked', 'x', { dataDir: '/d', file: '/d/l', holder: null });
    expect(errorText('zh-CN', starting)).toContain('另一个正在启动的 Tillpoint');
  });

  it('fall back to the shared catalog, then to the error message, when the details do not fill a message', () => {
    expect(errorText('zh-CN', new TillpointError('store.newer_schema', 'newer'))).toBe(
      '收银机数据来自更新的版本。请升级收银软件。',
    );
    expect(errorText('zh-CN', new TillpointError('settings.unknown_language', 'no such language'))).toBe(
      'no such language',
    );
    expect(
      errorText(
        'zh-CN',
        new TillpointError('settings.unknown_language', 'x', { language: 'fr', supported: 'zh-CN, en' }),
      ),
    ).toBe('收银机没有“fr”这种语言。可用：zh-CN, en。');
  });

  it('has a Chinese detail message for each code it overrides, each parsing', () => {
    for (const [code, message] of Object.entries(zhCNErrorDetails)) {
      expect(() => parseCli(message), code).not.toThrow();
      expect(message, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
