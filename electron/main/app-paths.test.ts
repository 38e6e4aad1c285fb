import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logDirectory, nativeBindingFile, nfcPcscPath } from './app-paths.js';

describe('app paths', () => {
  it("development (`electron .`): the repo's .electron-native folder", () => {
    const layout = { appPath: '/src/tillpoint', isPackaged: false };
    expect(nativeBindingFile(layout)).toBe(
      path.join('/src/tillpoint/.electron-native/better-sqlite3/build/Release/better_sqlite3.node'),
    );
    expect(nfcPcscPath(layout)).toBe(path.join('/src/tillpoint/.electron-native/node_modules/nfc-pcsc'));
  });

  it('packaged: the addon from app.asar.unpacked, the JavaScript from the asar', () => {
    const layout = { appPath: '/opt/Tillpoint/resources/app.asar', isPackaged: true };
    expect(nativeBindingFile(layout)).toBe(
      path.join(
        '/opt/Tillpoint/resources/app.asar.unpacked/.electron-native/better-sqlite3/build/Release/better_sqlite3.node',
      ),
    );
    expect(nfcPcscPath(layout)).toBe(
      path.join('/opt/Tillpoint/resources/app.asar/.electron-native/node_modules/nfc-pcsc'),
    );
  });

  it('packaged with asar off (a debugging build): no .unpacked folder', () => {
    const layout = { appPath: '/opt/Tillpoint/resources/app', isPackaged: true };
    expect(nativeBindingFile(layout)).toContain(path.join('resources', 'app', '.electron-native'));
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
