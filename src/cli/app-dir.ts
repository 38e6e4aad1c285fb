import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Tillpoint package folder (the one whose package.json is named "tillpoint"), found by walking up from
 * this file: it works for dist/cli/tillpoint.mjs, for an npm-installed bin and for a test bundle alike.
 */
export function findAppDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'tillpoint')
          return dir;
      } catch {
        // an unreadable package.json further down is not ours; keep walking up
      }
    }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
