import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBuiltForAbi } from './native-abi.mjs';

/** Against the real better-sqlite3 addon in node_modules, which npm built for this Node. */
const require = createRequire(import.meta.url);
const nodeBuild = path.join(
  path.dirname(require.resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);
const electronAbi = (require('node-abi') as { getAbi(v: string, runtime: string): string }).getAbi(
  (require('electron/package.json') as { version: string }).version,
  'electron',
);
const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-abi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isBuiltForAbi', () => {
  it("recognises the Node build as this Node's ABI and not Electron's", async () => {
    expect(await isBuiltForAbi(nodeBuild, process.versions.modules)).toBe(true);
    expect(electronAbi).not.toBe(process.versions.modules);
    expect(await isBuiltForAbi(nodeBuild, electronAbi)).toBe(false);
  });

  it('matches whole ABI numbers only (v11 is not v115, v15 is not v150)', async () => {
    const copy = path.join(dir, 'copy.node');
    copyFileSync(nodeBuild, copy);
    expect(await isBuiltForAbi(copy, process.versions.modules.slice(0, 2))).toBe(false);
    const fake = path.join(dir, 'fake.node');
    writeFileSync(fake, 'xx node_register_module_v150\0 yy');
    expect(await isBuiltForAbi(fake, '15')).toBe(false);
    expect(await isBuiltForAbi(fake, '150')).toBe(true);
  });
});
