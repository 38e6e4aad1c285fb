import { join } from 'node:path';
import NodeWebSocket from 'ws';
import { startHost } from '../../src/host/host.js';
import { connectWebSocketApi } from '../../src/renderer/api/ws-client.js';
import type { Terminal } from '../../src/terminal/terminal.js';

/**
 * A terminal behind the real loopback host, driven through the renderer's own WebSocket client, as a browser
 * on `tillpoint serve` drives it. No renderer is served (the folder does not exist): only the contract.
 */
export async function loopbackApi(terminal: Terminal, dataDir: string, scratch: string) {
  const host = await startHost({
    dataDir,
    rendererDir: join(scratch, 'no-renderer'),
    terminal,
    log: () => {},
  });
  // Node 20 has no global WebSocket: the `ws` package's, with the Origin a browser on the host's page sends.
  const api = connectWebSocketApi({
    url: `ws://127.0.0.1:${host.port}/api`,
    token: host.token,
    createSocket: (url) =>
      new NodeWebSocket(url, {
        headers: { Origin: `http://127.0.0.1:${host.port}` },
      }) as unknown as WebSocket,
  });
  return { api, host };
}
