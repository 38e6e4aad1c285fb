// Builds better-sqlite3 for Electron's ABI into .electron-native/ (run by `npm start` before `electron .`).
//
// Why a separate copy: node_modules/better-sqlite3 stays built for Node, because the tests, `tillpoint serve`
// and the CLI run on Node. Electron 45 embeds a Node with another NODE_MODULE_VERSION (150 vs Node 20's 115),
// so it needs its own build; electron/main passes `nativeBinding: .electron-native/better-sqlite3/build/
// Release/better_sqlite3.node` to openTerminal.
//
// Steps: copy node_modules/better-sqlite3 (without its build/) to .electron-native/better-sqlite3, run
// node-gyp there with `rebuild --release --runtime=electron --target=<electron version>
// --dist-url=https://electronjs.org/headers`, then VERIFY the .node file registers
// node_register_module_v<abi> (abi from node-abi); a wrong build is deleted and the script fails.
// npm_config_nodedir is removed from node-gyp's environment: this machine's npmrc sets nodedir=/usr, and
// node-gyp would silently use Node's own headers and build for Node's ABI.
// A stamp file (electron + better-sqlite3 versions + abi) skips the rebuild when a verified build exists.
//
// Offline (as on the build machine) the Electron headers cannot be downloaded: the script says so and exits
// non-zero. Exit codes: 0 built or up to date, 1 build or verification failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { abiMarker, isBuiltForAbi } from './native-abi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const at = (...p) => path.join(root, ...p);

const outRoot = at('.electron-native');
const outDir = path.join(outRoot, 'better-sqlite3');
const nodeFile = path.join(outDir, 'build', 'Release', 'better_sqlite3.node');
const stampFile = path.join(outRoot, 'stamp.json');
const distUrl = 'https://electronjs.org/headers';

const say = (line) => console.log(`electron-native: ${line}`);
const fail = (lines) => {
  for (const line of [lines].flat()) console.error(`electron-native: ${line}`);
  process.exit(1);
};

const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));
const electronVersion = (await readJson(at('node_modules', 'electron', 'package.json'))).version;
const sqliteVersion = (await readJson(at('node_modules', 'better-sqlite3', 'package.json'))).version;
const abi = require('node-abi').getAbi(electronVersion, 'electron');
const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, abi };

async function upToDate() {
  if (!existsSync(stampFile) || !existsSync(nodeFile)) return false;
  try {
    const old = await readJson(stampFile);
    return (
      old.electron === stamp.electron &&
      old.betterSqlite3 === stamp.betterSqlite3 &&
      old.abi === stamp.abi &&
      (await isBuiltForAbi(nodeFile, abi))
    );
  } catch {
    return false;
  }
}

if (await upToDate()) {
  say(`up to date (better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}, ABI ${abi})`);
  process.exit(0);
}

say(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (ABI ${abi}) in ${outDir}`);
await rm(outRoot, { recursive: true, force: true });
await mkdir(outRoot, { recursive: true });
const source = at('node_modules', 'better-sqlite3');
await cp(source, outDir, {
  recursive: true,
  filter: (from) => path.relative(source, from).split(path.sep)[0] !== 'build',
});

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
say(`node-gyp ${args.join(' ')}`);
const run = spawnSync(process.execPath, [nodeGyp, ...args], {
  cwd: outDir,
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
          'The Electron app needs them once to build its SQLite driver. Connect and run `npm start` again;',
          'meanwhile `npm run serve` runs Tillpoint in a browser with the Node build.',
        ]
      : [
          `node-gyp failed (exit ${run.status ?? run.signal}). It needs python3, make and a C++ compiler;`,
          'see the output above.',
        ],
  );
}

if (!existsSync(nodeFile) || !(await isBuiltForAbi(nodeFile, abi))) {
  await rm(outRoot, { recursive: true, force: true });
  fail([
    `the build in ${nodeFile} does not export ${abiMarker(abi)}: it was built for another ABI.`,
    'Deleted it. Check that no nodedir / npm_config_nodedir points node-gyp at Node headers.',
  ]);
}

await writeFile(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
say(`verified ${abiMarker(abi)} in ${path.relative(root, nodeFile)}`);
