import type { SaleDto } from '../../shared/dto.js';
import { BillCheck } from '../bills/BillCheck.js';
import { useDisplayBill } from '../bills/use-display-bill.js';
import { PaidParts } from '../cashier/PaidParts.js';
import { TotalsList } from '../cashier/TotalsList.js';
import { Amount } from '../components/Amount.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useNow } from '../hooks/use-now.js';
import { displayView, thanksUntil } from './display-state.js';
import { DisplayPayment } from './DisplayPayment.js';
import { LineSummary } from './LineSummary.js';
import { PaymentLines } from './PaymentLines.js';
import { Promotions } from './Promotions.js';
import { useCustomerDisplay } from './use-customer-display.js';

/**
 * The screen the customer faces at the counter (a second window in Electron, `#/customer` in a browser):
 * the ticket as it is rung up, the QR to scan and how the payment goes, the tender and change, then a
 * welcome with the shop's name. Read-only by design: there is no control here that acts on the sale.
 */
export function CustomerDisplayScreen({ shop }: { readonly shop: string }) {
  const { t } = useI18n();
  const { state, promotions } = useCustomerDisplay();
  const bill = useDisplayBill();
  // once a second while a thank-you is up, so it gives way to the welcome on time
  const until = thanksUntil(state);
  const now = useNow(1000, until !== null && Date.now() < until);
  const view = displayView(state, Math.max(now, Date.now()));
  return (
    <main aria-label={t('display.label')} className="customer-screen">
      {bill && <BillCheck bill={bill} />}
      {view.kind === 'welcome' && (
        <section className="display-welcome">
          <h1>{t('display.welcome', { shop })}</h1>
          <p>{t('display.welcomeHint')}</p>
        </section>
      )}
      {view.kind === 'ticket' && (
        <div className="display-sale">
          <DisplayTicket sale={view.sale} />
          <aside className="display-side">
            <TotalsList totals={view.sale.totals} />
            <PaidParts sale={view.sale} />
            {view.attempt === null ? (
              <Promotions wallets={promotions} />
            ) : (
              <DisplayPayment attempt={view.attempt} />
            )}
          </aside>
        </div>
      )}
      {view.kind === 'thanks' && <Thanks sale={view.sale} shop={shop} />}
    </main>
  );
}

function DisplayTicket({ sale }: { readonly sale: SaleDto }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="display-items" className="display-ticket">
      <h2 id="display-items">{t('display.items')}</h2>
      {sale.customer && <p className="display-member">{t('display.member', { name: sale.customer.name })}</p>}
      <ul aria-labelledby="display-items" className="display-lines">
        {sale.lines.map((line) => (
          <li key={line.id} aria-label={line.name} className="display-line">
            <LineSummary line={line} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Thanks({ sale, shop }: { readonly sale: SaleDto; readonly shop: string }) {
  const { t, money } = useI18n();
  return (
    <section aria-labelledby="display-thanks" className="display-thanks">
      <h1 id="display-thanks">{t('receipt.thanks')}</h1>
      <dl className="totals">
        <Amount label={t('receipt.total')} className="grand-total">
          {money(sale.totals.total)}
        </Amount>
        {sale.payments.map((p) => (
          <PaymentLines key={p.id} payment={p} />
        ))}
        {sale.customer && sale.pointsEarned > 0 && (
          <Amount label={t('receipt.pointsEarned')}>{sale.pointsEarned}</Amount>
        )}
      </dl>
      {sale.number !== null && <p>{t('receipt.number', { number: sale.number })}</p>}
      <p>{t('display.thanksShop', { shop })}</p>
    </section>
  );
}
