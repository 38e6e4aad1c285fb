/**
 * The renderer's Content-Security-Policy, one policy for both transports: the loopback host adds its
 * WebSocket origin to connect-src, Electron (IPC, no socket) adds nothing. 'wasm-unsafe-eval' lets the page
 * compile the packaged zxing .wasm; JavaScript eval stays blocked.
 */
export function contentSecurityPolicy(extraConnectSrc: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    ['connect-src', "'self'", ...extraConnectSrc].join(' '),
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
