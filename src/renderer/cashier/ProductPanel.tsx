import { useState } from 'react';
import type { ProductDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useProducts } from '../hooks/use-products.js';
import { CategoryNav } from './CategoryNav.js';
import { ProductGrid } from './ProductGrid.js';

interface ProductPanelProps {
  readonly onAdd: (product: ProductDto) => void;
}

/** Browse by category or search by name, second name, pinyin, SKU or barcode; tap a product to add it. */
export function ProductPanel({ onAdd }: ProductPanelProps) {
  const { t, error } = useI18n();
  const [query, setQuery] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const { categories, products, loading, error: loadError } = useProducts(query, categoryId);
  return (
    <section aria-label={t('products.region')} className="product-panel">
      <div className="search">
        <label htmlFor="product-search">{t('products.search')}</label>
        <input
          id="product-search"
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('products.searchHint')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      <CategoryNav categories={categories} selected={categoryId} onSelect={setCategoryId} />
      {loadError && <p role="alert">{error(loadError)}</p>}
      <ProductGrid products={products} loading={loading} onAdd={onAdd} />
    </section>
  );
}
