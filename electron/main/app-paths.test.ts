import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logDirectory, nativeBindingFile, nfcPcscPath } from './app-paths.js';

describe('app paths', () => {
  it("development (`electron .`): the repo's .electron-native folder", () => {
    const layout = {
      appPath: '/src/tillpoint',
      isPackaged: false,
      resourcesPath: '/usr/lib/electron/resources',
    };
    expect(nativeBindingFile(layout)).toBe(
      path.join('/src/tillpoint/.electron-native/better-sqlite3/build/Release/better_sqlite3.node'),
    );
    expect(nfcPcscPath(layout)).toBe(path.join('/src/tillpoint/.electron-native/node_modules/nfc-pcsc'));
  });

  it('packaged: resources/electron-native beside app.asar (the layout src/build/package-native.mjs stages)', () => {
    const layout = {
      appPath: '/opt/Tillpoint/resources/app.asar',
      isPackaged: true,
      resourcesPath: '/opt/Tillpoint/resources',
    };
    expect(nativeBindingFile(layout)).toBe(
      path.join('/opt/Tillpoint/resources/electron-native/better-sqlite3/build/Release/better_sqlite3.node'),
    );
    expect(nfcPcscPath(layout)).toBe(path.join('/opt/Tillpoint/resources/electron-native/nfc-pcsc'));
  });

  it('logs: TILLPOINT_LOG_DIR wins, else the user log folder', () => {
    expect(logDirectory({ TILLPOINT_LOG_DIR: '/var/log/till' }, '/home/a/.config/Tillpoint/logs')).toBe(
      '/var/log/till',
    );
    expect(logDirectory({ TILLPOINT_LOG_DIR: '' }, '/home/a/.config/Tillpoint/logs')).toBe(
      '/home/a/.config/Tillpoint/logs',
    );
    expect(logDirectory({}, '/home/a/.config/Tillpoint/logs')).toBe('/home/a/.config/Tillpoint/logs');
  });
});
