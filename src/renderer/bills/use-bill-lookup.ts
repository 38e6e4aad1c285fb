import { useEffect, useState } from 'react';
import type { BillerDto, BillPaymentDto } from '../../shared/bill-dto.js';
import type { Result } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { isSlipText } from './slip-text.js';

/**
 * The steps a bill's payment shares at the counter and the kiosk: the billers (those `offered` keeps), the
 * chosen one, the typed account, the looked-up bill, a problem to show and whether a call is running.
 * `lookUp` asks the biller by the scanned slip (it names its biller) or by the chosen biller and account.
 */
export function useBillLookup(offered: (biller: BillerDto) => boolean = () => true) {
  const api = useApi();
  const { error: errorText, locale } = useI18n();
  const [billers, setBillers] = useState<readonly BillerDto[]>([]);
  const [biller, setBiller] = useState<BillerDto | null>(null);
  const [account, setAccount] = useState('');
  const [bill, setBill] = useState<BillPaymentDto | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    void api['bill.billers']({}).then((r) => {
      if (!live) return;
      if (r.ok) setBillers(r.value.filter(offered));
      else setProblem(errorText(r.error));
    });
    return () => {
      live = false;
    };
    // `offered` is a filter fixed by the screen; the billers are asked once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, errorText]);
  const nameOf = (b: { name: string; nameEn: string }) => (locale.startsWith('zh') ? b.name : b.nameEn);
  const lookUp = async (typed: string): Promise<Result<BillPaymentDto>> => {
    setBusy(true);
    setProblem('');
    const text = typed.trim();
    const r = await api['bill.lookup'](
      isSlipText(text) ? { slip: text } : { billerId: biller?.id ?? '', account: text },
    );
    setBusy(false);
    if (!r.ok) setProblem(errorText(r.error));
    return r;
  };
  return {
    ...{ billers, biller, setBiller, account, setAccount, bill, setBill },
    ...{ problem, setProblem, busy, setBusy, nameOf, lookUp },
  };
}
