// The bundles as pure ASCII, for memory. V8 (Node, Electron, Chromium) keeps a script's source for as long as
// any of its functions lives, as a one-byte string when every character fits in Latin-1 and as a two-byte
// string otherwise: one 'ā' in a regular expression of pinyin-pro doubled Electron main's 6.5 MB bundle to
// 13 MB of the till's memory. esbuild writes strings, templates and names as \u escapes already
// (charset 'ascii') but leaves regular expression literals as they are; this escapes what is left.
import { readFile, writeFile } from 'node:fs/promises';

/**
 * `source` with every character above U+007F written as `\uXXXX` (an astral one as its surrogate pair),
 * which means the same character in a regular expression, a string, a template or a name. An identity
 * escape of such a character (`\ā`, legal in a regular expression without the u flag) loses its backslash,
 * as `\u0101` already is the character.
 */
export function asciiOnly(source) {
  return source.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, char) => {
    const escaped = `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return (slashes.length % 2 === 1 ? slashes.slice(1) : slashes) + escaped;
  });
}

/** Rewrites each file in place when it has a character above U+007F; answers the files it changed. */
export async function asciiOnlyFiles(files) {
  const changed = [];
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    if (!/[\u0080-\uffff]/.test(source)) continue;
    await writeFile(file, asciiOnly(source));
    changed.push(file);
  }
  return changed;
}
