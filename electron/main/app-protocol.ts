import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../src/shared/content-security-policy.js';
import { resolveRendererFile } from './renderer-files.js';

/**
 * The renderer is loaded from app://tillpoint/, a privileged standard scheme, not file://: file:// pages share
 * one origin with every file on disk, while app://tillpoint is an origin of its own that the CSP and the IPC
 * sender check can name (Electron security checklist, "Use a custom protocol instead of file://").
 */
export const appScheme = 'app';
export const appHost = 'tillpoint';
export const appOrigin = `${appScheme}://${appHost}`;

/** Same policy as the loopback host, minus the WebSocket (Electron talks over IPC). */
export const appContentSecurityPolicy = contentSecurityPolicy();

/**
 * Must run before app 'ready' (Electron: protocol.registerSchemesAsPrivileged). corsEnabled: Vite emits
 * `<script type="module" crossorigin>`, and module scripts are always fetched in CORS mode.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

const plain = (status: number, text: string) =>
  new Response(`${text}\n`, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': appContentSecurityPolicy,
    },
  });

/** Call after app 'ready'. net.fetch on file:// sets the MIME type (incl. application/wasm). */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return plain(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
    const file = await resolveRendererFile(rendererDir, url.pathname);
    if (typeof file === 'number') return plain(file, file === 404 ? 'Not found.' : 'Forbidden.');
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', appContentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    return new Response(response.body, { status: response.status, headers });
  });
}
