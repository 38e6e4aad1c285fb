import { describe, expect, it } from 'vitest';
import { TillpointError } from '../../src/core/errors.js';
import { methodNames, type Handlers } from '../../src/shared/contract.js';
import {
  createIpcCallHandler,
  isTrustedSender,
  senderCapability,
  type IpcCallEvent,
  type IpcWindow,
} from './ipc-guard.js';

/**
 * The IPC sender check and param validation with plain objects shaped like Electron's: a window is its
 * webContents (the event's `sender`) with a main frame; a frame is an object with a url. Identity matters,
 * as in Electron, where a subframe is a different WebFrameMain from webContents.mainFrame.
 */
const origin = 'app://tillpoint';
const SALE_ID = '0b6f1c1e-9a5e-4d55-8a9a-4c1e2f3a4b5c';

function window(url = `${origin}/index.html`) {
  const mainFrame = { url };
  const webContents = { mainFrame };
  let destroyed = false;
  const win: IpcWindow & { destroy(): void } = {
    isDestroyed: () => destroyed,
    webContents,
    destroy: () => (destroyed = true),
  };
  return { win, webContents, mainFrame };
}

function setup() {
  const calls: { method: string; params: unknown }[] = [];
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      (params: unknown) => {
        calls.push({ method: name, params });
        if (name !== 'sale.scan') throw new TillpointError('sale.not_found', `not in this test: ${name}`);
        return { scanned: params };
      },
    ]),
  ) as unknown as Handlers;
  const cashier = window();
  const display = window(`${origin}/index.html#/customer`);
  const kiosk = window(`${origin}/index.html#/kiosk`);
  const logged: string[] = [];
  const call = createIpcCallHandler({
    handlers,
    windows: () => [cashier.win],
    readOnlyWindows: () => [display.win],
    kioskWindows: () => [kiosk.win],
    origin,
    log: (line) => logged.push(line),
  });
  return { call, calls, cashier, display, kiosk, logged };
}

const scan = { saleId: SALE_ID, barcode: '6901234567892' };

describe('isTrustedSender', () => {
  it('trusts the main frame of our window on app://tillpoint/ only', () => {
    const { win, webContents, mainFrame } = window();
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, [win], origin)).toBe(true);
    expect(isTrustedSender({ sender: webContents, senderFrame: null }, [win], origin)).toBe(false);
    expect(isTrustedSender({ sender: {}, senderFrame: mainFrame }, [win], origin)).toBe(false);
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, [], origin)).toBe(false);
  });
});

describe('the IPC call handler', () => {
  it('a good call from the cashier window reaches its handler with the parsed params', async () => {
    const { call, calls, cashier } = setup();
    const event: IpcCallEvent = { sender: cashier.webContents, senderFrame: cashier.mainFrame };
    expect(await call(event, 'sale.scan', scan)).toEqual({ ok: true, value: { scanned: scan } });
    expect(calls).toEqual([{ method: 'sale.scan', params: scan }]);
  });

  it.each([
    ['a foreign origin', 'https://evil.example/index.html'],
    ['an app:// URL of another host', 'app://tillpoint.evil/index.html'],
    ['a look-alike with user info', 'app://tillpoint@evil/index.html'],
    ['a file:// page', 'file:///home/user/index.html'],
    ['the bare origin without a path', 'app://tillpoint'],
  ])('refuses the main frame navigated to %s with unauthorized', async (_what, url) => {
    const { call, calls, cashier, logged } = setup();
    cashier.mainFrame.url = url;
    const result = await call(
      { sender: cashier.webContents, senderFrame: cashier.mainFrame },
      'sale.scan',
      scan,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
    expect(logged).toEqual([`ipc: refused sale.scan from ${url}`]);
  });

  it('refuses a subframe of our own window, even on our origin', async () => {
    const { call, calls, cashier } = setup();
    const subframe = { url: `${origin}/index.html` };
    const result = await call({ sender: cashier.webContents, senderFrame: subframe }, 'sale.scan', scan);
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
  });

  it('refuses another webContents, a destroyed frame and a destroyed window', async () => {
    const { call, calls, cashier } = setup();
    const other = window();
    for (const event of [
      { sender: other.webContents, senderFrame: other.mainFrame },
      { sender: cashier.webContents, senderFrame: null },
    ]) {
      expect(await call(event, 'sale.scan', scan)).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    cashier.win.destroy();
    expect(
      await call({ sender: cashier.webContents, senderFrame: cashier.mainFrame }, 'sale.scan', scan),
    ).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
  });

  it('bad params answer invalid_params with the zod issues, and the handler never runs', async () => {
    const { call, calls, cashier } = setup();
    const event = { sender: cashier.webContents, senderFrame: cashier.mainFrame };
    const result = await call(event, 'sale.scan', { saleId: 'not-a-uuid', barcode: '', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_params');
    const issues = result.error.details as { path: (string | number)[]; code: string }[];
    expect(issues.map((i) => i.path.join('.')).sort()).toEqual(['', 'barcode', 'saleId']);
    expect(issues.find((i) => i.path.length === 0)?.code).toBe('unrecognized_keys');
    expect(calls).toEqual([]);
  });

  it('an unknown method from a trusted sender answers unknown_method', async () => {
    const { call, cashier } = setup();
    const event = { sender: cashier.webContents, senderFrame: cashier.mainFrame };
    expect(await call(event, 'fs.readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });
});

describe('the customer display window', () => {
  it('may read, and is answered forbidden for a change, which never reaches the handler', async () => {
    const { call, calls, display } = setup();
    const sender = { sender: display.webContents, senderFrame: display.mainFrame };
    expect(await call(sender, 'sale.scan', scan)).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'This screen can only show the sale; it cannot change it.',
        details: { method: 'sale.scan' },
      },
    });
    expect(calls).toEqual([]);
    expect(await call(sender, 'sale.current', {})).toMatchObject({
      ok: false,
      error: { code: 'sale.not_found' },
    });
    expect(calls).toEqual([{ method: 'sale.current', params: {} }]);
  });

  it('gets no capability from a frame that is not its main frame', () => {
    const { display } = setup();
    const sub = { url: `${origin}/index.html` };
    expect(
      senderCapability({ sender: display.webContents, senderFrame: sub }, [], [display.win], origin),
    ).toBe(null);
    expect(
      senderCapability(
        { sender: display.webContents, senderFrame: display.mainFrame },
        [],
        [display.win],
        origin,
      ),
    ).toBe('read');
  });
});

describe('the kiosk window', () => {
  it('may start and scan a sale, and is answered forbidden with the kiosk message for a cashier method', async () => {
    const { call, calls, kiosk } = setup();
    const sender = { sender: kiosk.webContents, senderFrame: kiosk.mainFrame };
    expect(await call(sender, 'sale.scan', scan)).toEqual({ ok: true, value: { scanned: scan } });
    for (const [method, params] of [
      ['sale.complete', { saleId: SALE_ID, tender: { method: 'cash', tendered: 500 } }],
      ['sale.void', { saleId: SALE_ID }],
      ['sales.list', {}],
      ['sync.status', {}],
    ] as const) {
      expect(await call(sender, method, params), method).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'A self-service kiosk cannot do this; ask a member of staff.',
          details: { method },
        },
      });
    }
    expect(calls).toEqual([{ method: 'sale.scan', params: scan }]);
  });

  it('gets the kiosk capability by its window only, never full, and nothing for a subframe', () => {
    const { cashier, display, kiosk } = setup();
    const from = (frame: { url: string }) => ({ sender: kiosk.webContents, senderFrame: frame });
    const windows = [[cashier.win], [display.win], origin, [kiosk.win]] as const;
    expect(senderCapability(from(kiosk.mainFrame), ...windows)).toBe('kiosk');
    expect(senderCapability(from({ url: `${origin}/index.html` }), ...windows)).toBe(null);
    // a kiosk window the registry does not list as a kiosk (e.g. closed and replaced) gets nothing
    expect(senderCapability(from(kiosk.mainFrame), [cashier.win], [display.win], origin, [])).toBe(null);
  });
});
