import { memo } from 'react';
import type { ProductDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';

interface ProductGridProps {
  readonly products: readonly ProductDto[];
  readonly loading: boolean;
  readonly onAdd: (product: ProductDto) => void;
}

/**
 * Each product is one big button whose accessible name is "<name> <second name> <price>": the shop's name
 * first (a search for it finds the tile), then the second name, smaller, for the reader of the other
 * language (the English beside the Chinese). Memoised: a keystroke in the
 * search box must not re-render up to 200 buttons before the next key (or a wedge scanner's next key,
 * which arrives within milliseconds) is handled.
 */
export const ProductGrid = memo(function ProductGrid({ products, loading, onAdd }: ProductGridProps) {
  const { t, money } = useI18n();
  if (products.length === 0) {
    return <p className="empty">{loading ? t('products.loading') : t('products.none')}</p>;
  }
  return (
    <ul aria-label={t('products.list')} className="product-grid">
      {products.map((product) => (
        <li key={product.id}>
          <button type="button" className="product" onClick={() => onAdd(product)}>
            <span className="product-name">{product.name}</span>{' '}
            {product.altName ? (
              <>
                <span className="product-alt-name">{product.altName}</span>{' '}
              </>
            ) : null}
            <span className="product-price">{money(product.price)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
});
