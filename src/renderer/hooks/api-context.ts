import { createContext, useContext } from 'react';
import type { TillpointApi } from '../../shared/contract.js';

export const ApiContext = createContext<TillpointApi | null>(null);

export function useApi(): TillpointApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiContext.Provider> above it');
  return api;
}
