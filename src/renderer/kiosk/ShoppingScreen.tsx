import { useState, type ReactNode } from 'react';
import type { ProductDto } from '../../shared/dto.js';
import { Dialog } from '../components/Dialog.js';
import { useI18n } from '../hooks/i18n-context.js';
import { useProducts } from '../hooks/use-products.js';
import { CameraView } from '../scan/CameraView.js';
import { useLocalName } from './kiosk-names.js';
import { SearchKeyboard } from './SearchKeyboard.js';

interface ShoppingScreenProps {
  readonly onProduct: (product: ProductDto) => void;
  /** a code read by the camera (routed like a wedge scan) */
  readonly onCameraCode: (text: string) => void;
  /** products seen on screen: the basket names its lines from them in the other language */
  readonly onProductsShown: (products: readonly ProductDto[]) => void;
  /** the basket with its total and the Pay button */
  readonly basket: ReactNode;
}

/**
 * Shopping: category tiles, product tiles, the search with the on-screen keyboard, scanning with the
 * camera, and the basket beside (landscape) or below (portrait).
 */
export function ShoppingScreen({ onProduct, onCameraCode, onProductsShown, basket }: ShoppingScreenProps) {
  const { t, money } = useI18n();
  const name = useLocalName();
  const [query, setQuery] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [keyboard, setKeyboard] = useState(false);
  const [camera, setCamera] = useState(false);
  const { categories, products, error } = useProducts(query, categoryId);
  const [shown, setShown] = useState<readonly ProductDto[]>([]);
  if (shown !== products) {
    setShown(products);
    onProductsShown(products);
  }

  return (
    <div className="kiosk-shopping">
      <div className="kiosk-browse">
        <div className="kiosk-search">
          <input
            type="search"
            readOnly
            inputMode="none"
            aria-label={t('kiosk.search')}
            placeholder={t('kiosk.searchHint')}
            value={query}
            onClick={() => setKeyboard(true)}
          />
          <button type="button" aria-expanded={keyboard} onClick={() => setKeyboard((open) => !open)}>
            {t('kiosk.searchButton')}
          </button>
          <button type="button" onClick={() => setCamera(true)}>
            {t('kiosk.camera')}
          </button>
        </div>
        {keyboard && <SearchKeyboard query={query} onQuery={setQuery} onClose={() => setKeyboard(false)} />}
        <nav aria-label={t('kiosk.categories')} className="kiosk-categories">
          <button type="button" aria-pressed={categoryId === null} onClick={() => setCategoryId(null)}>
            {t('kiosk.allProducts')}
          </button>
          {categories.map((category) => (
            <button
              key={category.id}
              type="button"
              aria-pressed={categoryId === category.id}
              onClick={() => {
                setCategoryId(category.id);
                setQuery('');
              }}
            >
              {name(category)}
            </button>
          ))}
        </nav>
        <section aria-label={t('kiosk.products')} className="kiosk-products">
          {error && <p role="alert">{t('kiosk.productsFailed')}</p>}
          {query.trim() !== '' && products.length === 0 && <p>{t('kiosk.noMatch', { query })}</p>}
          {products.map((product) => (
            <button key={product.id} type="button" className="kiosk-tile" onClick={() => onProduct(product)}>
              <span className="kiosk-tile-name">{name(product)}</span>
              <span className="kiosk-tile-price">{money(product.price)}</span>
              {product.needsStaff && <span className="kiosk-tag">{t('kiosk.staffCheck')}</span>}
            </button>
          ))}
        </section>
      </div>
      {basket}
      {camera && (
        <Dialog title={t('kiosk.camera')} onClose={() => setCamera(false)} className="kiosk-dialog">
          <p className="hint">{t('kiosk.cameraHint')}</p>
          <CameraView paused={false} onCode={(code) => onCameraCode(code.text)} />
          <div className="dialog-actions">
            <button type="button" className="button-primary" onClick={() => setCamera(false)}>
              {t('kiosk.done')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
