// The browser build of `qrcode` (what its package.json "browser" field maps the package to), typed for the
// one call the cashier makes. @types/qrcode describes the Node build too (toFile, streams) and pulls all of
// @types/node into the renderer's program, where `Buffer` must stay a type error.
declare module 'qrcode/lib/browser.js' {
  interface SvgOptions {
    readonly type: 'svg';
    readonly errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    readonly margin?: number;
  }
  const QRCode: { toString(text: string, options: SvgOptions): Promise<string> };
  export default QRCode;
}
