import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Maps the path of an app://tillpoint/ URL to a file inside the built renderer folder, or to the HTTP status
 * that refuses it. Percent-decoding happens once; `..`, `.`, backslash and NUL are refused before touching
 * the disk, and the real path (symlinks resolved) must stay inside the real root. `/` is index.html.
 * (src/host/static-files.ts does the same for the loopback host; electron/main may not import src/host.)
 */
export async function resolveRendererFile(
  rendererDir: string,
  pathname: string,
): Promise<string | 400 | 403 | 404> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return 400;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 403;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return 403;
  try {
    const root = await realpath(rendererDir);
    const file = await realpath(path.join(root, segments.length === 0 ? 'index.html' : segments.join('/')));
    if (!file.startsWith(root + path.sep)) return 403;
    return (await stat(file)).isFile() ? file : 404;
  } catch {
    return 404;
  }
}
