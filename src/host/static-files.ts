import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** MIME types of what Vite emits (RFC 6838 registrations; application/wasm per the WebAssembly JS API). */
const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export const mimeTypeOf = (file: string): string =>
  mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

export type StaticLookup =
  | { kind: 'file'; file: string; size: number; contentType: string }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

/**
 * Maps a URL path to a file inside `rootDir`, or refuses. `/` serves index.html. Percent-decoding happens
 * once, then any `..` segment, backslash or NUL is refused before touching the disk, and the real path
 * (symlinks resolved) must still lie inside the real root.
 */
export async function lookupStaticFile(rootDir: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'forbidden' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'forbidden' };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');

  let root: string;
  try {
    root = await realpath(rootDir);
  } catch {
    return { kind: 'not_found' };
  }
  let file: string;
  try {
    file = await realpath(path.join(root, relative));
  } catch {
    return { kind: 'not_found' };
  }
  if (file !== root && !file.startsWith(root + path.sep)) return { kind: 'forbidden' };
  try {
    const info = await stat(file);
    if (!info.isFile()) return { kind: 'not_found' };
    return { kind: 'file', file, size: info.size, contentType: mimeTypeOf(file) };
  } catch {
    return { kind: 'not_found' };
  }
}
