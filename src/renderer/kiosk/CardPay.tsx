import { useEffect, useRef } from 'react';
import type { SaleDto } from '../../shared/dto.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { SvSessionView } from '../nfc/SvSessionView.js';
import { useSvDialog } from '../nfc/use-sv-dialog.js';

/**
 * Paying with the shop's stored-value card: tap, see the balance and the new balance, confirm. The sale
 * completes on the terminal when the card is written (sale.changed then brings the thank-you).
 */
export function CardPay({ sale, onClose }: { readonly sale: SaleDto; readonly onClose: () => void }) {
  const { t, money } = useI18n();
  const api = useApi();
  const { sv, step, cancelling, cancel } = useSvDialog(() => undefined, onClose);
  const { begin } = sv;
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void begin(() => api['svcard.payBegin']({ saleId: sale.id }));
  }, [api, begin, sale.id]);

  return (
    <section aria-label={t('kiosk.pay.card')} className="kiosk-card-pay">
      {!sv.session && sv.busy && <p className="hint">{t('svcard.starting')}</p>}
      <SvSessionView session={sv.session} callProblem={sv.problem} />
      <div className="kiosk-actions">
        <button
          type="button"
          disabled={cancelling || (step !== null && !step.canCancel)}
          onClick={() => void cancel()}
        >
          {t('kiosk.pay.otherWay')}
        </button>
        {step?.canConfirm && (
          <button
            type="button"
            className="button-primary"
            disabled={sv.busy}
            onClick={() => void sv.confirm()}
          >
            {t('kiosk.pay.cardConfirm', { amount: money(sv.session?.amount ?? sale.totals.total) })}
          </button>
        )}
      </div>
    </section>
  );
}
