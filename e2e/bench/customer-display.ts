/**
 * Customer display update after a cashier change, end to end: the cashier (the renderer's own WebSocket
 * client, full token) changes a line's quantity through the real loopback host and terminal; measured from
 * the moment its answer arrives to the moment the customer display page (the built renderer in Debian's
 * Chromium, on the display's read-only token) has the new quantity in its DOM, seen by a MutationObserver.
 * Both ends read the wall clock in high resolution (performance.timeOrigin + now()) on one machine. The peer
 * is the transport's floor: the same sale.changed arriving at a plain WebSocket client on the display token.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import NodeWebSocket from 'ws';
import { startHost } from '../../src/host/host.js';
import { connectWebSocketApi } from '../../src/renderer/api/ws-client.js';
import type { SaleDto } from '../../src/shared/dto.js';
import { openTerminal } from '../../src/terminal/terminal.js';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { summarize, type Summary } from './stats.js';
import type { Row } from './run.js';

const CHANGES = 60;
/** Changes before the measured ones: the first renders pay for JIT and React's first commit. */
const WARM_UP = 5;
const GOAL_MS = 50;

const ms = (s: Summary, key: 'median' | 'p95' | 'p99') => `${s[key].toFixed(2)} ms`;
// Node's global performance (not node:perf_hooks' import, which the bundler renames: the page function
// below is sent to the browser as source and must name the browser's own global)
const wallClock = () => performance.timeOrigin + performance.now();

function must<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok) throw new Error(`customer-display bench: ${result.error.code} ${result.error.message}`);
  return result.value;
}

export async function benchCustomerDisplay(scratch: string): Promise<Row[]> {
  const rendererDir = join(process.cwd(), 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('customer-display bench: dist/renderer is missing; run npm run build first');
  }
  const dataDir = join(scratch, 'customer-display');
  const terminal = await openTerminal({ dataDir, nfc: 'off', locale: 'en', log: () => {} });
  const host = await startHost({ dataDir, rendererDir, terminal, log: () => {} });
  const socket = (token: string) => (url: string) =>
    new NodeWebSocket(url.replace(/token=[^&]*/, `token=${token}`), {
      headers: { Origin: `http://127.0.0.1:${host.port}` },
    }) as unknown as WebSocket;
  const wsUrl = `ws://127.0.0.1:${host.port}/api`;
  const cashier = connectWebSocketApi({ url: wsUrl, token: host.token, createSocket: socket(host.token) });
  const floor = connectWebSocketApi({
    url: wsUrl,
    token: host.displayToken,
    createSocket: socket(host.displayToken),
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const toDom: number[] = [];
  const toEvent: number[] = [];
  const fromSent: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(host.displayUrl);
    await page.getByRole('heading', { name: /^Welcome to / }).waitFor();
    // The moment each quantity first shows in the display's ticket, on the page's wall clock.
    await page.evaluate(() => {
      const seen: Record<number, number> = {};
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const at = performance.timeOrigin + performance.now();
        for (const line of document.querySelectorAll('.display-line .line-detail')) {
          const quantity = /^(\d+) ×/.exec(line.textContent ?? '')?.[1];
          if (quantity !== undefined) seen[Number(quantity)] ??= at;
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

    const [product] = must(await cashier['catalog.search']({ query: '', limit: 1 }));
    if (!product) throw new Error('customer-display bench: the demo catalog has no product');
    const sale = must(await cashier['sale.start']({}));
    let current: SaleDto = must(await cashier['sale.addProduct']({ saleId: sale.id, productId: product.id }));
    const lineId = current.lines[0]!.id;
    for (let i = 0; i < WARM_UP + CHANGES; i++) {
      const quantity = i + 2;
      let eventAt = 0;
      const announced = new Promise<void>((resolve) => {
        const off = floor.on('sale.changed', (changed) => {
          if (changed.lines[0]?.quantity !== quantity) return;
          eventAt = wallClock();
          off();
          resolve();
        });
      });
      const sentAt = wallClock();
      current = must(await cashier['sale.setQuantity']({ saleId: sale.id, lineId, quantity }));
      const answeredAt = wallClock();
      const shownAt = await page.waitForFunction(
        (q) => (window as unknown as { seen: Record<number, number> }).seen[q],
        quantity,
        { polling: 'raf', timeout: 10_000 },
      );
      const domAt = (await shownAt.jsonValue()) as number;
      await announced;
      if (i >= WARM_UP) {
        // 0: the display had it before the cashier's answer arrived (the event leaves the till first)
        toDom.push(Math.max(0, domAt - answeredAt));
        fromSent.push(domAt - sentAt);
        toEvent.push(Math.max(0, eventAt - answeredAt));
      }
    }
    must(await cashier['sale.void']({ saleId: current.id }));
  } finally {
    await browser.close();
    cashier.close();
    floor.close();
    await host.close();
    await terminal.close();
  }
  const d = summarize(toDom);
  const e = summarize(toEvent);
  const f = summarize(fromSent);
  return [
    {
      measure:
        'customer display update: cashier sale.setQuantity answered -> the display page (Chromium, read-only token) shows it',
      n: d.n,
      median: ms(d, 'median'),
      p95: ms(d, 'p95'),
      p99: ms(d, 'p99'),
      goal: `<= ${GOAL_MS} ms p95: ${d.p95 <= GOAL_MS ? 'met' : 'MISSED'}`,
      peer:
        `sale.changed at a plain WebSocket client on the display token: median ${ms(e, 'median')}, p95 ${ms(e, 'p95')}; ` +
        `display from the cashier's call sent: median ${ms(f, 'median')}, p95 ${ms(f, 'p95')}`,
    },
  ];
}
