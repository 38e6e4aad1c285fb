import type { CategoryDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';

interface CategoryNavProps {
  readonly categories: readonly CategoryDto[];
  readonly selected: string | null;
  readonly onSelect: (categoryId: string | null) => void;
}

/**
 * Toggle buttons (aria-pressed) rather than tabs: the grid below is one list, filtered. Each shows the
 * category's name and, smaller, its second name (the row wraps when they do not fit on one line).
 */
export function CategoryNav({ categories, selected, onSelect }: CategoryNavProps) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('products.categories')} className="category-nav">
      <ul>
        <li>
          <button type="button" aria-pressed={selected === null} onClick={() => onSelect(null)}>
            {t('products.allCategories')}
          </button>
        </li>
        {categories.map((category) => (
          <li key={category.id}>
            <button
              type="button"
              aria-pressed={selected === category.id}
              onClick={() => onSelect(category.id)}
            >
              {category.name}
              {category.altName ? (
                <>
                  {' '}
                  <span className="category-alt-name">{category.altName}</span>
                </>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
