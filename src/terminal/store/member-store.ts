import type { CustomerDto } from '../../shared/dto.js';
import type { SqliteDatabase } from './open-store.js';
import { toCustomer, type CustomerRow } from './sale-store.js';

/** Members of the shop's membership scheme, found by their card's UID. */
export function createMemberStore(db: SqliteDatabase) {
  const columns = 'id, name, card_uid, discount_bps, points';
  const q = {
    byUid: db.prepare(`SELECT ${columns} FROM customers WHERE card_uid = ?`),
    byId: db.prepare(`SELECT ${columns} FROM customers WHERE id = ?`),
    list: db.prepare(`SELECT ${columns} FROM customers ORDER BY name, id`),
    count: db.prepare('SELECT count(*) FROM customers').pluck(),
    insert: db.prepare(
      `INSERT INTO customers (id, name, card_uid, discount_bps, points, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    addPoints: db.prepare('UPDATE customers SET points = points + ? WHERE id = ?'),
  };
  const one = (row: unknown): CustomerDto | null => (row ? toCustomer(row as CustomerRow) : null);
  return {
    byUid: (uid: string): CustomerDto | null => one(q.byUid.get(uid)),
    byId: (id: string): CustomerDto | null => one(q.byId.get(id)),
    list: (): CustomerDto[] => (q.list.all() as CustomerRow[]).map(toCustomer),
    count: (): number => q.count.get() as number,
    insert(customer: CustomerDto, at: string): void {
      q.insert.run(customer.id, customer.name, customer.cardUid, customer.discountBps, customer.points, at);
    },
    addPoints(id: string, points: number): void {
      q.addPoints.run(points, id);
    },
  };
}

export type MemberStore = ReturnType<typeof createMemberStore>;
