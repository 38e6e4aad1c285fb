import type { SqliteDatabase } from './open-store.js';
import { appendJournal } from './journal-store.js';

export interface TerminalSettings {
  readonly terminalId: string;
  readonly name: string;
  readonly currency: string;
  readonly locale: string;
}

export function readSettings(db: SqliteDatabase): TerminalSettings | null {
  const row = db.prepare('SELECT terminal_id, name, currency, locale FROM terminal WHERE id = 1').get() as
    { terminal_id: string; name: string; currency: string; locale: string } | undefined;
  return row
    ? { terminalId: row.terminal_id, name: row.name, currency: row.currency, locale: row.locale }
    : null;
}

export function insertSettings(db: SqliteDatabase, settings: TerminalSettings, createdAt: string): void {
  db.prepare(
    `INSERT INTO terminal (id, terminal_id, name, currency, locale, last_receipt_number, created_at)
     VALUES (1, ?, ?, ?, ?, 0, ?)`,
  ).run(settings.terminalId, settings.name, settings.currency, settings.locale, createdAt);
}

export function renameTerminal(db: SqliteDatabase, name: string, at: string): void {
  db.prepare('UPDATE terminal SET name = ? WHERE id = 1').run(name);
  appendJournal(db, { kind: 'config.changed', saleId: null, data: { setting: 'name', value: name }, at });
}

/** The language of the till's screens and receipts (serve --lang, TILLPOINT_LANG). */
export function setTerminalLocale(db: SqliteDatabase, locale: string, at: string): void {
  db.prepare('UPDATE terminal SET locale = ? WHERE id = 1').run(locale);
  appendJournal(db, { kind: 'config.changed', saleId: null, data: { setting: 'locale', value: locale }, at });
}

/** The next receipt number; call inside the completing transaction so numbers have no gaps or repeats. */
export function takeReceiptNumber(db: SqliteDatabase): number {
  const row = db
    .prepare(
      'UPDATE terminal SET last_receipt_number = last_receipt_number + 1 WHERE id = 1 RETURNING last_receipt_number',
    )
    .get() as { last_receipt_number: number } | undefined;
  if (!row) throw new Error('the terminal row is missing');
  return row.last_receipt_number;
}

export function countOutboxPending(db: SqliteDatabase): number {
  return db.prepare(`SELECT count(*) FROM outbox WHERE state = 'queued'`).pluck().get() as number;
}
