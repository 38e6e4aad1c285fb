/**
 * NFC (issue 4) on the real stack: pcscd + vpcd + the emulated card (e2e/nfc), the terminal with its PC/SC
 * port, the loopback host and the renderer's own WebSocket client, all in this process.
 *  - tap -> UI event: from the card entering the field (the emulator's TCP connect to vpcd) to `nfc.tap`
 *    arriving over the WebSocket; split at nfc-pcsc's `card` event (the driver's part, bounded by pcscd's
 *    400 ms polling) and ours after it (UID, identification, member lookup, balance read, attach, WebSocket).
 *  - reading 4 pages (one FF B0 of 16 bytes) through CardLink, beside the raw APDU through transmit.
 *  - a full stored-value debit: tap, read + verify, write the slot, read back, flip, read back, commit.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pcscUnavailableReason, startCard, startPcscd } from '../nfc/pcsc-harness.js';
import type { NfcTapDto, SvSessionDto } from '../../src/shared/nfc-dto.js';
import type { CardLink } from '../../src/terminal/nfc/nfc-port.js';
import { openPcscPort } from '../../src/terminal/nfc/pcsc-port.js';
import { openTerminal } from '../../src/terminal/terminal.js';
import { summarize, timeAsync, type Summary } from './stats.js';
import { loopbackApi } from './loopback-api.js';
import type { Row } from './run.js';

const TAPS = 25;
const READS = 200;
const DEBITS = 15;
const MEMBER_UID = '04A2240A1B2C80';
const SV_UID = '04BE0C4A5D6E80';

const ms = (s: Summary, key: 'median' | 'p95' | 'p99') => `${s[key].toFixed(2)} ms`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function must<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
): T {
  if (!result.ok) throw new Error(`nfc bench: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Resolves with the first value `next` accepts, polling what arrived (events) every millisecond. */
function waitFor<T>(get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = get();
      if (v !== undefined) return resolve(v);
      if (performance.now() > end) return reject(new Error('nfc bench: timed out'));
      setTimeout(tick, 1);
    };
    tick();
  });
}

export async function benchNfc(scratch: string): Promise<Row[]> {
  const reason = await pcscUnavailableReason();
  if (reason) {
    return [{ measure: 'NFC', n: 0, median: '-', p95: '-', goal: '-', peer: `skipped: ${reason}` }];
  }
  const dataDir = join(scratch, 'nfc');
  const pcscd = await startPcscd();
  const card = await startCard();
  const port = openPcscPort({});
  const detected: CardLink[] = [];
  port.on('card', (link) => detected.push(link));
  const terminal = await openTerminal({ dataDir, nfc: { port }, demo: true, log: () => {} });
  const { api, host } = await loopbackApi(terminal, dataDir, scratch);
  const taps: { at: number; tap: NfcTapDto }[] = [];
  const sessions: { at: number; s: SvSessionDto }[] = [];
  api.on('nfc.tap', (tap) => taps.push({ at: performance.now(), tap }));
  api.on('svcard.changed', (s) => sessions.push({ at: performance.now(), s }));
  const noCard = () =>
    waitFor(() => (port.status().readers.every((r) => r.card === null) ? true : undefined));

  const total: number[] = [];
  const driver: number[] = [];
  const ours: number[] = [];
  const reads: number[] = [];
  const rawReads: number[] = [];
  const debitAfterTap: number[] = [];
  const confirm: number[] = [];
  try {
    await waitFor(() => (port.status().readers.length > 0 ? true : undefined));
    const [product] = must(await api['catalog.search']({ query: '', limit: 1 }));
    const sale = must(await api['sale.start']({}));
    must(await api['sale.addProduct']({ saleId: sale.id, productId: product!.id }));

    for (let i = 0; i < TAPS; i++) {
      const from = taps.length;
      const links = detected.length;
      const t0 = performance.now();
      await card.tap('ntag215', MEMBER_UID);
      const seen = await waitFor(() => taps[from]);
      const link = await waitFor(() => detected[links]);
      total.push(seen.at - t0);
      driver.push(link.detectedAt - t0);
      ours.push(seen.at - link.detectedAt);
      if (i === 0) {
        for (let r = 0; r < READS; r++) reads.push(await timeAsync(() => link.readPages(4, 4)));
        const apdu = Uint8Array.of(0xff, 0xb0, 0x00, 0x04, 0x10);
        for (let r = 0; r < READS; r++) rawReads.push(await timeAsync(() => link.transmit(apdu, 18)));
      }
      await card.remove();
      await noCard();
    }
    must(await api['sale.void']({ saleId: sale.id }));

    // a stored-value card with enough on it for every debit
    const topUp = must(await api['svcard.topUpBegin']({ amount: 100_000, tendered: 100_000 }));
    await card.tap('ntag215', SV_UID);
    await waitFor(() => sessions.find((e) => e.s.id === topUp.id && e.s.state === 'ready'));
    must(await api['svcard.confirm']({ sessionId: topUp.id }));
    await card.remove();
    await noCard();

    for (let i = 0; i < DEBITS; i++) {
      const open = must(await api['sale.start']({}));
      must(await api['sale.addProduct']({ saleId: open.id, productId: product!.id }));
      const session = must(await api['svcard.payBegin']({ saleId: open.id }));
      const links = detected.length;
      await card.tap('ntag215', SV_UID);
      await waitFor(() => sessions.find((e) => e.s.id === session.id && e.s.state === 'ready'));
      const link = await waitFor(() => detected[links]);
      const t = performance.now();
      const done = must(await api['svcard.confirm']({ sessionId: session.id }));
      if (done.state !== 'done') throw new Error(`nfc bench: debit ended ${done.state}`);
      confirm.push(performance.now() - t);
      debitAfterTap.push(performance.now() - link.detectedAt);
      await card.remove();
      await noCard();
    }
  } finally {
    api.close();
    await host.close();
    await terminal.close();
    await card.stop();
    await pcscd.stop();
  }

  const t = summarize(total);
  const d = summarize(driver);
  const o = summarize(ours);
  const r = summarize(reads);
  const raw = summarize(rawReads);
  const deb = summarize(debitAfterTap);
  const c = summarize(confirm);
  return [
    {
      measure: 'NFC tap -> nfc.tap at the UI (WebSocket), member card',
      n: t.n,
      median: ms(t, 'median'),
      p95: ms(t, 'p95'),
      goal: '-',
      peer: `nfc-pcsc's card event (pcscd polls every 400 ms): median ${ms(d, 'median')}, p95 ${ms(d, 'p95')}`,
    },
    {
      measure: "NFC tap: our part after nfc-pcsc's card event (UID, identify, lookup, balance, attach, WS)",
      n: o.n,
      median: ms(o, 'median'),
      p95: ms(o, 'p95'),
      goal: `p95 <= 30 ms: ${verdict(o.p95 <= 30)}`,
      peer: 'the same taps as the row above',
    },
    {
      measure: 'NFC read 4 pages (CardLink.readPages, one FF B0 of 16 bytes)',
      n: r.n,
      median: ms(r, 'median'),
      p95: ms(r, 'p95'),
      goal: '-',
      peer: `the raw APDU through transmit: median ${ms(raw, 'median')}, p95 ${ms(raw, 'p95')}`,
    },
    {
      measure:
        'NFC stored-value debit done, after the tap event (read, verify, write, read back, flip, commit)',
      n: deb.n,
      median: ms(deb, 'median'),
      p95: ms(deb, 'p95'),
      goal: `<= 150 ms: ${verdict(deb.p95 <= 150)}`,
      peer: `svcard.confirm alone (write, read back, flip, commit): median ${ms(c, 'median')}, p95 ${ms(c, 'p95')}`,
    },
  ];
}
