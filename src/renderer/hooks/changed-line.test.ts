import { describe, expect, it } from 'vitest';
import type { SaleLineDto } from '../../shared/dto.js';
import { changedLine } from './changed-line.js';

const line = (id: string, quantity: number) => ({ id, quantity }) as SaleLineDto;

describe('changedLine', () => {
  it('finds a new line', () => {
    expect(changedLine([line('a', 1)], [line('a', 1), line('b', 1)])?.id).toBe('b');
  });
  it('finds a line whose quantity grew', () => {
    expect(changedLine([line('a', 1), line('b', 1)], [line('a', 1), line('b', 2)])?.id).toBe('b');
  });
  it('finds nothing when nothing was added', () => {
    expect(changedLine([line('a', 2)], [line('a', 1)])).toBeUndefined();
    expect(changedLine([], [])).toBeUndefined();
  });
});
