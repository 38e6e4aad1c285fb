import { z } from 'zod';
import { customerDto, moneyDto, problemDto, saleDto, uuid } from './dto.js';

/** Wire shapes of NFC readers, card taps and stored-value card sessions (re-exported by dto.ts). */

export const cardIdentityDto = z.object({
  reader: z.string(),
  /** upper-case hex */
  uid: z.string(),
  atr: z.string(),
  standard: z.enum(['TAG_ISO_14443_3', 'TAG_ISO_14443_4']),
});
export type CardIdentityDto = z.infer<typeof cardIdentityDto>;

export const nfcStatusDto = z.object({
  /**
   * off: NFC is disabled on this till; unavailable: pcscd is not running (the till keeps trying);
   * not-installed: the PC/SC binding (nfc-pcsc, built with libpcsclite-dev) is missing
   */
  service: z.enum(['off', 'running', 'unavailable', 'not-installed']),
  readers: z.array(z.object({ name: z.string(), card: cardIdentityDto.nullable() })),
});
export type NfcStatusDto = z.infer<typeof nfcStatusDto>;

/** What a tap outside a stored-value operation meant: a member attached, a balance shown, a bank card refused. */
export const nfcTapDto = z.object({
  card: cardIdentityDto,
  /** staff-badge: a card a member of staff owns; its UID is blanked (every screen, the customer's too, gets taps) */
  kind: z.enum(['staff-badge', 'member', 'stored-value', 'bank-card', 'tag', 'unknown']),
  /** staff-badge: the one-time token staff.signIn / staff.approve take as { badgeTap } (lapses in seconds) */
  badgeTap: z.string().optional(),
  /** the member whose card this is, if any */
  customer: customerDto.nullable(),
  /** the sale the member was attached to, if one was open */
  attachedToSaleId: uuid.nullable(),
  /** a stored-value card's balance */
  balance: moneyDto.nullable(),
  /** a bank card's applications (AID and label; nothing else of it is read) */
  applications: z.array(z.object({ aid: z.string(), label: z.string().nullable() })),
  /** why the tap did nothing, or what the cashier must do (nfc.bank_card: use the card terminal) */
  problem: problemDto.nullable(),
});
export type NfcTapDto = z.infer<typeof nfcTapDto>;

export const svSessionStateDto = z.enum([
  /** waiting for the card to be tapped */
  'waiting',
  /** the card was read: balance and new balance are shown, waiting for the cashier's confirm */
  'ready',
  /** writing to the card */
  'writing',
  /** the card left during the write; tap the same card again to finish (or undo) it */
  'interrupted',
  'done',
  'cancelled',
]);

/** One debit (pay a sale) or top-up (cash in, value onto the card) of a stored-value card. */
export const svSessionDto = z.object({
  id: uuid,
  kind: z.enum(['pay', 'topup']),
  saleId: uuid.nullable(),
  state: svSessionStateDto,
  /** taken off (pay) or put on (topup) the card */
  amount: moneyDto,
  /** topup: the cash handed over and the change */
  tendered: moneyDto.nullable(),
  change: moneyDto.nullable(),
  card: z
    .object({
      uid: z.string(),
      /** true when the tap found a blank tag that a top-up would issue as a new card */
      blank: z.boolean(),
      balance: moneyDto,
      newBalance: moneyDto,
    })
    .nullable(),
  /** what stops the operation now (insufficient balance, card removed ...); the session stays usable */
  problem: problemDto.nullable(),
  /** the completed sale, once paid */
  sale: saleDto.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SvSessionDto = z.infer<typeof svSessionDto>;
