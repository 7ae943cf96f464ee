import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatIsoDate } from '../../lib/dates.ts';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';
import { useEnumLabels } from './labels.ts';
import type { DuplicateCheck } from './useDuplicateChecks.ts';

export const fullName = (person: { surname: string; givenName: string; patronymic?: string | null }) =>
  [person.surname, person.givenName, person.patronymic].filter(Boolean).join(' ');

type Props = {
  check: DuplicateCheck | undefined;
  notSame: readonly string[];
  onNotSame: (personId: string) => void;
  onUndo: (personId: string) => void;
};

/**
 * Likely duplicates of the person being entered, with the reasons the scorer gave. Someone within reach
 * can be opened or set aside as "not the same person"; of someone outside it the server tells only that
 * they exist and whom to ask, and so does this.
 */
export function DuplicateWarnings({ check, notSame, onNotSame, onUndo }: Props) {
  const { t } = useTranslation();
  const { label } = useEnumLabels();
  const titleId = useId();
  const candidates = check?.candidates ?? [];
  const territoryName = useTerritoryNames(candidates.map((candidate) => candidate.districtCode));
  const outsideReach = check?.outsideReach ?? null;
  const setAside = candidates.filter((c) => notSame.includes(c.personId));
  const open = candidates.filter((c) => !notSame.includes(c.personId));
  const found = open.length + (outsideReach ? 1 : 0);

  const checking = check?.status === 'checking';
  // The status line is always there, so the form does not jump while a check runs.
  const status = checking ? t('families.duplicates.checking') : found ? t('families.duplicates.found', { found }) : '';

  return (
    <>
      <p className="duplicates__status muted" role="status">
        {status}
      </p>
      {check?.status === 'failed' && <p className="notice notice--warning">{t('families.duplicates.failed')}</p>}
      {found > 0 && (
        <section className="duplicates notice notice--warning" aria-labelledby={titleId} data-testid="duplicates">
          <h4 id={titleId}>{t('families.duplicates.title')}</h4>
          <p>{t('families.duplicates.intro')}</p>
          <ul className="duplicates__list">
            {open.map((candidate) => (
              <li key={candidate.personId} className="duplicates__item">
                <p className="duplicates__name">{fullName(candidate)}</p>
                <p className="duplicates__facts">
                  {[
                    candidate.birthDate
                      ? formatIsoDate(candidate.birthDate)
                      : candidate.birthYear
                        ? t('families.bornIn', { year: candidate.birthYear })
                        : '',
                    territoryName(candidate.districtCode),
                    t('families.duplicates.score', { percent: Math.round(candidate.score * 100) }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                <ul className="reasons" aria-label={t('families.duplicates.reasons')}>
                  {candidate.reasons.map((reason) => (
                    <li key={reason} className="reason">
                      {label('matchReason', reason)}
                    </li>
                  ))}
                </ul>
                <div className="duplicates__actions">
                  <Link to={`/families/${candidate.familyId}`} className="button button--small">
                    {t('families.duplicates.openFamily')}
                  </Link>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onNotSame(candidate.personId)}
                    aria-label={t('families.duplicates.notSameNamed', { name: fullName(candidate) })}
                  >
                    {t('families.duplicates.notSame')}
                  </button>
                </div>
              </li>
            ))}
            {outsideReach && (
              <li className="duplicates__item" data-testid="duplicates-outside">
                <p>{t(`families.duplicates.outsideReach.${outsideReach.resolvedBy}`)}</p>
              </li>
            )}
          </ul>
        </section>
      )}
      {setAside.length > 0 && (
        <ul className="duplicates__set-aside">
          {setAside.map((candidate) => (
            <li key={candidate.personId} className="duplicates__set-aside-item">
              <span>{t('families.duplicates.markedNotSame', { name: fullName(candidate) })}</span>
              <button
                type="button"
                className="button button--small"
                onClick={() => onUndo(candidate.personId)}
                aria-label={t('families.duplicates.undoNamed', { name: fullName(candidate) })}
              >
                {t('families.duplicates.undo')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
