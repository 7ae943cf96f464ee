import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '../../api/cases.ts';
import { referralsApi } from '../../api/referrals.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { ReferralRows } from './ReferralsList.tsx';

/** The referrals sent for the case, and sending a new one. */
export function CaseReferrals({ theCase }: { theCase: CaseDetail }) {
  const { t } = useTranslation();
  const referrals = useResource(() => referralsApi.list({ box: 'outbox', caseId: theCase.id }), [theCase.id, theCase.version]);
  const items = referrals.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="case-referrals-title" data-testid="case-referrals">
      <h2 id="case-referrals-title">{t('referrals.ofCase')}</h2>
      <FormAlert message={referrals.error ? errorText(t, referrals.error) : null} />
      {referrals.data && items.length === 0 && <p className="empty">{t('referrals.noneForCase')}</p>}
      <ReferralRows items={items} box="outbox" />
      {!theCase.readOnly && (
        <div className="case-actions">
          <Link className="button" to={`/referrals/new?case=${theCase.id}`}>
            {t('referrals.new')}
          </Link>
        </div>
      )}
    </section>
  );
}
