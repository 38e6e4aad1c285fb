import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronLookup = { found: true; binary: string } | { found: false; reason: string };

/**
 * Where the `electron` package keeps its binary, found the way its index.js does (path.txt under the
 * package, dist/ beside it, ELECTRON_OVERRIDE_DIST_PATH) but without requiring it: since Electron 45,
 * require('electron') starts a download when the binary is missing, and Tillpoint never touches the network
 * to start.
 */
export function findElectronBinary(appDir: string): ElectronLookup {
  let packageDir: string;
  try {
    packageDir = path.dirname(
      createRequire(path.join(appDir, 'package.json')).resolve('electron/package.json'),
    );
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return checked(path.join(override, relative ?? 'electron'));
  if (relative === undefined) {
    return {
      found: false,
      reason:
        'the Electron binary was never downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or offline)',
    };
  }
  return checked(path.join(packageDir, 'dist', relative));
}

const checked = (binary: string): ElectronLookup =>
  existsSync(binary) ? { found: true, binary } : { found: false, reason: `${binary} does not exist` };
