import type { SaleLineDto } from '../../shared/dto.js';

/**
 * The line an add or a scan touched: a line that is new, else one whose quantity grew. Found by comparing
 * the ticket before and after rather than by barcode, because the service may normalise a scanned code
 * (UPC-A read as EAN-13 with a leading 0) and a product can be added without one.
 */
export function changedLine(
  before: readonly SaleLineDto[],
  after: readonly SaleLineDto[],
): SaleLineDto | undefined {
  const previous = new Map(before.map((line) => [line.id, line.quantity]));
  return (
    after.find((line) => !previous.has(line.id)) ??
    after.find((line) => line.quantity > (previous.get(line.id) ?? line.quantity))
  );
}
