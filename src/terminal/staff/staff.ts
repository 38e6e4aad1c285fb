import { dirname, join } from 'node:path';
import { discountShareBps } from '../../core/permissions.js';
import type { SaleDto } from '../../shared/dto.js';
import { readOrCreateKeyFile } from '../secrets/key-file.js';
import type { SqliteDatabase } from '../store/open-store.js';
import { loadStaffConfig, type StaffConfig } from './staff-config.js';
import type { PinHashParams } from './staff-pin-hash.js';
import { createStaffService } from './staff-service.js';

/** the device secret PINs and badges are HMACed with; never copy it with a database backup */
export const STAFF_PEPPER_FILE_NAME = 'staff-pepper.key';

export interface StaffDeps {
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly staffConfig?: StaffConfig;
  readonly now: () => Date;
  /** the sale an amount discount is judged against */
  readonly sale: (saleId: string) => SaleDto;
  readonly staffHashParams?: PinHashParams;
  /** the hub's staff key (the sync store keeps it sealed), for staff the hub published */
  readonly orgPepper?: () => Buffer | null;
}

/**
 * The staff part of the terminal: the service with its pepper in `<data>/staff-pepper.key` (0600, made on
 * first use, beside secret.key and like it outside the database), and an amount discount's share judged
 * against the line's gross, or the ticket's gross after line discounts.
 */
export function createStaff(deps: StaffDeps) {
  let pepper: Buffer | null = null;
  return createStaffService({
    db: deps.db,
    file: deps.file,
    // staff.json beside the database (createTerminal's tests pass staffConfig instead)
    config: deps.staffConfig ?? loadStaffConfig(dirname(deps.file)),
    now: deps.now,
    ...(deps.staffHashParams ? { hashParams: deps.staffHashParams } : {}),
    pepper: () => (pepper ??= readOrCreateKeyFile(join(dirname(deps.file), STAFF_PEPPER_FILE_NAME))),
    orgPepper: deps.orgPepper ?? (() => null),
    amountShareBps(saleId, lineId, amount) {
      const sale = deps.sale(saleId);
      const lines = lineId === null ? sale.lines : sale.lines.filter((l) => l.id === lineId);
      const base = lines.reduce(
        (sum, l) => sum + l.gross.amount - (lineId === null ? l.lineDiscount.amount : 0),
        0,
      );
      return discountShareBps(amount, base);
    },
  });
}
