import { useEffect, useId, useRef, useState } from 'react';
import type { OutboxEntryDto, OutboxStateDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { entryLabel, entryReason } from './entry-text.js';
import { ResolveDialog } from './ResolveDialog.js';

const PAGE = 50;
/** sync.entries answers at most this many at once */
const MAX_LIMIT = 500;
const filters = ['all', 'queued', 'parked', 'sent', 'resolved'] as const satisfies readonly (
  OutboxStateDto | 'all'
)[];
type Filter = (typeof filters)[number];

interface SyncEntriesProps {
  /** a new value reloads the rows shown (the status.changed payload: something in the outbox moved) */
  readonly refreshKey: unknown;
  readonly onInform: (text: string) => void;
}

/**
 * The outbox, newest first, filtered by state and paged by entry id. A parked entry offers Retry (back to
 * the queue) and Resolve (settled by hand, with a note). Every status.changed reloads the rows on screen.
 */
export function SyncEntries({ refreshKey, onInform }: SyncEntriesProps) {
  const api = useApi();
  const { t, money, time, error: errorText } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const [entries, setEntries] = useState<readonly OutboxEntryDto[] | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [actionProblem, setActionProblem] = useState('');
  const [resolving, setResolving] = useState<OutboxEntryDto | null>(null);
  const latest = useRef(0);
  /** how many rows the cashier paged to: a refresh reloads that many, not only the first page */
  const shown = useRef(0);
  const titleId = useId();

  const load = async (append: boolean) => {
    const request = ++latest.current;
    const beforeId = append ? entries?.at(-1)?.id : undefined;
    const limit = append ? PAGE : Math.min(MAX_LIMIT, Math.max(PAGE, shown.current));
    const result = await api['sync.entries']({
      ...(filter === 'all' ? {} : { states: [filter] }),
      limit,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    if (request !== latest.current) return;
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    const next = append ? [...(entries ?? []), ...result.value] : result.value;
    shown.current = next.length;
    setEntries(next);
    setMore(result.value.length === limit);
  };

  useEffect(() => {
    void load(false);
    // Reload when the filter changes or the outbox moved; `load` reads the filter it closes over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, filter, refreshKey]);

  const retry = async (entry: OutboxEntryDto) => {
    setActionProblem('');
    const result = await api['sync.retry']({ entryId: entry.id });
    if (!result.ok) return setActionProblem(errorText(result.error));
    onInform(t('sync.retried', { entry: entryLabel(entry, t) }));
    await load(false);
  };

  const onResolved = (entry: OutboxEntryDto) => {
    setResolving(null);
    onInform(t('sync.resolved', { entry: entryLabel(entry, t) }));
    void load(false);
  };

  return (
    <section aria-labelledby={titleId} className="sync-entries">
      <h2 id={titleId}>{t('sync.entries')}</h2>
      <div role="group" aria-label={t('sync.filter')} className="sync-filter">
        {filters.map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={filter === f}
            onClick={() => {
              shown.current = 0;
              setFilter(f);
            }}
          >
            {f === 'all' ? t('sync.filter.all') : t(`sync.state.${f}`)}
          </button>
        ))}
      </div>
      {problem && <p role="alert">{errorText(problem)}</p>}
      {actionProblem && <p role="alert">{actionProblem}</p>}
      {entries === null ? (
        !problem && <p className="empty">{t('sync.entries.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty">{t('sync.entries.none')}</p>
      ) : (
        <div className="sync-table-wrap">
          <table aria-labelledby={titleId} className="sync-table">
            <thead>
              <tr>
                <th scope="col">{t('sync.col.entry')}</th>
                <th scope="col">{t('sync.col.amount')}</th>
                <th scope="col">{t('sync.col.state')}</th>
                <th scope="col">{t('sync.col.attempts')}</th>
                <th scope="col">{t('sync.col.reason')}</th>
                <th scope="col">{t('sync.col.created')}</th>
                <th scope="col">{t('sync.col.sent')}</th>
                <th scope="col">{t('sync.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const label = entryLabel(entry, t);
                return (
                  <tr key={entry.id} className={`state-${entry.state}`}>
                    <th scope="row">{label}</th>
                    <td className="number">{entry.amount ? money(entry.amount) : '—'}</td>
                    <td>{t(`sync.state.${entry.state}`)}</td>
                    <td className="number">{entry.attempts}</td>
                    <td>{entryReason(entry, t, errorText)}</td>
                    <td>{time(entry.createdAt)}</td>
                    <td>{entry.sentAt ? time(entry.sentAt) : '—'}</td>
                    <td className="sync-actions">
                      {entry.state === 'parked' && (
                        <>
                          <button
                            type="button"
                            aria-label={t('sync.retryLabel', { entry: label })}
                            onClick={() => void retry(entry)}
                          >
                            {t('sync.retry')}
                          </button>
                          <button
                            type="button"
                            className="button-danger"
                            aria-label={t('sync.resolveLabel', { entry: label })}
                            onClick={() => setResolving(entry)}
                          >
                            {t('sync.resolve')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" onClick={() => void load(true)}>
          {t('sync.entries.more')}
        </button>
      )}
      {resolving && (
        <ResolveDialog
          entry={resolving}
          label={entryLabel(resolving, t)}
          onResolved={onResolved}
          onClose={() => setResolving(null)}
        />
      )}
    </section>
  );
}
