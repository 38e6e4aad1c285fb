// Builds the native addons for Electron's ABI into .electron-native/ (run by `npm start` before `electron .`):
// better-sqlite3 (the store) and @pokusew/pcsclite (PC/SC under nfc-pcsc).
//
// Why separate copies: node_modules stays built for Node, because the tests, `tillpoint serve` and the CLI
// run on Node. Electron 45 embeds a Node with another NODE_MODULE_VERSION (150 vs Node 20's 115), so it
// needs its own builds. electron/main passes `nativeBinding: .electron-native/better-sqlite3/build/Release/
// better_sqlite3.node` to openTerminal, and loads nfc-pcsc from .electron-native/node_modules/nfc-pcsc: a
// copy of nfc-pcsc whose require('@pokusew/pcsclite') resolves to the Electron build beside it (Node's
// module resolution looks in .electron-native/node_modules first, then walks up to the app's node_modules
// for plain-JS dependencies such as `bindings`).
//
// Steps per addon: copy the package (without its build/) under .electron-native, run node-gyp there with
// `rebuild --release --runtime=electron --target=<electron version> --dist-url=https://electronjs.org/headers`,
// then VERIFY the .node file is built for <abi> (abi from node-abi; native-abi.mjs reads it from the
// node_register_module_v<abi> symbol, or for a legacy NAN addon like pcsclite from Node's answer); a
// wrong build is deleted and the script fails. npm_config_nodedir is removed from node-gyp's environment:
// this machine's npmrc sets nodedir=/usr, and node-gyp would silently use Node's own headers and build for
// Node's ABI.
// A stamp file (electron + addon versions + abi) skips the rebuild when verified builds exist.
//
// Offline (as on the build machine) the Electron headers cannot be downloaded: the script says so and exits
// non-zero. Exit codes: 0 built or up to date, 1 build or verification failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { abiOfAddon, isBuiltForAbi } from './native-abi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const at = (...p) => path.join(root, ...p);

const outRoot = at('.electron-native');
const stampFile = path.join(outRoot, 'stamp.json');
/** The addons, where each copy goes, and its .node file. */
const addons = [
  { name: 'better-sqlite3', dir: path.join(outRoot, 'better-sqlite3'), node: 'better_sqlite3.node' },
  {
    name: '@pokusew/pcsclite',
    dir: path.join(outRoot, 'node_modules', '@pokusew', 'pcsclite'),
    node: 'pcsclite.node',
  },
].map((a) => ({ ...a, nodeFile: path.join(a.dir, 'build', 'Release', a.node) }));
/** Plain JS copied next to the pcsclite build so its require resolves there (see the header). */
const nfcPcscDir = path.join(outRoot, 'node_modules', 'nfc-pcsc');
const distUrl = 'https://electronjs.org/headers';

const say = (line) => console.log(`electron-native: ${line}`);
const fail = (lines) => {
  for (const line of [lines].flat()) console.error(`electron-native: ${line}`);
  process.exit(1);
};

const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));
const electronVersion = (await readJson(at('node_modules', 'electron', 'package.json'))).version;
const versionOf = async (name) => (await readJson(at('node_modules', name, 'package.json'))).version;
const abi = require('node-abi').getAbi(electronVersion, 'electron');
const stamp = {
  electron: electronVersion,
  abi,
  addons: Object.fromEntries(
    await Promise.all([...addons.map((a) => a.name), 'nfc-pcsc'].map(async (n) => [n, await versionOf(n)])),
  ),
};

async function upToDate() {
  if (!existsSync(stampFile) || !existsSync(nfcPcscDir)) return false;
  try {
    const old = await readJson(stampFile);
    if (JSON.stringify(old) !== JSON.stringify(stamp)) return false;
    for (const a of addons)
      if (!existsSync(a.nodeFile) || !(await isBuiltForAbi(a.nodeFile, abi))) return false;
    return true;
  } catch {
    return false;
  }
}

if (await upToDate()) {
  say(`up to date (${addons.map((a) => a.name).join(', ')} for Electron ${electronVersion}, ABI ${abi})`);
  process.exit(0);
}

await rm(outRoot, { recursive: true, force: true });
await mkdir(outRoot, { recursive: true });
// Every spelling npm may export; node-gyp reads npm_config_* case-insensitively.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => key.toLowerCase() !== 'npm_config_nodedir'),
);
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const args = [
  'rebuild',
  '--release',
  '--runtime=electron',
  `--target=${electronVersion}`,
  `--dist-url=${distUrl}`,
];

for (const addon of addons) {
  say(`building ${addon.name} ${stamp.addons[addon.name]} for Electron ${electronVersion} (ABI ${abi})`);
  const source = at('node_modules', addon.name);
  await cp(source, addon.dir, {
    recursive: true,
    filter: (from) => path.relative(source, from).split(path.sep)[0] !== 'build',
  });
  say(`node-gyp ${args.join(' ')} (in ${path.relative(root, addon.dir)})`);
  const run = spawnSync(process.execPath, [nodeGyp, ...args], {
    cwd: addon.dir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (run.stderr) process.stderr.write(run.stderr);
  if (run.status !== 0) {
    await rm(outRoot, { recursive: true, force: true });
    const offline =
      /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo|fetch failed|network connectivity|headers\.tar\.gz/i.test(
        run.stderr ?? '',
      );
    fail(
      offline
        ? [
            `could not download the Electron ${electronVersion} headers from ${distUrl} (no internet access?).`,
            'The Electron app needs them once to build its SQLite and PC/SC drivers. Connect and run `npm start`',
            'again; meanwhile `npm run serve` runs Tillpoint in a browser with the Node builds.',
          ]
        : [
            `node-gyp failed for ${addon.name} (exit ${run.status ?? run.signal}). It needs python3, make, a C++`,
            'compiler (and libpcsclite-dev for PC/SC); see the output above.',
          ],
    );
  }
  if (!existsSync(addon.nodeFile) || !(await isBuiltForAbi(addon.nodeFile, abi))) {
    const found = existsSync(addon.nodeFile) ? await abiOfAddon(addon.nodeFile) : null;
    await rm(outRoot, { recursive: true, force: true });
    fail([
      `the build in ${addon.nodeFile} is for ABI ${found ?? 'unknown (or missing)'}, not Electron's ${abi}.`,
      'Deleted it. Check that no nodedir / npm_config_nodedir points node-gyp at Node headers.',
    ]);
  }
  say(`verified ABI ${abi} of ${path.relative(root, addon.nodeFile)}`);
}
await cp(at('node_modules', 'nfc-pcsc'), nfcPcscDir, { recursive: true });
await writeFile(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
