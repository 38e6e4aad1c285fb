import type { SqliteDatabase } from './open-store.js';

/** One debit, top-up or credit-back of a stored-value card, as sv_transactions holds it. */
export interface SvTransaction {
  readonly id: string;
  readonly cardUid: string;
  readonly schemeId: string;
  readonly kind: 'debit' | 'topup' | 'credit-back';
  readonly saleId: string | null;
  readonly amount: number;
  readonly currency: string;
  readonly balanceBefore: number;
  readonly balanceAfter: number;
  readonly counterBefore: number;
  readonly counterAfter: number;
  readonly state: SvTransactionState;
  readonly tendered: number | null;
  readonly change: number | null;
  readonly terminalId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type SvTransactionState = 'pending' | 'committed' | 'aborted' | 'abandoned';

interface Row {
  id: string;
  card_uid: string;
  scheme_id: string;
  kind: SvTransaction['kind'];
  sale_id: string | null;
  amount: number;
  currency: string;
  balance_before: number;
  balance_after: number;
  counter_before: number;
  counter_after: number;
  state: SvTransactionState;
  tendered: number | null;
  change: number | null;
  terminal_id: string;
  created_at: string;
  updated_at: string;
}

const toTransaction = (r: Row): SvTransaction => ({
  id: r.id,
  cardUid: r.card_uid,
  schemeId: r.scheme_id,
  kind: r.kind,
  saleId: r.sale_id,
  amount: r.amount,
  currency: r.currency,
  balanceBefore: r.balance_before,
  balanceAfter: r.balance_after,
  counterBefore: r.counter_before,
  counterAfter: r.counter_after,
  state: r.state,
  tendered: r.tendered,
  change: r.change,
  terminalId: r.terminal_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What the till last saw on a card: the highest counter is the replay / clone check. */
export interface SvCardSeen {
  readonly cardUid: string;
  readonly schemeId: string;
  readonly lastCounter: number;
  readonly lastBalance: number;
  readonly currency: string;
}

/** The SQL side of stored-value cards; every write is meant to run inside the caller's transaction. */
export function createSvStore(db: SqliteDatabase) {
  const q = {
    insert: db.prepare(
      `INSERT INTO sv_transactions (id, card_uid, scheme_id, kind, sale_id, amount, currency, balance_before,
         balance_after, counter_before, counter_after, state, tendered, change, terminal_id, created_at, updated_at)
       VALUES (@id, @cardUid, @schemeId, @kind, @saleId, @amount, @currency, @balanceBefore, @balanceAfter,
         @counterBefore, @counterAfter, @state, @tendered, @change, @terminalId, @createdAt, @updatedAt)`,
    ),
    setState: db.prepare(
      `UPDATE sv_transactions SET state = ?, updated_at = ? WHERE id = ? AND state IN ('pending', 'abandoned')`,
    ),
    byId: db.prepare('SELECT * FROM sv_transactions WHERE id = ?'),
    openForCard: db.prepare(
      `SELECT * FROM sv_transactions WHERE card_uid = ? AND state IN ('pending', 'abandoned')`,
    ),
    pendingForSale: db.prepare(`SELECT * FROM sv_transactions WHERE sale_id = ? AND state = 'pending'`),
    unfinished: db.prepare(
      `SELECT * FROM sv_transactions WHERE state IN ('pending', 'abandoned') ORDER BY created_at`,
    ),
    forCard: db.prepare(
      'SELECT * FROM sv_transactions WHERE card_uid = ? ORDER BY counter_after, created_at',
    ),
    seen: db.prepare(
      'SELECT card_uid, scheme_id, last_counter, last_balance, currency FROM sv_cards WHERE card_uid = ?',
    ),
    upsertSeen: db.prepare(
      `INSERT INTO sv_cards (card_uid, scheme_id, last_counter, last_balance, currency, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (card_uid) DO UPDATE SET scheme_id = excluded.scheme_id, last_counter = excluded.last_counter,
         last_balance = excluded.last_balance, currency = excluded.currency, updated_at = excluded.updated_at
       WHERE excluded.last_counter >= sv_cards.last_counter`,
    ),
  };
  const one = (row: unknown): SvTransaction | null => (row ? toTransaction(row as Row) : null);
  return {
    insert(t: SvTransaction): void {
      q.insert.run(t);
    },
    /** Settles an open transaction; false when it was no longer open (settled by someone else). */
    setState(id: string, state: SvTransactionState, at: string): boolean {
      return q.setState.run(state, at, id).changes === 1;
    },
    byId: (id: string): SvTransaction | null => one(q.byId.get(id)),
    openForCard: (uid: string): SvTransaction | null => one(q.openForCard.get(uid)),
    pendingForSale: (saleId: string): SvTransaction | null => one(q.pendingForSale.get(saleId)),
    unfinished: (): SvTransaction[] => (q.unfinished.all() as Row[]).map(toTransaction),
    forCard: (uid: string): SvTransaction[] => (q.forCard.all(uid) as Row[]).map(toTransaction),
    seen(uid: string): SvCardSeen | null {
      const r = q.seen.get(uid) as
        | {
            card_uid: string;
            scheme_id: string;
            last_counter: number;
            last_balance: number;
            currency: string;
          }
        | undefined;
      return r
        ? {
            cardUid: r.card_uid,
            schemeId: r.scheme_id,
            lastCounter: r.last_counter,
            lastBalance: r.last_balance,
            currency: r.currency,
          }
        : null;
    },
    /** Remembers the highest counter seen on a card (never lowers it). */
    recordSeen(seen: SvCardSeen, at: string): void {
      q.upsertSeen.run(seen.cardUid, seen.schemeId, seen.lastCounter, seen.lastBalance, seen.currency, at);
    },
  };
}

export type SvStore = ReturnType<typeof createSvStore>;
