import type { HubStore } from './hub-store.js';
import type { JournalHeadStatus, StoredJournalHead } from './journal-heads.js';

/** One till's journal as the hub sees it: `tillpoint hub journal verify` prints one of these per till. */
export interface TillJournalAtHub {
  readonly terminalId: string;
  readonly name: string;
  /** the furthest head the till ever reported (null: it never sent one) */
  readonly furthest: { readonly seq: number; readonly hash: string } | null;
  /** the head it reported last */
  readonly latest: { readonly seq: number; readonly hash: string; readonly status: JournalHeadStatus } | null;
  readonly heads: number;
  /** every head that was not ok, oldest first: a restored backup, a fork, a closing that did not verify */
  readonly problems: readonly StoredJournalHead[];
}

export async function journalReport(store: HubStore): Promise<TillJournalAtHub[]> {
  const [terminals, heads] = await Promise.all([store.terminals(), store.journalHeads()]);
  return terminals.map((t) => {
    const own = heads.filter((h) => h.terminalId === t.id);
    const byTime = [...own].sort((a, b) =>
      a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : 0,
    );
    const top = own.reduce<StoredJournalHead | null>((m, h) => (m === null || h.seq > m.seq ? h : m), null);
    const last = byTime[byTime.length - 1];
    return {
      terminalId: t.id,
      name: t.name,
      furthest: top ? { seq: top.seq, hash: top.hash } : null,
      latest: last ? { seq: last.seq, hash: last.hash, status: last.status } : null,
      heads: own.length,
      problems: byTime.filter((h) => h.status !== 'ok'),
    };
  });
}
