/**
 * Closed-loop stored-value card: the balance lives on the card (an NTAG215; pages 4..37 also fit NTAG213
 * and NTAG216), authenticated by an HMAC-SHA256 under the scheme's key and bound to the card's UID.
 *
 * Layout of the user memory (all integers big-endian):
 *
 *   page   bytes                          content
 *   4      0-3                            magic 'T' 'P' 'S' 'V'
 *   5      0-3                            POINTER: layout version (1), active slot (0 | 1), 0x00, 0x00
 *   6-21   64                             slot 0
 *   22-37  64                             slot 1
 *
 *   slot offset  size  content
 *   0            1     record format version (1)
 *   1            4     scheme id, 4 ASCII characters
 *   5            2     currency, ISO 4217 numeric (978 = EUR)
 *   7            4     balance, uint32 minor units
 *   11           4     counter, uint32, grows by 1 with every debit and top-up
 *   15           16    terminal id of the last writer (UUID bytes)
 *   31           1     pad, 0x00
 *   32           32    HMAC-SHA256(scheme key, UID bytes || slot bytes 0-31)
 *
 * The pointer decides which slot is live. A change writes the new record into the INACTIVE slot, reads it
 * back, then writes page 5 with the other slot: one 4-byte page write, the commit point. A record in the
 * inactive slot is never live, whatever its counter, while the pointer page reads as [1, 0 | 1, 0, 0].
 *
 * A page write is not guaranteed atomic: the NTAG21x datasheet (WRITE / COMPATIBILITY_WRITE) makes only
 * pages 2, 3 and the dynamic lock bytes tearing-protected. So a pointer page that reads as anything else is
 * taken as TORN (pointerTorn): it was being flipped, which happens only after the new slot was written and
 * read back, so the valid slot with the higher counter is live (the flip is finished, never rolled back;
 * with one valid slot, that one). A repair then rewrites the pointer too.
 *
 * Tearing (the card pulled away at any moment of planSvWrite's writes, in order: slot pages, pointer):
 *  - during the slot write: the inactive slot holds a mix of old and new pages, its MAC fails; the live slot
 *    and the pointer are untouched. readSvCard shows the old balance with needsRepair (the inactive slot
 *    is no valid copy); a repair copies the live record over it. Nothing was debited.
 *  - between the slot write and the flip: the inactive slot holds a valid record with counter + 1 that is not
 *    live. readSvCard shows the old balance, the new record as `inactive`, needsRepair. The terminal that
 *    planned it knows; it either finishes (writes the pointer) or abandons (the next change or a repair
 *    overwrites the slot). For a TOP-UP this record must be treated as delivered (finish it, card.pending):
 *    the pointer is not authenticated, so anyone can flip it.
 *  - during the flip: pointerTorn, the new record (higher counter) is live, needsRepair.
 *  - after the flip: done; the old slot keeps the previous record, a valid older copy (no repair needed).
 *
 * What this does not stop: restoring an earlier dump of the whole card, or flipping the pointer back to the
 * previous record. NTAG21x has no secure memory, so both are a write away; the defence is checkCounter
 * against the highest counter this till (and, through the hub, every till) has seen for the UID. The MAC
 * stops forged balances and records copied to another card (the UID is in the MAC).
 */
import { TillpointError } from './errors.js';
import { currencyNumericCode } from './iso-4217-numeric.js';
import { toDecimalString } from './money.js';
import { nfcFail, nfcOk, type NfcResult } from './nfc-error.js';

export interface SvScheme {
  /** 4 ASCII characters, written on every record */
  id: string;
  key: Uint8Array;
  /** ISO 4217 alpha code */
  currency: string;
  /** minor units; a top-up past it is refused */
  maxBalance: number;
  /** HMAC-SHA256 (32 bytes); injected because src/core has no crypto */
  mac: (key: Uint8Array, data: Uint8Array) => Uint8Array;
}

export interface SvRecord {
  schemeId: string;
  /** ISO 4217 alpha code */
  currency: string;
  /** minor units */
  balance: number;
  counter: number;
  /** UUID of the terminal that wrote the record, lowercase with hyphens */
  terminalId: string;
}

export interface SvCardState {
  activeSlot: 0 | 1;
  active: SvRecord;
  inactive: { valid: true; record: SvRecord } | { valid: false };
  /** page 5 read as no valid pointer (a torn flip): activeSlot is the valid slot with the higher counter */
  pointerTorn: boolean;
  /**
   * the inactive slot is no valid copy of the live record or of an older one (torn, or not committed),
   * or the pointer is torn
   */
  needsRepair: boolean;
}

export interface PageWrite {
  page: number;
  data: Uint8Array;
}

export interface SvWritePlan {
  next: SvRecord;
  /** the inactive slot, which the plan writes */
  slot: 0 | 1;
  /** 16 page writes, in order */
  slotPages: PageWrite[];
  /**
   * the commit: written after the read-back matched. null for a repair (the pointer stays), except when the
   * pointer is torn: then the repair rewrites it to the live slot.
   */
  pointerPage: { page: 5; data: Uint8Array } | null;
  /** read these bytes from this page after the slot pages and compare before writing the pointer */
  readBack: { page: number; bytes: Uint8Array };
}

export type SvChange =
  | { kind: 'debit' | 'topup'; amount: number; terminalId: string }
  | { kind: 'repair'; amount?: number; terminalId?: string };

export const SV_FIRST_PAGE = 4;
export const SV_PAGE_COUNT = 34;
export const SV_POINTER_PAGE = 5;
export const SV_LAYOUT_VERSION = 1;
export const SV_RECORD_VERSION = 1;
const MAGIC = [0x54, 0x50, 0x53, 0x56]; // 'TPSV'
const SLOT_FIRST_PAGE = [6, 22] as const;
const SLOT_PAGES = 16;
const RECORD_BYTES = 32;
const SLOT_BYTES = 64;
const UINT32_MAX = 0xffffffff;

const badInput = (message: string): never => {
  throw new TillpointError('invalid_params', message);
};

const isUint32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= UINT32_MAX;

function putUint32(out: Uint8Array, at: number, n: number): void {
  out[at] = (n >>> 24) & 0xff;
  out[at + 1] = (n >>> 16) & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = n & 0xff;
}

const getUint32 = (b: Uint8Array, at: number): number =>
  (b[at] as number) * 0x1000000 +
  (((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number));

function uuidBytes(uuid: string): Uint8Array {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)) {
    badInput('A terminal id must be a UUID.');
  }
  const hex = uuid.replaceAll('-', '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

function uuidString(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const asciiBytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const isSchemeId = (id: string) => /^[\x20-\x7e]{4}$/.test(id);

/** Same length and same bytes, in time that depends only on the length (no early exit on a mismatch). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

function macOf(uid: Uint8Array, record: Uint8Array, scheme: SvScheme): Uint8Array {
  const data = new Uint8Array(uid.length + RECORD_BYTES);
  data.set(uid, 0);
  data.set(record.subarray(0, RECORD_BYTES), uid.length);
  const mac = scheme.mac(scheme.key, data);
  if (mac.length !== 32) badInput('The scheme MAC must answer 32 bytes (HMAC-SHA256).');
  return mac;
}

/** The 64 bytes of a slot: the 32-byte record and its MAC. Throws invalid_params for a record it cannot hold. */
export function encodeSvRecord(uid: Uint8Array, record: SvRecord, scheme: SvScheme): Uint8Array {
  if (!isSchemeId(scheme.id) || record.schemeId !== scheme.id) {
    badInput('A record must carry its scheme id (4 ASCII characters).');
  }
  const numeric = currencyNumericCode(record.currency);
  if (numeric === null || record.currency !== scheme.currency) {
    badInput('A record must carry the scheme currency.');
  }
  if (!isUint32(record.balance) || !isUint32(record.counter)) {
    badInput('A balance and a counter must be integers 0..4294967295.');
  }
  const out = new Uint8Array(SLOT_BYTES);
  out[0] = SV_RECORD_VERSION;
  out.set(asciiBytes(record.schemeId), 1);
  const n = Number(numeric);
  out[5] = n >> 8;
  out[6] = n & 0xff;
  putUint32(out, 7, record.balance);
  putUint32(out, 11, record.counter);
  out.set(uuidBytes(record.terminalId), 15);
  out[31] = 0;
  out.set(macOf(uid, out, scheme), RECORD_BYTES);
  return out;
}

type SlotRead = NfcResult<SvRecord>;

/** One slot, checked in the order: scheme id (we hold no other scheme's key), MAC, version, currency. */
function readSlot(uid: Uint8Array, slot: Uint8Array, scheme: SvScheme): SlotRead {
  const schemeId = String.fromCharCode(...slot.subarray(1, 5));
  if (schemeId !== scheme.id) return nfcFail('card.wrong_scheme');
  if (!constantTimeEqual(macOf(uid, slot, scheme), slot.subarray(RECORD_BYTES, SLOT_BYTES))) {
    return nfcFail('card.tampered');
  }
  if (slot[0] !== SV_RECORD_VERSION) {
    return nfcFail(
      'card.not_stored_value',
      'This balance card was written by a newer till. Update this till.',
    );
  }
  const numeric = String(((slot[5] as number) << 8) | (slot[6] as number)).padStart(3, '0');
  if (numeric !== currencyNumericCode(scheme.currency)) return nfcFail('card.currency_mismatch');
  return nfcOk({
    schemeId,
    currency: scheme.currency,
    balance: getUint32(slot, 7),
    counter: getUint32(slot, 11),
    terminalId: uuidString(slot.subarray(15, 31)),
  });
}

const sameRecord = (a: SvRecord, b: SvRecord) =>
  a.schemeId === b.schemeId &&
  a.currency === b.currency &&
  a.balance === b.balance &&
  a.counter === b.counter &&
  a.terminalId === b.terminalId;

/** The card as read from pages 4..37 (136 bytes, SV_FIRST_PAGE / SV_PAGE_COUNT); never throws on the bytes. */
export function readSvCard(
  uid: Uint8Array,
  pages4to37: Uint8Array,
  scheme: SvScheme,
): NfcResult<SvCardState> {
  const bytes = pages4to37;
  if (bytes.length < SV_PAGE_COUNT * 4 || MAGIC.some((b, i) => bytes[i] !== b)) {
    return nfcFail('card.not_stored_value');
  }
  const slotRead = (slot: 0 | 1) => {
    const start = (SLOT_FIRST_PAGE[slot] - SV_FIRST_PAGE) * 4;
    return readSlot(uid, bytes.subarray(start, start + SLOT_BYTES), scheme);
  };
  const slots = [slotRead(0), slotRead(1)] as const;
  const pointer = bytes[5];
  const pointerTorn =
    bytes[4] !== SV_LAYOUT_VERSION || (pointer !== 0 && pointer !== 1) || bytes[6] !== 0 || bytes[7] !== 0;
  let activeSlot: 0 | 1;
  if (!pointerTorn) activeSlot = pointer as 0 | 1;
  else {
    const [a, b] = slots;
    activeSlot = b.ok && (!a.ok || b.value.counter > a.value.counter) ? 1 : 0;
  }
  const active = slots[activeSlot];
  if (!active.ok) return active;
  const other = slots[activeSlot === 0 ? 1 : 0];
  const inactive = other.ok ? ({ valid: true, record: other.value } as const) : ({ valid: false } as const);
  const goodCopy =
    other.ok && (other.value.counter < active.value.counter || sameRecord(other.value, active.value));
  return nfcOk({
    activeSlot,
    active: active.value,
    inactive,
    pointerTorn,
    needsRepair: pointerTorn || !goodCopy,
  });
}

const pointerData = (slot: 0 | 1) => Uint8Array.of(SV_LAYOUT_VERSION, slot, 0, 0);

function slotWrites(slot: 0 | 1, bytes: Uint8Array): PageWrite[] {
  return Array.from({ length: SLOT_PAGES }, (_, i) => ({
    page: SLOT_FIRST_PAGE[slot] + i,
    data: bytes.slice(4 * i, 4 * i + 4),
  }));
}

const amountText = (amount: number, currency: string) =>
  `${currency} ${toDecimalString({ amount, currency })}`;

/**
 * The writes of one debit, top-up or repair: the next record into the inactive slot, then (after the
 * read-back matched) the pointer. A repair copies the live record into the inactive slot and leaves the
 * pointer (rewriting it only when it is torn). Caller mistakes (an amount that is not a whole number of
 * minor units, a terminal id that is no UUID) throw invalid_params; what the card allows is a typed error.
 */
export function planSvWrite(
  uid: Uint8Array,
  state: SvCardState,
  change: SvChange,
  scheme: SvScheme,
): NfcResult<SvWritePlan> {
  const { active } = state;
  const slot: 0 | 1 = state.activeSlot === 0 ? 1 : 0;
  let next: SvRecord;
  if (change.kind === 'repair') next = active;
  else {
    const { amount } = change;
    if (!isUint32(amount)) badInput('An amount must be a whole number of minor units, 0..4294967295.');
    let balance: number;
    if (change.kind === 'debit') {
      if (active.balance < amount) {
        return nfcFail(
          'card.insufficient_balance',
          `The card balance is ${amountText(active.balance, active.currency)}, not enough for ` +
            `${amountText(amount, active.currency)}. Top it up or take another tender.`,
          { balance: active.balance, amount, currency: active.currency },
        );
      }
      balance = active.balance - amount;
    } else {
      balance = active.balance + amount;
      if (balance > scheme.maxBalance || balance > UINT32_MAX) {
        return nfcFail(
          'card.balance_limit',
          `That top-up would take the card to ${amountText(balance, active.currency)}, over its limit of ` +
            `${amountText(scheme.maxBalance, active.currency)}. Top up less.`,
          { balance: active.balance, amount, maxBalance: scheme.maxBalance, currency: active.currency },
        );
      }
    }
    if (active.counter >= UINT32_MAX) {
      return nfcFail('card.balance_limit', 'This card has taken all the changes it can. Issue a new card.');
    }
    next = { ...active, balance, counter: active.counter + 1, terminalId: change.terminalId.toLowerCase() };
  }
  const bytes = encodeSvRecord(uid, next, scheme);
  return nfcOk({
    next,
    slot,
    slotPages: slotWrites(slot, bytes),
    pointerPage:
      change.kind !== 'repair'
        ? { page: SV_POINTER_PAGE, data: pointerData(slot) }
        : state.pointerTorn
          ? { page: SV_POINTER_PAGE, data: pointerData(state.activeSlot) }
          : null,
    readBack: { page: SLOT_FIRST_PAGE[slot], bytes },
  });
}

/**
 * The writes that make a blank card (pages 4..37 writable) a stored-value card holding `record` in both
 * slots. Order for tearing: both slots, then the pointer, then the magic LAST, so a card pulled away
 * half-issued reads card.not_stored_value and is simply issued again.
 */
export function issueSvCard(uid: Uint8Array, record: SvRecord, scheme: SvScheme): PageWrite[] {
  const bytes = encodeSvRecord(uid, { ...record, terminalId: record.terminalId.toLowerCase() }, scheme);
  return [
    ...slotWrites(0, bytes),
    ...slotWrites(1, bytes),
    { page: SV_POINTER_PAGE, data: pointerData(0) },
    { page: SV_FIRST_PAGE, data: Uint8Array.from(MAGIC) },
  ];
}

/**
 * A card never shows a lower counter than one already seen for its UID: if it does, it is a restored dump,
 * a clone, or a pointer flipped back to the previous record. The same counter is the same record (a re-read).
 */
export function checkCounter(cardCounter: number, lastSeenCounter: number | null): NfcResult<void> {
  if (lastSeenCounter !== null && cardCounter < lastSeenCounter) {
    return nfcFail(
      'card.replayed',
      `This card shows an old balance (change ${cardCounter}, this till has seen ${lastSeenCounter}). ` +
        'Keep the card; call a manager.',
      { cardCounter, lastSeenCounter },
    );
  }
  return nfcOk(undefined);
}
