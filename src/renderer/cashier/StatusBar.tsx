import type { StatusDto, TerminalInfoDto } from '../../shared/dto.js';
import { useI18n } from '../hooks/i18n-context.js';
import { StaffStatus } from '../staff/StaffStatus.js';
import { SyncStatus } from '../sync/SyncStatus.js';
import { PrinterStatus } from './PrinterStatus.js';

export type Screen = 'sell' | 'history' | 'members' | 'shift' | 'sync' | 'settings';

interface StatusBarProps {
  readonly terminalName: string;
  readonly status: StatusDto | null;
  readonly screen: Screen;
  readonly onScreen: (screen: Screen) => void;
  readonly onTopUp: () => void;
  /** opens Pay a bill (utility bills, phone top-up); absent: no button */
  readonly onPayBill?: () => void;
  /** demo card key in use, or why stored-value cards are off (terminal.info) */
  readonly storedValue: Pick<TerminalInfoDto, 'demoCardKey' | 'storedValueOff'>;
}

/** The banner: which till this is, where to go, the card reader, and how syncing to the hub stands. */
export function StatusBar({
  terminalName,
  status,
  screen,
  onScreen,
  onTopUp,
  onPayBill,
  storedValue,
}: StatusBarProps) {
  const { t, error } = useI18n();
  const cardsOff = storedValue.storedValueOff;
  // Absent until the first status arrives (or from a terminal that reads no cards): no guess is shown.
  const nfc = status?.nfc;
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
        <button type="button" aria-pressed={screen === 'members'} onClick={() => onScreen('members')}>
          {t('nav.members')}
        </button>
        <button type="button" aria-pressed={screen === 'shift'} onClick={() => onScreen('shift')}>
          {t('shift.nav')}
        </button>
        <button type="button" aria-pressed={screen === 'sync'} onClick={() => onScreen('sync')}>
          {t('nav.sync')}
        </button>
        <button type="button" aria-pressed={screen === 'settings'} onClick={() => onScreen('settings')}>
          {t('nav.settings')}
        </button>
      </nav>
      {/* A top-up is no part of a ticket (its own cash movement, no sale), and a customer whose balance
          is short tops up with the ticket still open, then pays by card: so it sits here, reachable from
          every screen and with any ticket, not among the ticket's actions. */}
      <button
        type="button"
        className="top-up"
        onClick={onTopUp}
        disabled={cardsOff !== null}
        aria-describedby={cardsOff ? 'top-up-off' : undefined}
      >
        {t('nav.topUp')}
      </button>
      {/* a bill is paid on a ticket of its own, opened from any screen, like a top-up */}
      {onPayBill && (
        <button type="button" className="top-up" onClick={onPayBill}>
          {t('bills.open')}
        </button>
      )}
      {cardsOff && (
        <span id="top-up-off" className="visually-hidden">
          {t('nav.topUpOff', { reason: error(cardsOff) })}
        </span>
      )}
      {/* One box that wraps its items onto a second line inside the banner, so an item appearing (oldest,
          parked) never moves the buttons or the screen below. */}
      <div className="status-area">
        <StaffStatus />
        <ul aria-label={t('status.label')} className="status-items">
          {nfc && (
            <li
              className={`nfc nfc-${nfc}`}
              // what to do about it: no retry of the till's fixes a missing PC/SC binding
              title={nfc === 'not-installed' ? t('error.nfc.not_installed') : undefined}
            >
              {t(`status.nfc.${nfc}`)}
            </li>
          )}
          {/* the public key: anyone can write such cards, so the till says it is in demo mode */}
          {storedValue.demoCardKey && <li className="demo-card-key">{t('status.demoCardKey')}</li>}
          <PrinterStatus />
        </ul>
        {/* Absent until the first status arrives: no guess about the hub is shown. */}
        {status && <SyncStatus sync={status.sync} />}
      </div>
    </header>
  );
}
