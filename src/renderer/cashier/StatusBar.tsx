import type { StatusDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';

export type Screen = 'sell' | 'history';

interface StatusBarProps {
  readonly terminalName: string;
  readonly status: StatusDto | null;
  readonly screen: Screen;
  readonly onScreen: (screen: Screen) => void;
}

/** The banner: which till this is, where to go, and whether sales are waiting to sync. */
export function StatusBar({ terminalName, status, screen, onScreen }: StatusBarProps) {
  const { t } = useI18n();
  const network = status?.network ?? 'unknown';
  return (
    <header className="status-bar">
      <p className="brand">
        <span className="brand-name">{t('app.title')}</span>
        <span className="terminal-name">
          {t('status.terminal', { name: status?.terminalName ?? terminalName })}
        </span>
      </p>
      <nav aria-label={t('nav.screens')} className="screen-nav">
        <button type="button" aria-pressed={screen === 'sell'} onClick={() => onScreen('sell')}>
          {t('nav.sell')}
        </button>
        <button type="button" aria-pressed={screen === 'history'} onClick={() => onScreen('history')}>
          {t('nav.history')}
        </button>
      </nav>
      <ul aria-label={t('status.label')} className="status-items">
        <li className={`network network-${network}`}>{t(`status.network.${network}`)}</li>
        <li className="queued">{t('status.queued', { count: status?.outboxQueued ?? 0 })}</li>
      </ul>
    </header>
  );
}
