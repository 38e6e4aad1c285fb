import { useEffect, useRef } from 'react';
import { useApi } from '../hooks/api-context.js';

/**
 * Card taps while a lock screen or approval pad is open: a staff badge's one-time token (the terminal
 * keeps the UID to itself), or `other` for any other card, which is not a badge of this till.
 */
export function useBadgeTap(handlers: { badge: (token: string) => void; other: () => void }): void {
  const api = useApi();
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(
    () =>
      api.on('nfc.tap', (tap) => {
        if (tap.kind === 'staff-badge' && tap.badgeTap) latest.current.badge(tap.badgeTap);
        else latest.current.other();
      }),
    [api],
  );
}
