import { startTransition, useEffect, useRef, useState } from 'react';
import type { CategoryDto, ProductDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from './api-context.js';

export interface Products {
  readonly categories: readonly CategoryDto[];
  readonly products: readonly ProductDto[];
  readonly loading: boolean;
  readonly error: ApiError | null;
}

const PAGE = 200;

/**
 * catalog.search on every change of query or category (every keystroke). Answers can arrive out of order,
 * so only the answer to the latest request is shown.
 */
export function useProducts(query: string, categoryId: string | null): Products {
  const api = useApi();
  const [categories, setCategories] = useState<readonly CategoryDto[]>([]);
  const [products, setProducts] = useState<readonly ProductDto[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    let live = true;
    void api['catalog.categories']({}).then((result) => {
      if (!live) return;
      if (result.ok) setCategories(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    const request = ++latest.current;
    setLoading(true);
    const trimmed = query.trim();
    // A search looks through every category; the category buttons browse when nothing is typed.
    const params =
      trimmed || categoryId === null
        ? { query: trimmed, limit: PAGE }
        : { query: '', categoryId, limit: PAGE };
    void api['catalog.search'](params).then((result) => {
      if (request !== latest.current) return;
      // A transition: React renders the new grid in slices and lets keystrokes (typed, or a wedge scan's
      // burst) in between, so a big result list never delays the next key.
      startTransition(() => {
        setLoading(false);
        if (result.ok) {
          setProducts(result.value);
          setError(null);
        } else {
          setError(result.error);
        }
      });
    });
  }, [api, query, categoryId]);

  return { categories, products, loading, error };
}
