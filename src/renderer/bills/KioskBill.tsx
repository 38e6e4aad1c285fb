import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { BillCheck } from './BillCheck.js';
import { useBillLookup } from './use-bill-lookup.js';

/**
 * Pay a bill at the self-service kiosk: the customer picks the biller, types the account (or scans the bill
 * at the kiosk's scanner into the field), checks the bill on screen and confirms it themselves; the kiosk's
 * own Pay screen then takes the payment. Only prepayment-free online bills and prepayments the biller takes.
 */
export function KioskBill({
  onOnTicket,
  onBack,
}: {
  readonly onOnTicket: () => void;
  readonly onBack: () => void;
}) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  const lookup = useBillLookup((b) => b.denominations === null);
  const { billers, biller, setBiller, account, setAccount, bill, setBill } = lookup;
  const { problem, setProblem, busy, setBusy, nameOf: name } = lookup;
  const lookUp = async () => {
    const r = await lookup.lookUp(account);
    if (r.ok && r.value.kind === 'bill') setBill(r.value);
    else if (r.ok) setProblem(t('bills.nothingOwing'));
  };
  const confirm = async () => {
    if (!bill) return;
    setBusy(true);
    const r = await api['bill.confirm']({ billId: bill.id });
    setBusy(false);
    if (r.ok) onOnTicket();
    else setProblem(errorText(r.error));
  };
  return (
    <section aria-labelledby="kiosk-bill-title" className="kiosk-bill">
      <h2 id="kiosk-bill-title">{t('bills.title')}</h2>
      {!biller && (
        <fieldset>
          <legend>{t('bills.chooseBiller')}</legend>
          {billers.map((b) => (
            <button key={b.id} type="button" className="kiosk-tile" onClick={() => setBiller(b)}>
              {name(b)}
            </button>
          ))}
        </fieldset>
      )}
      {biller && !bill && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void lookUp();
          }}
        >
          <p>{name(biller)}</p>
          <label>
            {t('bills.account')}
            <input
              value={account}
              inputMode="numeric"
              autoComplete="off"
              onChange={(event) => setAccount(event.target.value)}
            />
          </label>
          <button type="submit" className="button-primary" disabled={busy || account.trim() === ''}>
            {busy ? t('bills.lookingUp') : t('bills.lookUp')}
          </button>
        </form>
      )}
      {bill && (
        <>
          <BillCheck bill={bill} />
          <button type="button" className="button-primary" disabled={busy} onClick={() => void confirm()}>
            {t('bills.kioskConfirm')}
          </button>
        </>
      )}
      {problem && <p role="alert">{problem}</p>}
      <button type="button" onClick={onBack}>
        {t('bills.back')}
      </button>
    </section>
  );
}
