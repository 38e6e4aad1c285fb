import type { SaleDto } from '../shared/dto.js';
import type { SaleService } from './sale-service.js';

/**
 * The sale service with every committed change of a ticket announced (the contract's `sale.changed`), so a
 * customer display follows the terminal without polling. Each sale method writes its transaction before
 * it returns, so the announcement always comes after the commit; a refused change throws and announces
 * nothing. The payment runner and the stored-value settlement complete sales through `completeWith`, so a
 * wallet or card payment announces the completed sale (or its paid part) too.
 */
export function announcingSaleChanges(sales: SaleService, announce: (sale: SaleDto) => void): SaleService {
  const told = (sale: SaleDto): SaleDto => {
    announce(sale);
    return sale;
  };
  return {
    ...sales,
    start: () => told(sales.start()),
    addProduct: (saleId, productId, quantity) => told(sales.addProduct(saleId, productId, quantity)),
    scan: (saleId, barcode) => told(sales.scan(saleId, barcode)),
    setQuantity: (saleId, lineId, quantity) => told(sales.setQuantity(saleId, lineId, quantity)),
    setLineDiscount: (saleId, lineId, discount) => told(sales.setLineDiscount(saleId, lineId, discount)),
    setTicketDiscount: (saleId, discount) => told(sales.setTicketDiscount(saleId, discount)),
    setCustomer: (saleId, customer) => told(sales.setCustomer(saleId, customer)),
    void: (saleId) => told(sales.void(saleId)),
    complete: (saleId, tender, cashier) => told(sales.complete(saleId, tender, cashier)),
    payCash: (saleId, tendered, amount, cashier) => told(sales.payCash(saleId, tendered, amount, cashier)),
    voidWith: (saleId, givingBack) => told(sales.voidWith(saleId, givingBack)),
    completeWith: (saleId, makePayment, alsoInTransaction, cashier) => {
      const done = sales.completeWith(saleId, makePayment, alsoInTransaction, cashier);
      announce(done.dto);
      return done;
    },
  };
}
