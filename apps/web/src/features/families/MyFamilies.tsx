import type { schemas } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { RiskBadge, StatusBadge } from '../cases/badges.tsx';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';

type Page = schemas.FamilyListOut;
type Item = schemas.FamilyListItemOut;

const PAGE_SIZE = 20;
const myFamilies = (cursor?: string) => api.get<Page>('/api/families', { assignee: 'me', limit: PAGE_SIZE, cursor });

function FamilyRow({ item, territoryName }: { item: Item; territoryName: (code: string) => string }) {
  const { t } = useTranslation();
  return (
    <li className="case-row" data-testid="my-family">
      <div className="case-row__main">
        <Link to={`/families/${item.id}`}>{item.headName ?? t('families.family.untitled')}</Link>
        <span className="muted">
          {[territoryName(item.districtCode), t('families.mine.members', { count: item.memberCount })].join(' · ')}
        </span>
      </div>
      {item.cases.length ? (
        item.cases.map((c) => (
          <div key={c.id} className="case-row__marks">
            <Link to={`/cases/${c.id}`} className="case-row__number">
              {c.number}
            </Link>
            <StatusBadge status={c.status} />
            <RiskBadge risk={c.riskLevel} />
          </div>
        ))
      ) : (
        <div className="case-row__marks">
          <span className="badge badge--muted">{t('families.mine.noCase')}</span>
        </div>
      )}
    </li>
  );
}

/** "My families": the families of the worker's open cases and those they registered without one, latest activity first. */
export function MyFamilies() {
  const { t } = useTranslation();
  const first = useResource(() => myFamilies(), []);
  const [more, setMore] = useState<{ items: Item[]; nextCursor: string | null; error: unknown }>();
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const nextCursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);
  const territoryName = useTerritoryNames(items.map((item) => item.districtCode));

  const loadMore = async () => {
    if (!nextCursor) return;
    try {
      const page = await myFamilies(nextCursor);
      setMore({ items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor, error: null });
    } catch (error) {
      setMore({ items: more?.items ?? [], nextCursor, error });
    }
  };
  const error = first.error ?? more?.error;

  return (
    <section aria-labelledby="my-families" className="my-families">
      <h2 id="my-families">{t('families.mine.title')}</h2>
      <p className="field__hint">{t('families.mine.hint')}</p>
      {error ? <FormAlert message={errorText(t, error)} /> : null}
      {first.loading && !first.data && <Loading />}
      {first.data && items.length === 0 && <p className="empty">{t('families.mine.empty')}</p>}
      {items.length > 0 && (
        <ul className="case-list">
          {items.map((item) => (
            <FamilyRow key={item.id} item={item} territoryName={territoryName} />
          ))}
        </ul>
      )}
      {nextCursor && (
        <button type="button" className="button" onClick={loadMore}>
          {t('families.mine.more')}
        </button>
      )}
    </section>
  );
}
