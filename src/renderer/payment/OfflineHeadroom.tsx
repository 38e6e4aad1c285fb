import type { OfflineTenderDto, PaymentOptionsDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { offlineHeadroomText } from './offline-headroom-text.js';

export interface OfflineNote {
  readonly tender: OfflineTenderDto;
  /** the note's element id, for the tender button's aria-describedby */
  readonly id: string;
  readonly text: string;
  readonly allowed: boolean;
}

export interface OfflineNotes {
  readonly notes: readonly OfflineNote[];
  /** the id of the tender's note, when it has one */
  readonly describedBy: (tender: OfflineTenderDto) => string | undefined;
  /** the terminal refuses this tender now (its note says why) */
  readonly refused: (tender: OfflineTenderDto) => boolean;
}

/**
 * The notes on non-cash tenders' offline limits for `tenders`: what each may still take
 * while sales wait for the hub, or why it is refused. `scope` keeps the ids unique on the screen.
 */
export function useOfflineNotes(
  scope: string,
  offline: PaymentOptionsDto['offline'] | null | undefined,
  tenders: readonly OfflineTenderDto[],
): OfflineNotes {
  const { t, money, error } = useI18n();
  const notes = offline
    ? tenders.flatMap((tender) => {
        const h = offline[tender];
        const text = offlineHeadroomText(h, t, money, error);
        return text
          ? [{ tender, id: `offline-${scope}-${tender}`, text: text.text, allowed: h.allowed }]
          : [];
      })
    : [];
  return {
    notes,
    describedBy: (tender) => notes.find((n) => n.tender === tender)?.id,
    refused: (tender) => offline?.[tender].allowed === false,
  };
}

/** The notes as a list under the tender buttons; refused tenders' notes stand out. */
export function OfflineHeadroom({ notes }: { readonly notes: OfflineNotes }) {
  const { t } = useI18n();
  if (notes.notes.length === 0) return null;
  return (
    <ul aria-label={t('offline.region')} className="offline-headroom">
      {notes.notes.map((n) => (
        <li key={n.tender} id={n.id} className={n.allowed ? 'offline-left' : 'offline-refused'}>
          {n.text}
        </li>
      ))}
    </ul>
  );
}
