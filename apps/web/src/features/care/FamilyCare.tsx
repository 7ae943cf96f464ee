import './care.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useResource } from '../../components/useResource.ts';
import { formatIsoDate } from '../../lib/dates.ts';
import { careApi } from './api.ts';

/** On the family page: the children who live outside the family now, and each child's care history. */
export function FamilyCare({ familyId, kids }: { familyId: string; kids: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const placements = useResource(() => careApi.placements(familyId), [familyId]);
  if (!kids.length) return null;
  const items = placements.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="family-care-title" data-testid="family-care">
      <h2 id="family-care-title">{t('care.ofFamily')}</h2>
      {placements.data && items.length === 0 && <p className="empty">{t('care.familyNone')}</p>}
      <ul className="arrangement-list">
        {items.map((item) => (
          <li key={item.id}>
            <strong>{item.personName}</strong>: {t(`care.types.${item.type}`)}
            {item.organisation ? ` · ${item.organisation.name}` : ''} · {t('care.since', { date: formatIsoDate(item.startDate) })}
          </li>
        ))}
      </ul>
      <ul className="care-links">
        {kids.map((child) => (
          <li key={child.id}>
            <Link to={`/care/persons/${child.id}`}>
              {t('care.open')}: {child.name}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
