import { describe, expect, it } from 'vitest';
import { chooseCliLocale, localeFromEnvironment } from './cli-locale.js';

describe('the language of the command', () => {
  it.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ LANG: 'zh_TW.UTF-8' }, 'zh-CN'],
    [{ LANG: 'zh-CN' }, 'zh-CN'],
    [{ LANG: 'zh' }, 'zh-CN'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'de_DE.UTF-8' }, 'en'],
    [{ LANG: 'C' }, undefined],
    [{ LANG: 'C.UTF-8' }, undefined],
    [{ LANG: 'POSIX' }, undefined],
    [{}, undefined],
    // LC_ALL wins over LC_MESSAGES, which wins over LANG
    [{ LC_ALL: 'en_GB.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [{ LC_ALL: '', LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    // TILLPOINT_LANG wins over the POSIX locale; an unrelated value is passed over
    [{ TILLPOINT_LANG: 'en', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ TILLPOINT_LANG: 'zh-CN', LC_ALL: 'C' }, 'zh-CN'],
    [{ TILLPOINT_LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ TILLPOINT_LANG: 'fr', LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
  ])('%o -> %s', (env, locale) => {
    expect(localeFromEnvironment(env as NodeJS.ProcessEnv)).toBe(locale);
  });

  it('takes --lang first, then the environment, then the till, then English', async () => {
    const env = { LANG: 'zh_CN.UTF-8' } as NodeJS.ProcessEnv;
    expect(await chooseCliLocale({ flag: 'en', env })).toBe('en');
    expect(await chooseCliLocale({ env })).toBe('zh-CN');
    expect(await chooseCliLocale({ env: { LANG: 'C' } })).toBe('en');
    // a folder without a till: nothing to follow, so English
    expect(await chooseCliLocale({ env: {}, tillDataDir: '/nonexistent/till' })).toBe('en');
  });
});
