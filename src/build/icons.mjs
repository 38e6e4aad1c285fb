// `npm run icons`: renders assets/icons/tillpoint.svg into the app icons electron-builder packages:
//   assets/icons/256x256.png, 512x512.png   Linux (the .deb/AppImage and the hicolor theme; named by size as
//                                           electron-builder's linux.icon folder expects)
//   assets/icons/tillpoint.ico              Windows (NSIS installer and the .exe)
//   assets/icons/tillpoint.icns             macOS (the .app and the dmg)
// resvg (as WebAssembly: no native download) rasterises, png2icons packs ICO/ICNS; both pure JS, so this runs
// offline. The outputs are committed: packaging never needs this script.
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import png2icons from 'png2icons';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const icons = path.join(root, 'assets', 'icons');

await initWasm(await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
const svg = await readFile(path.join(icons, 'tillpoint.svg'), 'utf8');
const render = (size) =>
  Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());

for (const size of [256, 512]) {
  await writeFile(path.join(icons, `${size}x${size}.png`), render(size));
}
// Both containers downscale from one large master; 1024 is the largest size an ICNS holds.
const master = render(1024);
const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, true, true);
const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
if (ico === null || icns === null) throw new Error('icons: png2icons could not convert the 1024 px master');
await writeFile(path.join(icons, 'tillpoint.ico'), ico);
await writeFile(path.join(icons, 'tillpoint.icns'), icns);
console.log('icons: assets/icons/{256x256.png,512x512.png,tillpoint.ico,tillpoint.icns}');
