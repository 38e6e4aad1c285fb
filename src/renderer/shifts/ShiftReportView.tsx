import type { ReactNode } from 'react';
import type { ShiftReportWithChartsDto } from '../../shared/shift-dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { walletName } from '../i18n/wallet-name.js';

type Report = ShiftReportWithChartsDto['report'];
type Tender = Report['totals']['tenders'][number];

/** An SVG the terminal drew (echarts), shown as an image: never inserted as markup into the page. */
const svgSource = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function Row({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

/** The X or Z report as a document: the same numbers the hub receives, with the two charts. */
export function ShiftReportView({ value }: { readonly value: ShiftReportWithChartsDto }) {
  const { t, money, dateTime } = useI18n();
  const { report, charts } = value;
  const r = report.totals;
  const m = (amount: number) => money({ amount, currency: report.currency });
  const times = (count: number, amount: number) => t('report.countAmount', { count, amount: m(amount) });
  const tenderName = (g: Tender) =>
    g.tender === 'wallet'
      ? walletName(t, g.name ?? '')
      : g.tender === 'bank-qr'
        ? t('report.tender.bank-qr', { name: g.name ?? '' })
        : g.tender === 'cash'
          ? t('report.tender.cash')
          : t('report.tender.stored-value');
  const close = report.close;
  const title = close ? t('report.zTitle', { number: close.zNumber }) : t('report.xTitle');
  return (
    <article className="shift-report" aria-label={title}>
      <div className="report-body">
        <h2>{title}</h2>
        <p>
          {t('report.period', {
            from: dateTime(report.openedAt),
            to: dateTime(close?.closedAt ?? new Date().toISOString()),
          })}
        </p>
        {report.openedBy && <p>{t('report.openedBy', { name: report.openedBy.name })}</p>}
        {close?.closedBy && <p>{t('report.closedBy', { name: close.closedBy.name })}</p>}
        <table className="report-table">
          <tbody>
            <Row label={t('report.sales')}>
              {t('report.salesCount', { count: r.sales.count })} · {m(r.sales.total)}
            </Row>
            <Row label={t('report.receipts')}>
              {r.receipts.first === null
                ? t('report.noReceipts')
                : t('report.receiptRange', {
                    first: r.receipts.first,
                    last: r.receipts.last ?? r.receipts.first,
                  })}
            </Row>
          </tbody>
        </table>
        <h3>{t('report.tenders')}</h3>
        <table className="report-table">
          <tbody>
            {r.tenders.map((g) => (
              <Row key={`${g.tender}:${g.name ?? ''}`} label={tenderName(g)}>
                {times(g.count, g.amount)}
              </Row>
            ))}
            <Row label={t('report.refunds')}>{times(r.refunds.count, r.refunds.amount)}</Row>
            <Row label={t('report.voids')}>{times(r.voids.count, r.voids.amount)}</Row>
            {r.rounding && r.rounding.count > 0 && (
              <Row label={t('report.rounding')}>{times(r.rounding.count, r.rounding.amount)}</Row>
            )}
            <Row label={t('report.discounts')}>{m(r.discounts)}</Row>
            {r.promotions.map((p) => (
              <Row key={p.label} label={`${t('report.promotions')}: ${p.label}`}>
                {times(p.count, p.amount)}
              </Row>
            ))}
            <Row label={t('report.topUps')}>{times(r.topUps.count, r.topUps.amount)}</Row>
            {r.billPayments && r.billPayments.count > 0 && (
              <Row label={t('report.billPayments')}>{times(r.billPayments.count, r.billPayments.amount)}</Row>
            )}
            {r.billRefundsOwed && r.billRefundsOwed.count > 0 && (
              <Row label={t('report.billRefundsOwed')}>
                {times(r.billRefundsOwed.count, r.billRefundsOwed.amount)}
              </Row>
            )}
          </tbody>
        </table>
        {r.taxes.length > 0 && (
          <>
            <h3>{t('report.taxes')}</h3>
            <table className="report-table">
              <tbody>
                {r.taxes.map((x) => (
                  <Row key={x.rateId} label={x.name}>
                    {t('report.taxLine', { tax: m(x.tax), total: m(x.total) })}
                  </Row>
                ))}
              </tbody>
            </table>
          </>
        )}
        <h3>{t('report.cash')}</h3>
        <table className="report-table">
          <tbody>
            <Row label={t('report.cash.float')}>{m(r.cash.openingFloat)}</Row>
            <Row label={t('report.cash.sales')}>{m(r.cash.sales)}</Row>
            {(r.cash.voidedParts ?? 0) > 0 && (
              <Row label={t('report.cash.voidedParts')}>{m(r.cash.voidedParts ?? 0)}</Row>
            )}
            <Row label={t('report.cash.refunds')}>{m(-r.cash.refunds)}</Row>
            <Row label={t('report.cash.topUps')}>{m(r.cash.topUps)}</Row>
            <Row label={t('report.cash.in')}>{m(r.cash.cashIn)}</Row>
            <Row label={t('report.cash.out')}>{m(-r.cash.cashOut)}</Row>
            <Row label={t('report.cash.noSales')}>{r.cash.noSales}</Row>
            <Row label={t('report.cash.expected')}>{m(r.cash.expected)}</Row>
            {close && (
              <>
                <Row label={t('report.counted')}>{m(close.counted)}</Row>
                <Row label={t('report.variance')}>
                  <span className={close.variance === 0 ? 'variance-none' : 'variance'}>
                    {m(close.variance)}
                  </span>
                </Row>
                {close.note && <Row label={t('report.note')}>{close.note}</Row>}
              </>
            )}
          </tbody>
        </table>
      </div>
      <div className="report-charts">
        <img src={svgSource(charts.salesByHour)} alt={t('report.chartByHour')} width={480} height={240} />
        <img src={svgSource(charts.tenderMix)} alt={t('report.chartMix')} width={480} height={240} />
      </div>
    </article>
  );
}
