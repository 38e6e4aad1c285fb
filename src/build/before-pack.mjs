// electron-builder's beforePack hook (package.json "build.beforePack"): stages the Electron builds of the
// native modules (src/build/package-native.mjs) before the app files are copied, so every way of packaging,
// `npm run package:*` or `npx electron-builder ...`, checks their ABI and refuses a wrong one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageElectronNative } from './package-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function beforePack(context) {
  const from = path.resolve(root, process.env.TILLPOINT_PACKAGE_NATIVE_DIR || '.electron-native');
  await stageElectronNative({
    root,
    from,
    to: path.join(root, 'dist', 'electron-native'),
    electronVersion: context.packager.info.framework.version,
    standIn: process.env.TILLPOINT_PACKAGE_STAND_IN_NATIVE === '1',
    log: (line) => console.log(`  • tillpoint native: ${line}`),
  });
}

export default beforePack;
