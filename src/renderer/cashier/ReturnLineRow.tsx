import { useI18n } from '../hooks/i18n-context.js';
import type { ReturnableLine } from './return-plan.js';

interface ReturnLineRowProps {
  readonly item: ReturnableLine;
  /** units chosen to come back (0..item.left) */
  readonly quantity: number;
  /** what they pay back (minor units), null while the preview has none */
  readonly amount: number | null;
  readonly currency: string;
  readonly disabled: boolean;
  readonly onQuantity: (quantity: number) => void;
}

/**
 * One line of the sale in the Return dialog: sold, already returned, and a stepper for the quantity to
 * return, named by the product ("Quantity to return of 绿茶 500ml"), which never goes past what is left.
 */
export function ReturnLineRow({
  item,
  quantity,
  amount,
  currency,
  disabled,
  onQuantity,
}: ReturnLineRowProps) {
  const { t, money } = useI18n();
  const name = item.line.name;
  const clamp = (n: number) => Math.min(item.left, Math.max(0, Number.isFinite(n) ? Math.trunc(n) : 0));
  const none = disabled || item.left === 0;
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{item.line.quantity}</td>
      <td>{item.returned}</td>
      <td>
        <div className="return-stepper">
          <button
            type="button"
            className="step"
            aria-label={t('return.less', { name })}
            disabled={none || quantity <= 0}
            onClick={() => onQuantity(clamp(quantity - 1))}
          >
            −
          </button>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={item.left}
            step={1}
            aria-label={t('return.quantity', { name })}
            value={quantity}
            disabled={none}
            onChange={(event) => onQuantity(clamp(Number.parseInt(event.target.value, 10)))}
          />
          <button
            type="button"
            className="step"
            aria-label={t('return.more', { name })}
            disabled={none || quantity >= item.left}
            onClick={() => onQuantity(clamp(quantity + 1))}
          >
            +
          </button>
        </div>
      </td>
      <td aria-label={t('return.lineAmount', { name })}>
        {amount !== null && quantity > 0 ? money({ amount, currency }) : ''}
      </td>
    </tr>
  );
}
