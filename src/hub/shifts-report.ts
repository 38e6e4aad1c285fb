import { shiftClosedPayload, type ShiftReportDto } from '../shared/shift-dto.js';
import type { HubStore } from './hub-store.js';

/** One closed shift as the hub received it: the Z report (charts left out of the listing) and where from. */
export interface ShiftRow {
  readonly terminalId: string;
  readonly terminalName: string;
  readonly hubSeq: number;
  readonly receivedAt: string;
  readonly zNumber: number;
  readonly report: ShiftReportDto;
}

export interface ShiftsReport {
  readonly shifts: ShiftRow[];
}

const pageSize = 500;

/**
 * Every shift.closed entry the terminals synced, in the order the hub accepted them (hub_seq), read page by
 * page. The entries are the hub's own rows (the same table as sales, on SQLite and PostgreSQL alike); the
 * payload was checked against the contract when it was accepted, and is parsed again here.
 */
export async function shiftsReport(store: HubStore, terminalId?: string): Promise<ShiftsReport> {
  const names = new Map((await store.terminals()).map((t) => [t.id, t.name]));
  const shifts: ShiftRow[] = [];
  for (let after = 0; ;) {
    const page = await store.entriesAfter(after, pageSize, 'shift.closed');
    for (const entry of page) {
      if (terminalId !== undefined && entry.terminalId !== terminalId) continue;
      const { report } = shiftClosedPayload.parse(JSON.parse(entry.payload));
      shifts.push({
        terminalId: entry.terminalId,
        terminalName: names.get(entry.terminalId) ?? '',
        hubSeq: entry.hubSeq,
        receivedAt: entry.receivedAt,
        zNumber: report.close?.zNumber ?? 0,
        report,
      });
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.hubSeq;
  }
  return { shifts };
}
