import { extractAll, extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abiMarker, isBuiltForAbi } from './native-abi.mjs';
import { electronAbi, nativeFiles, stageElectronNative } from './package-native.mjs';

/**
 * The whole offline Linux packaging, as a build machine without internet runs it (README "Install on a shop
 * PC"): electron-builder `--linux dir` against a local Electron folder, then `package-deb.mjs` (dpkg-deb).
 *
 * What stands in, and why it is still a test of our packaging:
 * - Electron: a folder with an `electron` executable, `version` and `LICENSE`, as electron-builder's
 *   electronDist expects. The executable carries Electron's fuse wire (the sentinel, wire version 1, the
 *   length, then one byte per fuse in Electron's default states), so electron-builder's electronFuses step
 *   really flips bytes and this test reads them back with @electron/fuses. That proves our fuse config, not
 *   Electron.
 * - Native modules: the Node builds from node_modules, copied into a folder laid out as
 *   src/build/electron-native.mjs makes it (it needs Electron's headers from the internet). Packaging must
 *   refuse them, since they lack Electron's ABI symbol, unless TILLPOINT_PACKAGE_STAND_IN_NATIVE=1 says the
 *   stand-in is intended; with it, the packaged `.node` files must be exactly the chosen ones. Being Node
 *   builds, they let this test load the packaged module graph under Node.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  devDependencies: Record<string, string>;
  build: { electronVersion: string; productName: string; linux: { executableName: string } };
};
const electronVersion = pkg.build.electronVersion;
const abi = electronAbi(root, electronVersion);
const nodeAbi = process.versions.modules;
const exe = pkg.build.linux.executableName;

const work = mkdtempSync(path.join(tmpdir(), 'tillpoint-package-'));
const electronDist = path.join(work, 'electron-dist');
const standInNative = path.join(work, 'native');
const out = path.join(work, 'out');
const unpacked = path.join(out, 'linux-unpacked');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A fuse's byte on the wire: ASCII '1' enabled, '0' disabled (@electron/fuses' FuseState, not exported). */
const ENABLED = '1'.charCodeAt(0);
const DISABLED = '0'.charCodeAt(0);
/** Electron's defaults for the eight V1 fuses (RunAsNode on, cookie encryption off, ... file:// privileges on). */
const DEFAULT_WIRE = '10110001';

function makeStandInElectron(): void {
  mkdirSync(electronDist, { recursive: true });
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for Electron: packaging test only" >&2\nexit 1\n'),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE, 'latin1'),
  ]);
  writeFileSync(path.join(electronDist, 'electron'), binary, { mode: 0o755 });
  // Chromium's setuid sandbox helper ships beside the binary; the .deb must make it setuid root.
  writeFileSync(path.join(electronDist, 'chrome-sandbox'), 'stand-in', { mode: 0o755 });
  writeFileSync(path.join(electronDist, 'version'), `${electronVersion}\n`);
  writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT (stand-in)\n');
}

/** The layout of .electron-native/ (src/build/electron-native.mjs) with the Node builds in it. */
function makeStandInNative(): void {
  const modules = path.join(root, 'node_modules');
  const copy = (from: string, to: string) =>
    cpSync(path.join(modules, from), path.join(standInNative, to), { recursive: true });
  copy(
    'better-sqlite3/build/Release/better_sqlite3.node',
    'better-sqlite3/build/Release/better_sqlite3.node',
  );
  copy('@pokusew/pcsclite', 'node_modules/@pokusew/pcsclite');
  copy('nfc-pcsc', 'node_modules/nfc-pcsc');
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** `electron-builder --linux dir` exactly as `npm run package:linux-dir` runs it, offline. */
const electronBuilder = (env: Record<string, string>) =>
  run(
    process.execPath,
    [
      path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${out}`,
    ],
    { TILLPOINT_PACKAGE_NATIVE_DIR: standInNative, ...env },
  );

const packageDeb = (env: Record<string, string>) =>
  run(
    process.execPath,
    [path.join(root, 'src', 'build', 'package-deb.mjs'), '--unpacked', unpacked, '--out', out],
    env,
  );

beforeAll(() => {
  const built = ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html'];
  if (!built.every((file) => existsSync(path.join(root, file)))) {
    const build = run(process.execPath, [path.join(root, 'src', 'build', 'build.mjs')]);
    expect(build.status, build.output).toBe(0);
  }
  makeStandInElectron();
  makeStandInNative();
}, 120_000);

describe('packaging pins', () => {
  it('packages the exact Electron the project installs, whose ABI is not Node’s', () => {
    expect(pkg.devDependencies.electron).toBe(electronVersion);
    expect(abi).toMatch(/^\d+$/);
    expect(abi).not.toBe(nodeAbi);
  });
});

describe('offline Linux package (stand-in Electron and native modules)', () => {
  it('names the next step when the Electron builds are missing altogether', async () => {
    const empty = path.join(work, 'no-native');
    mkdirSync(empty);
    const staging = { root, from: empty, to: path.join(work, 'staged'), electronVersion, log: () => {} };
    await expect(stageElectronNative(staging)).rejects.toThrow(
      /missing: .*better_sqlite3\.node.*electron-native\.mjs/s,
    );
    expect(existsSync(staging.to)).toBe(false);
  });

  it('refuses native modules without Electron’s ABI symbol unless the stand-in flag is set', () => {
    const refused = electronBuilder({ TILLPOINT_PACKAGE_STAND_IN_NATIVE: '' });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('refusing to package');
    expect(refused.output).toContain(abiMarker(abi));
    expect(existsSync(path.join(unpacked, 'resources', 'app.asar'))).toBe(false);
  }, 60_000);

  it('builds linux-unpacked with the flag, announcing the stand-in', () => {
    const packed = electronBuilder({ TILLPOINT_PACKAGE_STAND_IN_NATIVE: '1' });
    expect(packed.status, packed.output).toBe(0);
    expect(packed.output).toContain('STAND-IN');
    expect(existsSync(path.join(unpacked, exe))).toBe(true);
  }, 60_000);

  it('flipped the fuses in the packaged binary', async () => {
    const wire = await getCurrentFuseWire(path.join(unpacked, exe));
    expect(wire.version).toBe('1');
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLED);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLED);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLED);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLED);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLED);
    // Not configured (no effect on Linux), so left as Electron ships it.
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(DISABLED);
  });

  it('the asar holds the main, preload and renderer bundles and nothing of the sources or tests', () => {
    const asar = path.join(unpacked, 'resources', 'app.asar');
    const entries = listPackage(asar, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
    for (const file of [
      '/package.json',
      '/dist/electron/main.cjs',
      '/dist/electron/preload.cjs',
      '/dist/electron/customer-display.cjs',
      '/dist/renderer/index.html',
    ]) {
      expect(entries).toContain(file);
    }
    const inAsar = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string };
    expect(inAsar.main).toBe('dist/electron/main.cjs');
    const unwanted = entries.filter((entry) =>
      /\.test\.|\.spec\.|^\/(e2e|src|electron|assets|\.electron-native)(\/|$)|\.(ts|tsx|map|node)$|^\/dist\/cli(\/|$)/.test(
        entry,
      ),
    );
    expect(unwanted).toEqual([]);
    const modules = entries.filter((entry) => /^\/node_modules\/[^/]+$/.test(entry));
    expect(modules).toEqual(['/node_modules/better-sqlite3']);
  });

  it('the native modules sit unpacked beside the asar: the chosen builds, byte for byte', async () => {
    for (const entry of nativeFiles.filter((e) => e.node)) {
      const packaged = path.join(unpacked, 'resources', 'electron-native', entry.to);
      expect(sha256(packaged)).toBe(sha256(path.join(standInNative, entry.file)));
      // The stand-in carries Node's symbol; what a real build carries is what the refusal above demands.
      expect(await isBuiltForAbi(packaged, nodeAbi)).toBe(true);
      expect(await isBuiltForAbi(packaged, abi)).toBe(false);
    }
  });

  it('the packaged module graph loads: better-sqlite3 from the asar with its addon, nfc-pcsc from electron-native', () => {
    const app = path.join(work, 'app');
    extractAll(path.join(unpacked, 'resources', 'app.asar'), app);
    const native = path.join(unpacked, 'resources', 'electron-native');
    // The same two requires main.cjs and the terminal make, resolved from the packaged files only.
    const script = `
      const { createRequire } = require('node:module');
      const path = require('node:path');
      const fromMain = createRequire(path.join(${JSON.stringify(app)}, 'dist', 'electron', 'main.cjs'));
      const Database = fromMain('better-sqlite3');
      const binding = path.join(${JSON.stringify(native)}, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      const db = new Database(':memory:', { nativeBinding: binding });
      const row = db.prepare('select 41 + 1 as answer').get();
      const nfc = require(path.join(${JSON.stringify(native)}, 'nfc-pcsc'));
      console.log(JSON.stringify({ answer: row.answer, nfc: typeof nfc.NFC, from: fromMain.resolve('better-sqlite3') }));
    `;
    const loaded = run(process.execPath, ['-e', script], { NODE_PATH: '' });
    expect(loaded.status, loaded.output).toBe(0);
    const result = JSON.parse(loaded.output.trim().split('\n')[0] ?? '{}') as Record<string, unknown>;
    expect(result).toMatchObject({ answer: 42, nfc: 'function' });
    expect(String(result.from).startsWith(app)).toBe(true);
  });
});

describe('the .deb made with dpkg-deb', () => {
  const deb = path.join(out, `${pkg.name}_${pkg.version}_amd64.deb`);

  it('refuses the stand-in native modules without the flag', () => {
    if (process.arch !== 'x64') console.log('package.int.test: the .deb name assumes amd64');
    const refused = packageDeb({ TILLPOINT_PACKAGE_STAND_IN_NATIVE: '' });
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(`refusing to pack`);
    expect(existsSync(deb)).toBe(false);
  });

  it('packs the app, desktop entry, kiosk unit and icons with the control fields', () => {
    const packed = packageDeb({ TILLPOINT_PACKAGE_STAND_IN_NATIVE: '1' });
    expect(packed.status, packed.output).toBe(0);

    const field = (name: string) => run('dpkg-deb', ['-f', deb, name]).output.trim();
    expect(field('Package')).toBe('tillpoint');
    expect(field('Version')).toBe(pkg.version);
    expect(field('Architecture')).toBe('amd64');
    expect(field('Depends')).toMatch(/libnss3/);
    expect(field('Depends')).toMatch(/libpcsclite1/);
    const info = run('dpkg-deb', ['-I', deb]);
    expect(info.status, info.output).toBe(0);
    expect(info.output).toMatch(/Installed-Size: \d+/);

    const listing = run('dpkg-deb', ['-c', deb]);
    expect(listing.status, listing.output).toBe(0);
    const lines = listing.output.split('\n');
    const line = (p: string) => lines.find((l) => l.endsWith(` ./${p}`) || l.includes(` ./${p} -> `)) ?? '';
    expect(line('opt/Tillpoint/tillpoint')).toMatch(/^-rwxr-xr-x root\/root/);
    expect(line('opt/Tillpoint/chrome-sandbox')).toMatch(/^-rwsr-xr-x root\/root/);
    expect(line('opt/Tillpoint/resources/app.asar')).not.toBe('');
    expect(
      line('opt/Tillpoint/resources/electron-native/better-sqlite3/build/Release/better_sqlite3.node'),
    ).not.toBe('');
    expect(line('usr/bin/tillpoint')).toContain('-> ../../opt/Tillpoint/tillpoint');
    expect(line('usr/share/applications/tillpoint.desktop')).toMatch(/^-rw-r--r-- root\/root/);
    expect(line('usr/lib/systemd/user/tillpoint.service')).toMatch(/^-rw-r--r-- root\/root/);
    expect(line('usr/share/icons/hicolor/256x256/apps/tillpoint.png')).not.toBe('');
    expect(line('usr/share/icons/hicolor/512x512/apps/tillpoint.png')).not.toBe('');
    expect(lines.filter((l) => /\.test\.|\/e2e\/|\.ts$/.test(l))).toEqual([]);

    const files = path.join(work, 'deb-files');
    expect(run('dpkg-deb', ['-x', deb, files]).status).toBe(0);
    const unit = readFileSync(path.join(files, 'usr/lib/systemd/user/tillpoint.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/opt\/Tillpoint\/tillpoint$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    const desktop = readFileSync(path.join(files, 'usr/share/applications/tillpoint.desktop'), 'utf8');
    expect(desktop).toMatch(/^Exec=\/opt\/Tillpoint\/tillpoint( |$)/m);
    expect(desktop).toMatch(/^Icon=tillpoint$/m);
  });
});
