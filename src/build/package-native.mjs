// The Electron builds of the native modules that go into a packaged app, checked and staged for
// electron-builder (called by its beforePack hook, src/build/before-pack.mjs).
//
// Source: `.electron-native/` (made by src/build/electron-native.mjs), or the folder named by
// TILLPOINT_PACKAGE_NATIVE_DIR. Every `.node` file must export node_register_module_v<ABI> for the Electron
// being packaged (ABI from node-abi): a Node build would make the installed app refuse to open its database,
// so packaging REFUSES it. The one exception is a test of the packaging itself, which has no Electron headers
// and packages Node builds on purpose: TILLPOINT_PACKAGE_STAND_IN_NATIVE=1 says so, and the stand-in is
// announced on every run. Never set it for a package a shop will install.
//
// Staged (only what runs, no sources or object files) into dist/electron-native/, which the electron-builder
// config copies to resources/electron-native/ beside app.asar: the OS loader cannot read a `.node` file inside
// an archive, and a folder of its own needs no asar redirection at all. The layout there is self-contained:
// nfc-pcsc carries its Electron build of @pokusew/pcsclite and the two plain-JS helpers that one requires
// (bindings, file-uri-to-path) in its own node_modules, so Node's resolution never leaves the folder.
// electron/main/app-paths.ts knows this layout and the development one (.electron-native/).
import { existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { abiMarker, isBuiltForAbi } from './native-abi.mjs';

/**
 * What is staged: `file` inside the native folder (`from: 'native'`, the Electron builds) or inside the
 * project's node_modules (`from: 'modules'`, plain JS), and where it goes. `node: true` marks the addons whose
 * ABI is checked.
 */
const pcscliteTo = 'nfc-pcsc/node_modules/@pokusew/pcsclite';
export const nativeFiles = [
  {
    from: 'native',
    file: 'better-sqlite3/build/Release/better_sqlite3.node',
    to: 'better-sqlite3/build/Release/better_sqlite3.node',
    node: true,
  },
  {
    from: 'native',
    file: 'node_modules/@pokusew/pcsclite/build/Release/pcsclite.node',
    to: `${pcscliteTo}/build/Release/pcsclite.node`,
    node: true,
  },
  { from: 'native', file: 'node_modules/@pokusew/pcsclite/package.json', to: `${pcscliteTo}/package.json` },
  { from: 'native', file: 'node_modules/@pokusew/pcsclite/lib', to: `${pcscliteTo}/lib` },
  { from: 'native', file: 'node_modules/@pokusew/pcsclite/LICENSE.md', to: `${pcscliteTo}/LICENSE.md` },
  { from: 'native', file: 'node_modules/nfc-pcsc/package.json', to: 'nfc-pcsc/package.json' },
  { from: 'native', file: 'node_modules/nfc-pcsc/dist', to: 'nfc-pcsc/dist' },
  { from: 'native', file: 'node_modules/nfc-pcsc/LICENSE.md', to: 'nfc-pcsc/LICENSE.md' },
  ...['package.json', 'bindings.js', 'LICENSE.md'].map((name) => ({
    from: 'modules',
    file: `bindings/${name}`,
    to: `nfc-pcsc/node_modules/bindings/${name}`,
  })),
  ...['package.json', 'index.js', 'LICENSE'].map((name) => ({
    from: 'modules',
    file: `file-uri-to-path/${name}`,
    to: `nfc-pcsc/node_modules/file-uri-to-path/${name}`,
  })),
];

export class NativePackagingError extends Error {
  name = 'NativePackagingError';
}

/** The NODE_MODULE_VERSION of an Electron release, as node-abi knows it (150 for Electron 45). */
export function electronAbi(root, electronVersion) {
  const require = createRequire(path.join(root, 'package.json'));
  return String(require('node-abi').getAbi(electronVersion, 'electron'));
}

/**
 * Checks the native builds in `from` and copies them to `to` (emptied first). Returns the ABI and the
 * files staged. Throws NativePackagingError with the next step when a build is missing or for another ABI.
 */
export async function stageElectronNative({ root, from, to, electronVersion, standIn = false, log }) {
  const abi = electronAbi(root, electronVersion);
  const shown = (p) => (path.relative(root, p).startsWith('..') ? p : path.relative(root, p));
  const sourceOf = (entry) =>
    path.join(entry.from === 'native' ? from : path.join(root, 'node_modules'), entry.file);
  const missing = nativeFiles.filter((entry) => !existsSync(sourceOf(entry)));
  if (missing.length > 0) {
    throw new NativePackagingError(
      `files for the packaged native modules are missing: ${missing.map((e) => shown(sourceOf(e))).join(', ')}. ` +
        'Run "node src/build/electron-native.mjs" first (it needs Electron\'s headers from the internet once), ' +
        'or set TILLPOINT_PACKAGE_NATIVE_DIR to a folder made by it.',
    );
  }
  for (const entry of nativeFiles.filter((e) => e.node)) {
    const file = sourceOf(entry);
    if (await isBuiltForAbi(file, abi)) continue;
    if (!standIn) {
      throw new NativePackagingError(
        `refusing to package ${shown(file)}: it does not export ${abiMarker(abi)}, so Electron ` +
          `${electronVersion} (ABI ${abi}) could not load it. Rebuild it with "node src/build/electron-native.mjs".`,
      );
    }
    log(
      `STAND-IN: ${shown(file)} is not built for Electron ${electronVersion} (ABI ${abi}); packaged only ` +
        'because TILLPOINT_PACKAGE_STAND_IN_NATIVE=1 (a packaging test). This app cannot run in Electron.',
    );
  }
  await rm(to, { recursive: true, force: true });
  for (const entry of nativeFiles) {
    await mkdir(path.dirname(path.join(to, entry.to)), { recursive: true });
    await cp(sourceOf(entry), path.join(to, entry.to), { recursive: true });
  }
  log(`staged the native modules for Electron ${electronVersion} (ABI ${abi}) from ${shown(from)}`);
  return { abi, staged: nativeFiles.map((e) => e.to) };
}
