import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DiscountDto, ProductDto, SaleDto } from '../../shared/dto.js';
import type { ApiError, Result } from '../../shared/result.js';
import type { MessageParams } from '../i18n/translate.js';
import { useApi } from './api-context.js';
import { changedLine } from './changed-line.js';

export interface SaleActions {
  /** The open ticket, or null before the first item. */
  readonly sale: SaleDto | null;
  /** The line the last add or scan touched, to highlight and scroll to. */
  readonly touchedLineId: string | null;
  readonly addProduct: (product: ProductDto) => Promise<void>;
  readonly scan: (barcode: string) => Promise<void>;
  readonly setQuantity: (lineId: string, quantity: number) => Promise<void>;
  /** Answers the error (shown by the dialog that asked), or null when applied. */
  readonly setLineDiscount: (lineId: string, discount: DiscountDto | null) => Promise<ApiError | null>;
  readonly setTicketDiscount: (discount: DiscountDto | null) => Promise<ApiError | null>;
  readonly voidSale: () => Promise<ApiError | null>;
  /** Attaches a member (their discount becomes the ticket discount), or detaches with null. */
  readonly setCustomer: (customerId: string | null) => Promise<ApiError | null>;
  /** The completed sale, or the error; on error the ticket stays open. */
  readonly completeCash: (tendered: number) => Promise<Result<SaleDto>>;
  /** Split tender: `amount` in cash as a part of what is left; the sale, open with the part or completed. */
  readonly payCashPart: (amount: number) => Promise<Result<SaleDto>>;
  /**
   * Asks the terminal for the open ticket again: after a wallet payment the terminal completed the sale
   * itself (payment.changed 'succeeded'), so the screen's ticket is stale.
   */
  readonly refresh: () => Promise<void>;
}

export interface SaleReporter {
  readonly inform: (key: 'added' | 'scanned' | 'voided', params: MessageParams) => void;
  readonly fail: (error: ApiError, params?: MessageParams) => void;
}

/**
 * The open ticket. Calls run one after another (a chain of promises): a scan arriving while sale.start is
 * still on its way must add to that same ticket, not race it. Every change shown comes from the service's
 * answer — the ticket on screen is what SQLite holds.
 */
export function useSale(report: SaleReporter): SaleActions {
  const api = useApi();
  const [sale, setSale] = useState<SaleDto | null>(null);
  const [touchedLineId, setTouchedLineId] = useState<string | null>(null);
  const current = useRef<SaleDto | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const reportRef = useRef(report);
  useEffect(() => {
    reportRef.current = report;
  }, [report]);

  const show = useCallback((next: SaleDto | null) => {
    const open = next && next.state === 'open' ? next : null;
    current.current = open;
    setSale(open);
  }, []);

  const serial = useCallback(<T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.current.then(task, task);
    chain.current = run.catch(() => undefined);
    return run;
  }, []);

  useEffect(() => {
    void serial(async () => {
      const result = await api['sale.current']({});
      if (result.ok) show(result.value);
      else reportRef.current.fail(result.error);
    });
  }, [api, serial, show]);

  /** The open ticket's id, starting one if there is none. */
  const openSaleId = useCallback(async (): Promise<Result<string>> => {
    if (current.current) return { ok: true, value: current.current.id };
    const started = await api['sale.start']({});
    if (!started.ok) return started;
    show(started.value);
    return { ok: true, value: started.value.id };
  }, [api, show]);

  /** After an error the ticket may have changed under us (completed or voided elsewhere): ask again. */
  const resync = useCallback(async () => {
    const result = await api['sale.current']({});
    if (result.ok) show(result.value);
  }, [api, show]);

  const apply = useCallback(
    async (result: Result<SaleDto>): Promise<ApiError | null> => {
      if (result.ok) {
        show(result.value);
        return null;
      }
      if (result.error.code === 'sale.illegal_transition' || result.error.code === 'sale.not_found') {
        await resync();
      }
      return result.error;
    },
    [resync, show],
  );

  const addProduct = useCallback(
    (product: ProductDto) =>
      serial(async () => {
        const id = await openSaleId();
        if (!id.ok) return reportRef.current.fail(id.error);
        const before = current.current?.lines ?? [];
        const result = await api['sale.addProduct']({ saleId: id.value, productId: product.id });
        const error = await apply(result);
        if (error) return reportRef.current.fail(error, { name: product.name });
        if (result.ok) setTouchedLineId(changedLine(before, result.value.lines)?.id ?? null);
        reportRef.current.inform('added', { name: product.name });
      }),
    [api, apply, openSaleId, serial],
  );

  const scan = useCallback(
    (barcode: string) =>
      serial(async () => {
        const id = await openSaleId();
        if (!id.ok) return reportRef.current.fail(id.error);
        const before = current.current?.lines ?? [];
        const result = await api['sale.scan']({ saleId: id.value, barcode });
        const error = await apply(result);
        if (error) return reportRef.current.fail(error, { barcode });
        const line = result.ok ? changedLine(before, result.value.lines) : undefined;
        setTouchedLineId(line?.id ?? null);
        reportRef.current.inform('scanned', { barcode, name: line?.name ?? barcode });
      }),
    [api, apply, openSaleId, serial],
  );

  const setQuantity = useCallback(
    (lineId: string, quantity: number) =>
      serial(async () => {
        const saleId = current.current?.id;
        if (!saleId) return;
        const error = await apply(await api['sale.setQuantity']({ saleId, lineId, quantity }));
        if (error) reportRef.current.fail(error);
      }),
    [api, apply, serial],
  );

  const setLineDiscount = useCallback(
    (lineId: string, discount: DiscountDto | null) =>
      serial(async () => {
        const saleId = current.current?.id;
        if (!saleId) return null;
        return apply(await api['sale.setLineDiscount']({ saleId, lineId, discount }));
      }),
    [api, apply, serial],
  );

  const setTicketDiscount = useCallback(
    (discount: DiscountDto | null) =>
      serial(async () => {
        const saleId = current.current?.id;
        if (!saleId) return null;
        return apply(await api['sale.setTicketDiscount']({ saleId, discount }));
      }),
    [api, apply, serial],
  );

  const voidSale = useCallback(
    () =>
      serial(async () => {
        const saleId = current.current?.id;
        if (!saleId) return null;
        const result = await api['sale.void']({ saleId });
        const error = await apply(result);
        if (!error) reportRef.current.inform('voided', {});
        return error;
      }),
    [api, apply, serial],
  );

  const setCustomer = useCallback(
    (customerId: string | null) =>
      serial(async () => {
        const saleId = current.current?.id;
        if (!saleId) return null;
        return apply(await api['sale.setCustomer']({ saleId, customerId }));
      }),
    [api, apply, serial],
  );

  const completeCash = useCallback(
    (tendered: number) =>
      serial(async (): Promise<Result<SaleDto>> => {
        const saleId = current.current?.id;
        if (!saleId) return { ok: false, error: { code: 'sale.empty', message: 'The ticket is empty.' } };
        const result = await api['sale.complete']({ saleId, tender: { method: 'cash', tendered } });
        await apply(result);
        return result;
      }),
    [api, apply, serial],
  );

  const payCashPart = useCallback(
    (amount: number) =>
      serial(async (): Promise<Result<SaleDto>> => {
        const saleId = current.current?.id;
        if (!saleId) return { ok: false, error: { code: 'sale.empty', message: 'The ticket is empty.' } };
        const result = await api['sale.payCash']({ saleId, tendered: amount, amount });
        await apply(result);
        return result;
      }),
    [api, apply, serial],
  );

  const refresh = useCallback(() => serial(resync), [resync, serial]);

  return useMemo(
    () => ({
      sale,
      touchedLineId,
      addProduct,
      scan,
      setQuantity,
      setLineDiscount,
      setTicketDiscount,
      voidSale,
      setCustomer,
      completeCash,
      payCashPart,
      refresh,
    }),
    [
      sale,
      touchedLineId,
      addProduct,
      scan,
      setQuantity,
      setLineDiscount,
      setTicketDiscount,
      voidSale,
      setCustomer,
      completeCash,
      payCashPart,
      refresh,
    ],
  );
}
