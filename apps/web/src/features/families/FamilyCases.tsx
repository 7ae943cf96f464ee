import { mayEver } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { casesApi } from '../../api/cases.ts';
import { useResource } from '../../components/useResource.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { RiskBadge, StatusBadge } from '../cases/badges.tsx';

/**
 * The family's cases that the user may see, and the way to open one. The API has no family filter, so
 * the visible caseload is filtered here.
 */
export function FamilyCases({ familyId }: { familyId: string }) {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const readable = mayEver(actor, 'case.read');
  const cases = useResource(() => (readable ? casesApi.list({}) : Promise.resolve({ items: [], nextCursor: null })), [familyId, readable]);
  const mine = (cases.data?.items ?? []).filter((item) => item.familyId === familyId);
  return (
    <>
      {cases.data && mine.length === 0 && <p className="empty">{t('families.family.casesEmpty')}</p>}
      <ul className="case-list">
        {mine.map((item) => (
          <li key={item.id} className="case-row">
            <div className="case-row__main">
              <Link to={`/cases/${item.id}`} className="case-row__number">
                {item.number}
              </Link>
              {item.assigneeName && <span className="case-row__worker">{item.assigneeName}</span>}
            </div>
            <div className="case-row__marks">
              <StatusBadge status={item.status} />
              <RiskBadge risk={item.riskLevel} />
            </div>
          </li>
        ))}
      </ul>
      {mayEver(actor, 'case.create') && (
        <Link to={`/cases/new?family=${familyId}`} className="button button--primary">
          {t('cases.open.action')}
        </Link>
      )}
    </>
  );
}
