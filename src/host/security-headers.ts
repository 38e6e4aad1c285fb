import { contentSecurityPolicy } from '../shared/content-security-policy.js';
/**
 * Response headers for everything the loopback host serves. The page is our own renderer; nothing else may
 * run, frame it or be fetched by it (CSP Level 3, https://www.w3.org/TR/CSP3/).
 *
 * - script-src adds only 'wasm-unsafe-eval': it lets the page compile WebAssembly we serve ourselves (the
 *   .wasm MIME type below exists for that) and still forbids eval() of JavaScript.
 * - style-src is 'self' without 'unsafe-inline': React sets `style={...}` through the CSSOM
 *   (element.style.setProperty), which CSP does not govern; only <style> blocks and style="" attributes in
 *   markup would need 'unsafe-inline', and Vite emits CSS as files.
 * - connect-src names the WebSocket origin explicitly: 'self' does not match ws: in every browser we target.
 */
export const hostContentSecurityPolicy = (port: number): string =>
  contentSecurityPolicy([`ws://127.0.0.1:${port}`]);

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': hostContentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
