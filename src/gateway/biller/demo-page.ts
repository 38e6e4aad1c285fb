import type { BillerWire } from '../../shared/biller-wire.js';
import type { DemoAccount } from './demo-billers.js';
import { encodePaymentSlip } from '../../core/gs1-payment-slip.js';
import { slipBarcodeSvg } from './slip-barcode.js';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const yuan = (minor: number) => `¥${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/**
 * GET /biller/demo: the sandbox's demo bills, each with its GS1-128 payment slip (AI 415 GLN, 8020 the
 * account, 3902 the amount owed, 12 the due date) so a newcomer can scan one at the till from the screen.
 */
export function demoBillsPage(
  billers: readonly BillerWire[],
  accounts: readonly (DemoAccount & { owing: number })[],
): string {
  const rows = accounts.map((a) => {
    const biller = billers.find((b) => b.charge_inst === a.charge_inst);
    if (!biller) return '';
    const slip = {
      gln: biller.gln,
      reference: a.bill_key,
      amount: a.owing > 0 ? { digits: String(a.owing), decimals: 2 } : null,
      dueDate: a.owing > 0 ? a.due_date : null,
    };
    return `<tr><td>${escape(biller.name)}<br>${escape(biller.name_en)}</td><td><code>${escape(a.bill_key)}</code></td>
<td>${escape(a.user_name)}</td><td>${a.owing > 0 ? `${yuan(a.amount)} + ${yuan(a.fines)}` : 'nothing owing'}${
      a.rejects ? `<br><em>refuses payments: ${escape(a.rejects)}</em>` : ''
    }</td><td>${slipBarcodeSvg(slip)}<br><code>${escape(encodePaymentSlip(slip, { bracketed: true }))}</code></td></tr>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox biller: demo bills</title>
<style>body{font-family:sans-serif;margin:1.5rem}td{border-bottom:1px solid #ccc;padding:.5rem;vertical-align:middle}svg{height:90px;width:auto;background:#fff}</style>
</head><body><h1>Sandbox biller: demo bills</h1>
<p>Sandbox data, never real. Scan a barcode at the till's <strong>Pay a bill</strong> screen, or type the account number.</p>
<table><thead><tr><th>Biller</th><th>Account</th><th>Name</th><th>Owing (bill + late fee)</th><th>Payment slip (GS1-128)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></body></html>`;
}
