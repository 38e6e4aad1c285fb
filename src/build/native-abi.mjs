// Checks which Node ABI a native addon was built for, without loading it (loading a wrong-ABI addon in
// Electron aborts the process). node.h's NODE_MODULE macro exports `node_register_module_v<ABI>`, where ABI
// is NODE_MODULE_VERSION (115 = Node 20, 150 = Electron 45; see node-abi's abi_registry.json).
import { readFile } from 'node:fs/promises';

export const abiMarker = (abi) => `node_register_module_v${abi}`;

/**
 * true when the .node file at `file` registers itself for exactly this ABI. The symbol name is matched with
 * its NUL terminator (ELF, PE and Mach-O string tables all end names with NUL), so v11 never matches v115.
 */
export async function isBuiltForAbi(file, abi) {
  const bytes = await readFile(file);
  return bytes.includes(Buffer.from(`${abiMarker(abi)}\0`, 'latin1'));
}
