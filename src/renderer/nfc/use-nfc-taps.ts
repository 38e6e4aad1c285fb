import { useEffect, useRef } from 'react';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { formatBps } from '../i18n/money-text.js';
import { tapOutcome, type TapOutcome } from './tap-message.js';

interface TapHandlers {
  readonly inform: (text: string) => void;
  readonly warn: (text: string) => void;
  /** the terminal changed the open sale (a member attached): re-read it */
  readonly refreshSale: () => Promise<void>;
  /** the Members screen is open: an unknown card is the one about to be enrolled */
  readonly enrolling: boolean;
}

/**
 * Cards tapped outside a stored-value session: the terminal has already acted on them (a member card
 * attached to the open sale); this says what happened and refreshes the ticket when it changed.
 */
export function useNfcTaps(handlers: TapHandlers): void {
  const api = useApi();
  const { t, money, error, formatLocale } = useI18n();
  const words = { t, money, error, percent: (bps: number) => formatBps(bps, formatLocale) };
  const latest = useRef({ handlers, words });
  useEffect(() => {
    latest.current = { handlers, words };
  });

  useEffect(() => {
    let live = true;
    const off = api.on('nfc.tap', (tap) => {
      if (!live) return;
      const { handlers: now, words: w } = latest.current;
      const outcome: TapOutcome = tapOutcome(tap, w, now.enrolling);
      const say = () => (outcome.tone === 'alert' ? now.warn(outcome.text) : now.inform(outcome.text));
      // Refresh first, so the announcement and the ticket showing the member arrive together.
      if (outcome.refreshSale) void now.refreshSale().then(say);
      else say();
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
}
