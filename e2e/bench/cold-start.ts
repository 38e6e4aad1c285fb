/**
 * Cold start of `tillpoint serve` to an interactive cashier (a product button enabled), measured by
 * Playwright in Debian's Chromium, beside a bare Node HTTP page in the same browser (the floor of this
 * stack). Then the memory of host + renderer (PSS, so shared pages are not counted twice) after ringing
 * up a ticket, beside a blank page's renderer. Which processes count (and which are reported apart) is in
 * process-memory.ts; where the memory goes, before and after the cuts, in README.md (Memory of the cashier).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { summarize, type Summary } from './stats.js';
import type { Row } from './run.js';
import { pss, rendererBaseline } from './process-memory.js';
import { chromiumArgs, chromiumPath } from '../chromium.js';

const RUNS = 10;
const cli = join(process.cwd(), 'dist', 'cli', 'tillpoint.mjs');

interface Serve {
  readonly child: ChildProcess;
  readonly url: string;
}

function startServe(dataDir: string): Promise<Serve> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir, '--lang', 'en'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Tillpoint cashier: (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before it was ready`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function firstProductName(): string {
  const catalog = JSON.parse(readFileSync(join(process.cwd(), 'assets', 'demo-catalog.json'), 'utf8')) as {
    products: { name: string }[];
  };
  return catalog.products[0]!.name;
}

async function timeToInteractive(browser: Browser, dataDir: string, product: string) {
  const page = await browser.newPage();
  const t0 = performance.now();
  const serve = await startServe(dataDir);
  const ready = performance.now() - t0;
  await page.goto(serve.url);
  await page
    .getByRole('button', { name: new RegExp(product) })
    .first()
    .waitFor({ state: 'visible' });
  const interactive = performance.now() - t0;
  return { serve, page, ready, interactive };
}

/** A bare Node HTTP server answering every request with `html`: the floor of this stack. */
export async function serveBarePage(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function bareServerLoad(browser: Browser): Promise<number[]> {
  const bare = await serveBarePage('<!doctype html><title>bare</title><button>Buy</button>');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(bare.url);
    await page.getByRole('button', { name: 'Buy' }).waitFor();
    times.push(performance.now() - t0);
    await page.close();
  }
  await bare.close();
  return times;
}

async function ringUp(page: Page, product: string): Promise<void> {
  for (let i = 0; i < 20; i++)
    await page
      .getByRole('button', { name: new RegExp(product) })
      .first()
      .click();
}

export async function benchColdStartAndMemory(scratch: string): Promise<Row[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const product = firstProductName();
  const f = (s: Summary, k: 'median' | 'p95') => `${s[k].toFixed(0)} ms`;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  try {
    const ready: number[] = [];
    const interactive: number[] = [];
    const hostPss: number[] = [];
    const rendererPss: number[] = [];
    const browserUiPss: number[] = [];
    const machinePss: number[] = [];
    const jsHeap: number[] = [];
    const domNodes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const baseline = rendererBaseline();
      const run = await timeToInteractive(browser, join(scratch, `cold-${i}`), product);
      ready.push(run.ready);
      interactive.push(run.interactive);
      await ringUp(run.page, product);
      const cdp = await run.page.context().newCDPSession(run.page);
      jsHeap.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
      domNodes.push((await cdp.send('Memory.getDOMCounters')).nodes);
      const added = baseline.since();
      hostPss.push(pss(run.serve.child.pid!));
      rendererPss.push(added.page);
      browserUiPss.push(added.browserUi);
      machinePss.push(added.machine);
      await run.page.close();
      await stop(run.serve.child);
    }
    const blankPss: number[] = [];
    const blankBrowserUiPss: number[] = [];
    const blankMachinePss: number[] = [];
    for (let i = 0; i < 3; i++) {
      const baseline = rendererBaseline();
      const blank = await browser.newPage();
      await blank.goto('about:blank');
      const added = baseline.since();
      blankPss.push(added.page);
      blankBrowserUiPss.push(added.browserUi);
      blankMachinePss.push(added.machine);
      await blank.close();
    }
    const bare = summarize(await bareServerLoad(browser));
    const ti = summarize(interactive);
    const tr = summarize(ready);
    const total = summarize(hostPss.map((h, i) => h + rendererPss[i]!));
    const host = summarize(hostPss);
    const renderer = summarize(rendererPss);
    const median = (xs: number[]) => summarize(xs).median;
    const before = summarize(hostPss.map((h, i) => h + machinePss[i]!));
    return [
      {
        measure: 'cold start: spawn serve -> cashier interactive (fresh data dir)',
        n: ti.n,
        median: f(ti, 'median'),
        p95: f(ti, 'p95'),
        goal: '<= 1500 ms',
        peer: `bare Node page load: median ${f(bare, 'median')}; of ours, serve ready: ${f(tr, 'median')}`,
      },
      {
        measure: 'memory after a 20-item ticket: host + renderer (PSS)',
        n: total.n,
        median: mb(total.median),
        p95: mb(total.p95),
        goal: '<= 200 MB',
        peer:
          `host ${mb(host.median)} + renderer ${mb(renderer.median)} (JS heap ${mb(median(jsHeap))}, ` +
          `${median(domNodes).toFixed(0)} DOM nodes); blank-page renderer ${mb(median(blankPss))}; apart: ` +
          `Chromium's omnibox UI renderer ${mb(median(browserUiPss))} (blank page: ` +
          `${mb(median(blankBrowserUiPss))}); counted as before (every new renderer on the machine): ` +
          `${mb(before.median)}, blank page ${mb(median(blankMachinePss))}`,
      },
    ];
  } finally {
    await browser.close();
  }
}
