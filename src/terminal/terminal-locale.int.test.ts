import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTillpointError } from '../core/errors.js';
import { openTerminal, type OpenTerminalOptions } from './terminal.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-locale-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the till on the same real SQLite folder, reads terminal.info's locale, closes it again. */
async function localeAfterOpen(options: Partial<OpenTerminalOptions> = {}): Promise<string> {
  const terminal = await openTerminal({ dataDir: dir, nfc: 'off', ...options });
  try {
    return (await terminal.handlers['terminal.info']({})).locale;
  } finally {
    await terminal.close();
  }
}

describe("the till's language", () => {
  it('is the demo seed’s zh-CN on a fresh till, and what --lang stored from then on', async () => {
    expect(await localeAfterOpen()).toBe('zh-CN');
    expect(await localeAfterOpen({ locale: 'en' })).toBe('en');
    // no --lang on the next start: the stored language stays
    expect(await localeAfterOpen()).toBe('en');
    expect(await localeAfterOpen({ locale: 'zh-CN' })).toBe('zh-CN');
  });

  it('is stored on first run when given', async () => {
    expect(await localeAfterOpen({ locale: 'en' })).toBe('en');
    expect(await localeAfterOpen()).toBe('en');
  });

  it('refuses a language without a catalog with settings.unknown_language, changing nothing', async () => {
    expect(await localeAfterOpen({ locale: 'en' })).toBe('en');
    const refused = await openTerminal({ dataDir: dir, nfc: 'off', locale: 'fr' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isTillpointError(refused) && refused.code).toBe('settings.unknown_language');
    expect((refused as Error).message).toContain('zh-CN or en');
    // the folder's lock was released and the stored language kept
    expect(await localeAfterOpen()).toBe('en');
  });
});
