import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * What .npmrc keeps quiet, checked here instead. `loglevel=error` hides npm's EBADENGINE warnings, so every
 * locked package whose `engines.node` excludes the Node running the tests must be named below with the reason
 * it still works; a new one fails this test. `strict-allow-scripts=true` makes an unreviewed install script
 * an install error; this test also names the reviewed ones, so a change to the list is a visible decision.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as unknown;
const pkg = readJson('package.json') as {
  engines: { node: string };
  scripts: Record<string, string>;
  allowScripts: Record<string, boolean>;
  devDependencies: Record<string, string>;
};
interface LockedPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
}
const lock = readJson('package-lock.json') as { packages: Record<string, LockedPackage> };
const locked = Object.entries(lock.packages).filter(([where]) => where !== '');
const nameOf = (where: string) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** Declared Node >= 22.12, known to work where this project runs (Node 20.19+), and why. */
const engineExceptions: Record<string, string> = {
  electron:
    'its index.js/cli.js/install.js only locate or download the binary; the app runs on Electron’s Node',
  '@electron/get': 'ESM-only; loaded through require(esm), which Node 20.19 has (checked below)',
  '@electron-internal/extract-zip': 'used by @electron/get to unpack the download; same require(esm) reason',
  '@electron/rebuild': 'electron-builder depends on it but never calls it here (build.npmRebuild is false)',
  'node-abi': 'the copy nested under @electron/rebuild only; ours (node_modules/node-abi) supports Node 20',
};

describe('npm install policy', () => {
  it('the project’s engines admit this Node, and neither Node 21 nor Node 22 before 22.12', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    for (const version of ['20.18.0', '21.7.3', '22.11.0']) {
      expect(semver.satisfies(version, pkg.engines.node), version).toBe(false);
    }
    for (const version of ['20.19.0', '22.12.0', '24.1.0']) {
      expect(semver.satisfies(version, pkg.engines.node), version).toBe(true);
    }
  });

  it('every locked package whose engines exclude this Node is a named, dev-only exception', () => {
    const mismatched = locked.filter(([, p]) => {
      const range = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      return range !== undefined && !semver.satisfies(process.version, range, { includePrerelease: true });
    });
    const unexplained = mismatched.filter(([where]) => !(nameOf(where) in engineExceptions));
    expect(unexplained.map(([where]) => where)).toEqual([]);
    expect(mismatched.filter(([, p]) => !p.dev).map(([where]) => where)).toEqual([]);
    const ourNodeAbi = lock.packages['node_modules/node-abi'];
    expect(
      ourNodeAbi && semver.satisfies(process.version, (ourNodeAbi.engines as { node: string }).node),
    ).toBe(true);
  });

  it('Electron’s downloader loads on this Node (require of an ES module)', async () => {
    const { createRequire } = await import('node:module');
    const get = createRequire(path.join(root, 'package.json'))('@electron/get') as Record<string, unknown>;
    expect(typeof get.downloadArtifact).toBe('function');
  });

  it('every locked package with an install script has a reviewed allowScripts entry, and no entry is stale', () => {
    const withScripts = new Set(locked.filter(([, p]) => p.hasInstallScript).map(([where]) => nameOf(where)));
    expect([...withScripts].filter((name) => !(name in pkg.allowScripts))).toEqual([]);
    expect(Object.keys(pkg.allowScripts).filter((name) => !withScripts.has(name))).toEqual([]);
    expect(pkg.allowScripts).toEqual({
      'better-sqlite3': true,
      '@pokusew/pcsclite': true,
      esbuild: true,
      'electron-winstaller': false,
    });
  });

  it('the project itself has no install-time script, so `npx tillpoint` runs under strict-allow-scripts', () => {
    // npx links the project into its cache to find the bin; with a prepare script that link is an
    // unreviewed install script and npx refuses (ESTRICTALLOWSCRIPTS) before running anything
    const lifecycle = [
      'preinstall',
      'install',
      'postinstall',
      'prepublish',
      'preprepare',
      'prepare',
      'postprepare',
    ];
    expect(lifecycle.filter((name) => name in pkg.scripts)).toEqual([]);
  });

  it('electron is pinned exactly (the packaged Electron, its ABI and its fuses follow from it)', () => {
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
