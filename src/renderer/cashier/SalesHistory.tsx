import { useEffect, useRef, useState } from 'react';
import type { SaleSummaryDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { SaleDetails } from './SaleDetails.js';

const PAGE = 50;

/** A sale to open from outside the list (a scanned receipt): searched by its code, its Return dialog open. */
export interface HistoryRequest {
  readonly saleId: string;
  readonly query: string;
  /** a new number for each scan, so scanning the same receipt again opens the dialog again */
  readonly seq: number;
}

/**
 * Past sales, newest first, searchable by receipt number, receipt code or product; a row opens the sale's
 * details. `request` opens one sale with its Return dialog.
 */
export function SalesHistory({ request = null }: { readonly request?: HistoryRequest | null }) {
  const api = useApi();
  const { t, money, time, error: errorText } = useI18n();
  const [query, setQuery] = useState(request?.query ?? '');
  const [sales, setSales] = useState<readonly SaleSummaryDto[]>([]);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(request?.saleId ?? null);
  const latest = useRef(0);

  useEffect(() => {
    if (!request) return;
    setQuery(request.query);
    setSelected(request.saleId);
  }, [request]);

  const load = async (append: boolean) => {
    const request = ++latest.current;
    // Page on from the last receipt number shown (voided tickets have none).
    const beforeNumber = append ? sales.findLast((sale) => sale.number !== null)?.number : undefined;
    const params = {
      query: query.trim() || undefined,
      limit: PAGE,
      ...(beforeNumber != null ? { beforeNumber } : {}),
    };
    const result = await api['sales.list'](params);
    if (request !== latest.current) return;
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    setSales((previous) => (append ? [...previous, ...result.value] : result.value));
    setMore(result.value.length === PAGE);
  };

  useEffect(() => {
    void load(false);
    // Reload on every keystroke of the search; `load` reads the query it closes over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, query]);

  const rowText = (sale: SaleSummaryDto) => {
    const params = {
      number: sale.number ?? '',
      time: time(sale.completedAt ?? sale.createdAt),
      total: money(sale.total),
      items: sale.itemCount,
      state:
        sale.refund === 'refunded'
          ? t('receipt.refunded')
          : sale.refund === 'pending'
            ? t('history.refundPending')
            : t(`state.${sale.state}`),
    };
    return sale.number === null ? t('history.rowVoided', params) : t('history.row', params);
  };

  return (
    <section aria-labelledby="history-title" className="history-screen">
      <div className="history-list">
        <h2 id="history-title">{t('history.title')}</h2>
        <div className="search">
          <label htmlFor="sales-search">{t('history.search')}</label>
          <input
            id="sales-search"
            type="search"
            autoComplete="off"
            placeholder={t('history.searchHint')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        {problem && <p role="alert">{errorText(problem)}</p>}
        {sales.length === 0 ? (
          <p className="empty">{t('history.none')}</p>
        ) : (
          <ul aria-label={t('history.list')} className="sales-list">
            {sales.map((sale) => (
              <li key={sale.id}>
                <button
                  type="button"
                  aria-pressed={selected === sale.id}
                  className={`sale-row state-${sale.state}`}
                  onClick={() => setSelected(sale.id)}
                >
                  {rowText(sale)}
                </button>
              </li>
            ))}
          </ul>
        )}
        {more && (
          <button type="button" onClick={() => void load(true)}>
            {t('history.more')}
          </button>
        )}
      </div>
      {selected && (
        <SaleDetails
          saleId={selected}
          onBack={() => setSelected(null)}
          onChanged={() => void load(false)}
          returnRequest={request?.saleId === selected ? request.seq : undefined}
        />
      )}
    </section>
  );
}
