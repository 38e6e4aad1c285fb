import { z } from 'zod';
import { billerDto, billPaymentDto, billStateDto } from './bill-dto.js';
import { none, read, self, write } from './contract-method.js';
import { minorUnits, saleDto, uuid } from './dto.js';

const billRef = z.object({ billId: uuid }).strict();

/**
 * Utility bill payment at the counter and the kiosk: choose the biller, scan the bill's payment slip or type
 * the account, look the bill up, the customer confirms, the ticket is paid with any tender, then the biller
 * is paid (its confirmation number goes on the receipt). Open to the kiosk (`self`), except the list.
 */
export const billMethods = {
  'bill.billers': self(none, z.array(billerDto)),
  /**
   * Looks a bill up at the biller: by biller and account number, or by the scanned payment slip (GS1 AIs
   * 415/8020/390n/12; the AIM prefix ]C1 and the scanner's GS substitute accepted). Offline, only a
   * prepayment to a biller that takes one is offered.
   */
  'bill.lookup': self(
    z
      .object({
        billerId: z.string().min(1).max(64).optional(),
        account: z.string().trim().min(1).max(64).optional(),
        slip: z.string().min(1).max(200).optional(),
      })
      .strict()
      .refine((p) => p.slip !== undefined || (p.billerId !== undefined && p.account !== undefined), {
        message: 'a slip, or a biller and an account',
      }),
    billPaymentDto,
  ),
  /** The customer confirmed: the bill goes on a ticket of its own (`amount`: a prepayment's amount). */
  'bill.confirm': self(
    z.object({ billId: uuid, amount: minorUnits.pipe(z.number().min(1)).optional() }).strict(),
    saleDto,
  ),
  /** After its ticket completed: pays the biller (same idempotency key on every try). */
  'bill.pay': self(billRef, billPaymentDto),
  'bill.get': self(billRef, billPaymentDto),
  /** The bill on the open ticket or being confirmed, for the customer display. */
  'bill.current': read(none, billPaymentDto.nullable()),
  'bill.list': write(
    z
      .object({
        states: z.array(billStateDto).min(1).optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    z.array(billPaymentDto),
  ),
} as const;
