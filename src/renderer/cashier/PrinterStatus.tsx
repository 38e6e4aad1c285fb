import { useContext, useEffect, useState } from 'react';
import type { PrintersDto } from '../../shared/print-dto.js';
import { ApiContext } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';

/** print.status once, then every 'print.changed' (a printer's DLE EOT state, jobs waiting). */
export function usePrinters(): PrintersDto | null {
  // without a till to ask (a status bar rendered on its own) there is no printer to show
  const api = useContext(ApiContext);
  const [printers, setPrinters] = useState<PrintersDto | null>(null);
  useEffect(() => {
    if (!api) return;
    let live = true;
    const off = api.on('print.changed', (next) => {
      if (live) setPrinters(next);
    });
    void api['print.status']({}).then((result) => {
      if (live && result.ok) setPrinters(result.value);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return printers;
}

/**
 * The status bar's receipt printer item: absent on a till without printers.json (the browser prints),
 * "waiting for printer" while receipts wait, else what the printer said (paper out, cover open, offline).
 */
export function PrinterStatus() {
  const { t } = useI18n();
  const printers = usePrinters();
  if (!printers || printers.printers.length === 0) return null;
  const worst =
    printers.printers.find((p) => p.state !== 'ready' && p.state !== 'unknown') ?? printers.printers[0]!;
  const text =
    printers.waiting > 0
      ? t('status.printer.waiting', { count: printers.waiting, state: t(`status.printer.${worst.state}`) })
      : t(`status.printer.${worst.state}`);
  return (
    <li
      className={`printer printer-${printers.waiting > 0 ? 'waiting' : worst.state}`}
      title={worst.problem ?? undefined}
    >
      {text}
    </li>
  );
}
