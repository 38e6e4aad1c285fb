import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { abiOfAddon, isBuiltForAbi } from './native-abi.mjs';

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

/**
 * A legacy addon (NAN's NODE_MODULE, like @pokusew/pcsclite) laid out as node.h does it: no ABI in a symbol
 * name, only in the `nm_version` field of the struct a static constructor registers. Compiled here with the C
 * compiler node-gyp needs anyway, once per ABI, so the check meets Node's real answer to a foreign ABI.
 */
const legacySource = `
struct node_module {
  int nm_version; unsigned int nm_flags; void *nm_dso_handle; const char *nm_filename;
  void (*nm_register_func)(void *, void *, void *); void *nm_context_register_func;
  const char *nm_modname; void *nm_priv; struct node_module *nm_link;
};
extern void node_module_register(void *);
static void init(void *exports, void *module, void *priv) { (void)exports; (void)module; (void)priv; }
static struct node_module legacy = { ABI, 0, 0, "legacy.c", init, 0, "legacy", 0, 0 };
static void __attribute__((constructor)) register_legacy(void) { node_module_register(&legacy); }
`;
function legacyAddon(abi: string): string {
  const source = path.join(dir, 'legacy.c');
  writeFileSync(source, legacySource);
  const out = path.join(dir, `legacy-${abi}.node`);
  const cc = spawnSync('cc', ['-shared', '-fPIC', `-DABI=${abi}`, '-o', out, source], { encoding: 'utf8' });
  expect(cc.status, cc.stderr).toBe(0);
  return out;
}

describe('abiOfAddon', () => {
  it("reads a legacy addon's ABI from Node's own answer: this Node's, or the foreign one it names", async () => {
    expect(await abiOfAddon(legacyAddon(process.versions.modules))).toBe(process.versions.modules);
    const forElectron = legacyAddon(electronAbi);
    expect(await abiOfAddon(forElectron)).toBe(electronAbi);
    expect(await isBuiltForAbi(forElectron, electronAbi)).toBe(true);
    expect(await isBuiltForAbi(forElectron, process.versions.modules)).toBe(false);
  });

  it("tells the real @pokusew/pcsclite build (legacy) as Node's ABI", async () => {
    const pcsclite = path.join(
      path.dirname(require.resolve('@pokusew/pcsclite/package.json')),
      'build',
      'Release',
      'pcsclite.node',
    );
    expect(await abiOfAddon(pcsclite)).toBe(process.versions.modules);
  });

  it('answers null for a file that is no addon', async () => {
    const junk = path.join(dir, 'junk.node');
    writeFileSync(junk, 'not an ELF file');
    expect(await abiOfAddon(junk)).toBeNull();
  });
});
