import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Referral } from '../../api/referrals.ts';
import { useNamer } from '../../i18n/useLocale.ts';
import { formatDate } from '../../lib/dates.ts';

export function ReferralStatus({ referral }: { referral: Referral }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`badge referral-status referral-status--${referral.status}`} data-status={referral.status}>
        {t(`referrals.status.${referral.status}`)}
      </span>
      {referral.overdue && (
        <span className="badge badge--danger" data-testid="overdue">
          {t('referrals.overdue')}
        </span>
      )}
    </>
  );
}

/** Referrals as rows: who to (or from), which service, when, and where they stand. */
export function ReferralRows({ items, box }: { items: Referral[]; box: 'inbox' | 'outbox' }) {
  const { t } = useTranslation();
  const name = useNamer();
  return (
    <ul className="case-list">
      {items.map((referral) => (
        <li key={referral.id} className="case-row" data-testid="referral">
          <div className="case-row__main">
            <Link to={`/referrals/${referral.id}`} className="case-row__number">
              {name(box === 'inbox' ? referral.fromOrganisation.names : referral.toOrganisation.names)}
            </Link>
            <span>{referral.service ? name(referral.service.names) : t('referrals.noService')}</span>
            {referral.view === 'sender' && <span className="case-row__worker">{referral.caseNumber}</span>}
            <span className="case-row__worker">
              {t('referrals.sentOn', { date: formatDate(referral.sentAt) })} · {t(`enum.urgency.${referral.urgency}`)}
            </span>
          </div>
          <div className="case-row__marks">
            <ReferralStatus referral={referral} />
          </div>
        </li>
      ))}
    </ul>
  );
}
