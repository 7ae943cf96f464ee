import './care.css';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatIsoDate } from '../../lib/dates.ts';
import { careApi } from './api.ts';

/** Children in care within the reader's reach: for a residential organisation, those placed with it now. */
export function PlacementsPage() {
  const { t } = useTranslation();
  const placements = useResource(() => careApi.placements(), []);
  const items = placements.data?.items ?? [];
  return (
    <>
      <title>{`${t('care.title')} · ${t('app.name')}`}</title>
      <h1>{t('care.title')}</h1>
      <p className="hint">{t('care.placedHere')}</p>
      <FormAlert message={placements.error ? errorText(t, placements.error) : null} />
      {placements.loading && !placements.data && <Loading />}
      {placements.data && items.length === 0 && <p className="empty">{t('care.noneHere')}</p>}
      <ul className="case-list">
        {items.map((item) => (
          <li key={item.id} className="case-row" data-testid="placement">
            <div className="case-row__main">
              <Link to={`/care/persons/${item.personId}`} className="case-row__number">
                {item.personName}
              </Link>
              {item.birthDate && <span>{formatIsoDate(item.birthDate)}</span>}
              <span>
                {t(`care.types.${item.type}`)}
                {item.organisation ? ` · ${item.organisation.name}` : ''}
              </span>
              <span>{t('care.since', { date: formatIsoDate(item.startDate) })}</span>
              {item.reviewPending && <span className="badge badge--danger">{t('care.reviewPending')}</span>}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
