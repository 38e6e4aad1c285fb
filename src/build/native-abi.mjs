// Checks which Node ABI (NODE_MODULE_VERSION: 115 = Node 20, 150 = Electron 45; see node-abi's
// abi_registry.json) a native addon was built for, without loading it into this process (loading a wrong-ABI
// addon in Electron aborts the process).
//
// Two kinds of addons exist. Context-aware ones (NODE_MODULE_INIT, e.g. better-sqlite3) export a symbol named
// `node_register_module_v<ABI>`: the name says the ABI. Legacy ones (NAN's NODE_MODULE, e.g.
// @pokusew/pcsclite) export no such symbol; they register a struct whose `nm_version` field holds the ABI,
// which only a loader reads reliably. For those, a child Node process loads the file: Node either accepts it
// (built for this Node) or refuses it naming the version it was built with ("compiled against a different
// Node.js version using NODE_MODULE_VERSION 150"), and the child exits.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export const abiMarker = (abi) => `node_register_module_v${abi}`;

/** The symbol name is matched with its NUL terminator (ELF, PE and Mach-O string tables), so v11 is not v115. */
const markerPattern = /node_register_module_v(\d+)\0/;

/** Loads `file` in a child Node and reads its ABI from the outcome; null when the load says nothing of it. */
function probeWithNode(file) {
  const script = `
    try { process.dlopen({ exports: {} }, ${JSON.stringify(file)}); console.log('loaded'); }
    catch (error) { console.log(String(error && error.message)); }`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  const output = child.stdout ?? '';
  if (child.status === 0 && output.trim() === 'loaded') return process.versions.modules;
  const refused = /using\s+NODE_MODULE_VERSION\s+(\d+)/.exec(output);
  return refused ? refused[1] : null;
}

/**
 * The ABI the addon at `file` was built for, as a string, or null when it cannot be told (e.g. a legacy
 * * addon whose shared libraries are missing on this machine).
 */
export async function abiOfAddon(file) {
  const bytes = await readFile(file);
  const marker = markerPattern.exec(bytes.toString('latin1'));
  if (marker) return marker[1];
  return probeWithNode(file);
}

/** true when the .node file at `file` was built for exactly this ABI. */
export async function isBuiltForAbi(file, abi) {
  return (await abiOfAddon(file)) === String(abi);
}
