// `npm run package:deb`: builds the Debian package from the unpacked app with dpkg-deb, without internet.
// electron-builder's own deb target needs fpm, which it downloads (fpm is in neither Debian nor npm), so an
// offline build machine packs the tree itself:
//   opt/Tillpoint/                         the unpacked app (dist/package/linux-unpacked, `package:linux-dir`)
//   usr/bin/tillpoint                      symlink to opt/Tillpoint/tillpoint
//   usr/share/applications/tillpoint.desktop
//   usr/lib/systemd/user/tillpoint.service the kiosk unit (Restart=always), off until a user enables it
//   usr/lib/systemd/user/tillpoint-kiosk.service the self-service kiosk's unit (--kiosk), off likewise
//   usr/share/icons/hicolor/{256x256,512x512}/apps/tillpoint.png
//   DEBIAN/control                         name, version, architecture, Depends from package.json build.deb
// The same files and Depends as electron-builder's deb target (package.json "build"), so both paths install
// alike. Before packing it checks the native modules again against the packaged Electron's ABI (the version
// file of the unpacked app), so a stand-in build never becomes a .deb by accident.
//
// node src/build/package-deb.mjs [--unpacked DIR] [--out DIR] [--arch amd64|arm64|armhf]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { abiMarker, isBuiltForAbi } from './native-abi.mjs';
import { electronAbi, nativeFiles } from './package-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const say = (line) => console.log(`package-deb: ${line}`);
const fail = (line) => {
  console.error(`package-deb: ${line}`);
  process.exit(1);
};

/** Node's process.arch to Debian's architecture names (dpkg-architecture -L). */
const debianArch = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ia32: 'i386' };

const { values: args } = parseArgs({
  options: {
    unpacked: { type: 'string', default: path.join(root, 'dist', 'package', 'linux-unpacked') },
    out: { type: 'string', default: path.join(root, 'dist', 'package') },
    arch: { type: 'string', default: debianArch[process.arch] ?? process.arch },
  },
});
const unpacked = path.resolve(args.unpacked);
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const build = pkg.build;
const executable = build.linux.executableName;
const appBinary = path.join(unpacked, executable);

if (!existsSync(appBinary)) {
  fail(
    `${appBinary} is missing: build the unpacked app first with "npm run package:linux-dir" ` +
      '(offline: add -- -c.electronDist=/path/to/electron-folder; see README "Install on a shop PC").',
  );
}
if (spawnSync('dpkg-deb', ['--version'], { stdio: 'ignore' }).status !== 0) {
  fail('dpkg-deb is not installed (Debian/Ubuntu: apt-get install dpkg).');
}

const electronVersion = (await readFile(path.join(unpacked, 'version'), 'utf8')).trim();
const abi = electronAbi(root, electronVersion);
for (const entry of nativeFiles.filter((e) => e.node)) {
  const file = path.join(unpacked, 'resources', 'electron-native', entry.to);
  if (!existsSync(file)) fail(`${file} is missing: the unpacked app has no native modules.`);
  if (await isBuiltForAbi(file, abi)) continue;
  if (process.env.TILLPOINT_PACKAGE_STAND_IN_NATIVE !== '1') {
    fail(
      `refusing to pack ${file}: it does not export ${abiMarker(abi)} (Electron ${electronVersion}), so the ` +
        'installed app could not open its database. Rebuild it with "node src/build/electron-native.mjs".',
    );
  }
  say(`STAND-IN: ${file} is not built for Electron ${electronVersion}; packed for a packaging test only.`);
}

const outDir = path.resolve(args.out);
const tree = path.join(outDir, 'deb-root');
const installDir = `opt/${build.productName}`;
await rm(tree, { recursive: true, force: true });
await mkdir(path.join(tree, 'DEBIAN'), { recursive: true });

await cp(unpacked, path.join(tree, installDir), { recursive: true, verbatimSymlinks: true });
const place = async (from, to, mode = 0o644) => {
  await mkdir(path.dirname(path.join(tree, to)), { recursive: true });
  await cp(path.join(root, from), path.join(tree, to));
  await chmod(path.join(tree, to), mode);
};
await place('assets/linux/tillpoint.desktop', 'usr/share/applications/tillpoint.desktop');
await place('assets/linux/tillpoint.service', 'usr/lib/systemd/user/tillpoint.service');
await place('assets/linux/tillpoint-kiosk.service', 'usr/lib/systemd/user/tillpoint-kiosk.service');
for (const size of ['256x256', '512x512']) {
  await place(`assets/icons/${size}.png`, `usr/share/icons/hicolor/${size}/apps/tillpoint.png`);
}
await mkdir(path.join(tree, 'usr', 'bin'), { recursive: true });
await symlink(`../../${installDir}/${executable}`, path.join(tree, 'usr', 'bin', executable));
// Chromium's setuid sandbox helper must be owned by root (--root-owner-group) with the setuid bit, as
// electron-builder's deb after-install script sets it; kernels with unprivileged user namespaces skip it.
const sandbox = path.join(tree, installDir, 'chrome-sandbox');
if (existsSync(sandbox)) await chmod(sandbox, 0o4755);

/** Installed-Size: KiB of everything but DEBIAN/ (Debian Policy 5.6.20). */
async function sizeKiB(dir) {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return Math.ceil(bytes / 1024);
}
const installedKiB = await sizeKiB(tree);

const author = typeof pkg.author === 'string' ? pkg.author : `${pkg.author.name} <${pkg.author.email}>`;
// Debian Policy 5.6.13: a synopsis line, then the long description indented by one space.
const control = [
  `Package: ${pkg.name}`,
  `Version: ${pkg.version}`,
  `Architecture: ${args.arch}`,
  `Maintainer: ${author}`,
  `Installed-Size: ${installedKiB}`,
  `Depends: ${build.deb.depends.join(', ')}`,
  'Section: misc',
  'Priority: optional',
  `Homepage: ${pkg.homepage}`,
  `Description: ${build.linux.synopsis}`,
  ` ${pkg.description}`,
  '',
].join('\n');
await writeFile(path.join(tree, 'DEBIAN', 'control'), control);

const debFile = path.join(outDir, `${pkg.name}_${pkg.version}_${args.arch}.deb`);
const run = spawnSync('dpkg-deb', ['--root-owner-group', '--build', tree, debFile], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
if (run.status !== 0) fail(`dpkg-deb failed (exit ${run.status ?? run.signal}): ${run.stderr}`);
await rm(tree, { recursive: true, force: true });
say(`built ${path.relative(process.cwd(), debFile) || debFile}`);
