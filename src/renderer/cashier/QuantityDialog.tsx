import { useState } from 'react';
import type { SaleLineDto } from '../../shared/dto.js';
import { Amount } from '../components/Amount.js';
import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useKeypadKeys } from '../hooks/use-keypad-keys.js';
import { Keypad } from './Keypad.js';
import { pressQuantityKey, quantityOf } from './quantity-entry.js';

interface QuantityDialogProps {
  readonly line: SaleLineDto;
  readonly onSet: (quantity: number) => void;
  readonly onClose: () => void;
}

/** Types a line's quantity (24 bottles is not 23 taps on +), on the keypad or a hardware keyboard. */
export function QuantityDialog({ line, onSet, onClose }: QuantityDialogProps) {
  const { t } = useI18n();
  const [entry, setEntry] = useState('');
  const quantity = quantityOf(entry);
  const confirm = () => {
    if (quantity === null) return;
    onSet(quantity);
    onClose();
  };
  useKeypadKeys({
    value: entry,
    onChange: setEntry,
    press: pressQuantityKey,
    onEnter: () => {
      confirm();
      return true;
    },
  });
  return (
    <Dialog title={t('ticket.quantity', { name: line.name })} onClose={onClose} className="quantity-dialog">
      <dl className="cash-amounts">
        <Amount label={t('quantity.new')} className="due">
          {quantity ?? line.quantity}
        </Amount>
      </dl>
      <Keypad onKey={(key) => setEntry((current) => pressQuantityKey(current, key))} />
      <div className="dialog-actions">
        <button type="button" className="button-quiet" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
        <button type="button" className="button-primary" disabled={quantity === null} onClick={confirm}>
          {quantity === 0 ? t('quantity.remove') : t('quantity.set')}
        </button>
      </div>
    </Dialog>
  );
}
