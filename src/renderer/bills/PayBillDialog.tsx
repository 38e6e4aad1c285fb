import { useEffect, useState, type MutableRefObject } from 'react';
import type { BillPaymentDto } from '../../shared/bill-dto.js';
import type { SaleDto } from '../../shared/dto.js';
import { Dialog } from '../components/Dialog.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { isSlipText } from './slip-text.js';
import { useBillLookup } from './use-bill-lookup.js';
import { BillFacts } from './BillCheck.js';

interface PayBillDialogProps {
  /** the bill's line is on the ticket: the existing tender flow takes the payment */
  readonly onAdded: (sale: SaleDto, bill: BillPaymentDto) => void;
  readonly onClose: () => void;
  /** set while the dialog is open: what a wedge scanner reads (a slip, or an account) comes here */
  readonly scanRef?: MutableRefObject<((text: string) => void) | null>;
}

/**
 * Pay a bill at the counter: choose the biller, type the account (or scan the bill's barcode into the field:
 * a keyboard-wedge scanner types it there), look the bill up, the customer checks it on the customer display
 * and the cashier confirms. The ticket then holds the bill's one line, paid with any tender.
 */
export function PayBillDialog({ onAdded, onClose, scanRef }: PayBillDialogProps) {
  const api = useApi();
  const { t, error: errorText } = useI18n();
  const lookup = useBillLookup();
  const { billers, biller, setBiller, account, setAccount, bill, setBill } = lookup;
  const { problem, setProblem, busy, setBusy, nameOf } = lookup;
  const [prepay, setPrepay] = useState('');

  const lookUp = async (typed: string = account) => {
    const r = await lookup.lookUp(typed);
    if (r.ok) {
      setBill(r.value);
      setBiller(billers.find((b) => b.id === r.value.billerId) ?? biller);
    }
  };

  // a scanned slip names its biller (AI 415): looked up at once, whichever step the dialog is at
  useEffect(() => {
    if (!scanRef) return;
    scanRef.current = (text: string) => {
      if (!isSlipText(text) && !biller) return;
      setAccount(text);
      void lookUp(text);
    };
    return () => {
      scanRef.current = null;
    };
  });

  const prepayMinor = (): number | undefined => {
    if (!bill || bill.kind !== 'prepay') return undefined;
    const yuan = /^\d{1,7}(\.\d{1,2})?$/.exec(prepay.trim());
    if (!yuan) return undefined;
    // typed in major units with at most 2 decimals (CNY's exponent): parsed into minor units as integers
    const [whole = '0', fraction = ''] = prepay.trim().split('.');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  };

  const confirm = async () => {
    if (!bill) return;
    setBusy(true);
    setProblem('');
    const amount = prepayMinor();
    const r = await api['bill.confirm']({ billId: bill.id, ...(amount === undefined ? {} : { amount }) });
    setBusy(false);
    if (r.ok) onAdded(r.value, bill);
    else setProblem(errorText(r.error));
  };

  return (
    <Dialog title={t('bills.title')} onClose={onClose} className="pay-bill">
      {!biller && !bill && (
        <fieldset>
          <legend>{t('bills.chooseBiller')}</legend>
          {billers.map((b) => (
            <button key={b.id} type="button" onClick={() => setBiller(b)}>
              {nameOf(b)} ({t(`bills.kind.${b.kind}`)})
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
          <p>{nameOf(biller)}</p>
          <label>
            {t('bills.account')}
            <input
              autoFocus
              value={account}
              inputMode="numeric"
              autoComplete="off"
              onChange={(event) => setAccount(event.target.value)}
            />
          </label>
          <div className="dialog-actions">
            <button type="button" onClick={() => setBiller(null)}>
              {t('bills.back')}
            </button>
            <button type="submit" disabled={busy || account.trim() === ''}>
              {busy ? t('bills.lookingUp') : t('bills.lookUp')}
            </button>
          </div>
        </form>
      )}
      {bill && (
        <>
          <dl
            className="bill-quote"
            aria-label={nameOf({ name: bill.billerName, nameEn: bill.billerNameEn })}
          >
            <BillFacts bill={bill} dueDate />
          </dl>
          {bill.kind === 'prepay' && (
            <>
              <p>{bill.offline ? t('bills.offline') : t('bills.nothingOwing')}</p>
              <label>
                {t('bills.prepayAmount')}
                <input
                  value={prepay}
                  inputMode="decimal"
                  autoComplete="off"
                  onChange={(event) => setPrepay(event.target.value)}
                />
              </label>
            </>
          )}
          <p>{t('bills.askCustomer')}</p>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t('bills.cancel')}
            </button>
            <button type="button" disabled={busy} onClick={() => void confirm()}>
              {t('bills.confirm')}
            </button>
          </div>
        </>
      )}
      {problem && <p role="alert">{problem}</p>}
    </Dialog>
  );
}
