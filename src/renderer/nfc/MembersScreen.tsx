import { useCallback, useEffect, useId, useState } from 'react';
import type { CustomerDto } from '../../shared/dto.js';
import type { ApiError } from '../../shared/result.js';
import { useApi } from '../hooks/api-context.js';
import { useI18n } from '../hooks/i18n-context.js';
import { formatBps } from '../i18n/money-text.js';
import { readMemberForm } from './member-form.js';

/** The shop's members (member.list), and enrolling the card on the reader for a new one (member.enroll). */
export function MembersScreen({ onInform }: { readonly onInform: (text: string) => void }) {
  const api = useApi();
  const { t, formatLocale, error: errorText } = useI18n();
  const [members, setMembers] = useState<CustomerDto[] | null>(null);
  const [listProblem, setListProblem] = useState<ApiError | null>(null);
  const [name, setName] = useState('');
  const [discount, setDiscount] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const discountId = useId();
  const hintId = useId();

  const load = useCallback(async () => {
    const result = await api['member.list']({});
    if (result.ok) {
      setMembers(result.value);
      setListProblem(null);
    } else setListProblem(result.error);
  }, [api]);

  useEffect(() => {
    let live = true;
    void api['member.list']({}).then((result) => {
      if (!live) return;
      if (result.ok) setMembers(result.value);
      else setListProblem(result.error);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const enroll = async () => {
    const form = readMemberForm(name, discount);
    if (!form.ok) return setProblem(t(form.problem));
    setBusy(true);
    setProblem('');
    const result = await api['member.enroll']({ name: form.name, discountBps: form.discountBps });
    setBusy(false);
    if (!result.ok) return setProblem(errorText(result.error));
    setName('');
    setDiscount('');
    onInform(t('members.enrolled', { name: result.value.name }));
    await load();
  };

  return (
    <div className="members-screen">
      <section aria-label={t('members.title')} className="members-list">
        <h2>{t('members.title')}</h2>
        {listProblem && <p role="alert">{errorText(listProblem)}</p>}
        {members === null ? (
          !listProblem && <p className="empty">{t('members.loading')}</p>
        ) : members.length === 0 ? (
          <p className="empty">{t('members.none')}</p>
        ) : (
          <ul aria-label={t('members.list')} className="member-rows">
            {members.map((member) => (
              <li key={member.id} aria-label={member.name}>
                <span className="member-name">
                  {t('members.row', {
                    name: member.name,
                    discount: formatBps(member.discountBps, formatLocale),
                    points: member.points,
                  })}
                </span>
                <span className="hint">
                  {member.cardUid ? t('members.card', { uid: member.cardUid }) : t('members.noCard')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={t('members.enrollTitle')} className="member-enroll">
        <h2>{t('members.enrollTitle')}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void enroll();
          }}
        >
          <p id={hintId} className="hint">
            {t('members.enrollHint')}
          </p>
          <div className="field">
            <label htmlFor={nameId}>{t('members.name')}</label>
            <input
              id={nameId}
              type="text"
              autoComplete="off"
              maxLength={80}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={discountId}>{t('members.discountPercent')}</label>
            <input
              id={discountId}
              inputMode="decimal"
              autoComplete="off"
              value={discount}
              onChange={(event) => setDiscount(event.target.value)}
            />
          </div>
          {problem && <p role="alert">{problem}</p>}
          <button type="submit" className="button-primary" aria-describedby={hintId} disabled={busy}>
            {busy ? t('members.enrolling') : t('members.enroll')}
          </button>
        </form>
      </section>
    </div>
  );
}
