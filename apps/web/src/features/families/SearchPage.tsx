import { mayEver } from '@hamkor/domain';
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { PersonSearchItem } from '../../api/families.ts';
import { errorText } from '../../components/errors.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';
import { fullName } from './DuplicateWarnings.tsx';
import { ageText, birthText, searchItemBirth } from './format.ts';
import { MyFamilies } from './MyFamilies.tsx';
import { usePersonSearch } from './usePersonSearch.ts';

/** Up and down arrows move between the results; Escape goes back to the search box. */
function moveBetweenResults(event: KeyboardEvent<HTMLElement>, input: HTMLInputElement | null) {
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.result')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = event.key === 'ArrowDown' ? links[at + 1] : event.key === 'ArrowUp' ? (at > 0 ? links[at - 1] : input) : null;
  if (event.key === 'Escape') input?.focus();
  else if (next) next.focus();
  else return;
  event.preventDefault();
}

function ResultLink({ item, territoryName }: { item: PersonSearchItem; territoryName: (code: string) => string }) {
  const { t } = useTranslation();
  const birth = searchItemBirth(item);
  const age = ageText(t, birth);
  return (
    <Link to={`/families/${item.familyId}`} className="result">
      <span className="result__name">{fullName(item)}</span>
      <span className="result__facts">
        {[
          birthText(t, birth) + (age ? ` (${age})` : ''),
          t(`enum.relationship.${item.relationship}`),
          territoryName(item.districtCode),
        ].join(' · ')}
      </span>
    </Link>
  );
}

/** The Families section: find a person in any script, by birth year or PINFL, and open their family. */
export function SearchPage() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(() => params.get('q') ?? '');
  const search = usePersonSearch(query);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const inputId = useId();
  const territoryName = useTerritoryNames(search.items.map((item) => item.districtCode));

  const change = (value: string) => {
    setQuery(value);
    setParams(value.trim() ? { q: value } : {}, { replace: true });
  };
  const firstResult = () => list.current?.querySelector<HTMLAnchorElement>('a.result')?.focus();
  const announcement =
    search.status === 'short'
      ? t('families.search.tooShort')
      : search.status === 'failed'
        ? errorText(t, search.error)
        : search.status === 'done'
          ? search.items.length
            ? t('families.search.count', { found: search.items.length })
            : t('families.search.none')
          : '';

  return (
    <>
      <title>{`${t('nav.families')} · ${t('app.name')}`}</title>
      <div className="section-head">
        <h1>{t('nav.families')}</h1>
        <div className="section-head__actions">
          {mayEver(actor, 'family.create') && (
            <Link to="/families/new" className="button button--primary">
              {t('families.actions.register')}
            </Link>
          )}
          {mayEver(actor, 'import.run') && (
            <Link to="/families/import" className="button">
              {t('families.actions.import')}
            </Link>
          )}
        </div>
      </div>
      <search>
        <form
          className="card card--flat search"
          onSubmit={(event) => {
            event.preventDefault();
            firstResult();
          }}
        >
          <label htmlFor={inputId} className="field__label">
            {t('families.search.label')}
          </label>
          <p id={`${inputId}-hint`} className="field__hint">
            {t('families.search.hint')}
          </p>
          <input
            ref={input}
            id={inputId}
            type="search"
            className="search__input"
            value={query}
            onChange={(event) => change(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                firstResult();
              }
            }}
            placeholder={t('families.search.placeholder')}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${inputId}-hint`}
            aria-controls={`${inputId}-results`}
          />
        </form>
      </search>
      <p className={search.status === 'failed' ? 'search__status notice notice--error' : 'search__status muted'} role="status">
        {announcement}
      </p>
      {search.status === 'loading' && (
        <p className="search__status muted" aria-hidden="true">
          {t('families.search.searching')}
        </p>
      )}
      {search.items.length > 0 && (
        <ol
          ref={list}
          id={`${inputId}-results`}
          className="results"
          aria-label={t('families.search.results')}
          onKeyDown={(event) => moveBetweenResults(event, input.current)}
        >
          {search.items.map((item) => (
            <li key={item.id}>
              <ResultLink item={item} territoryName={territoryName} />
            </li>
          ))}
        </ol>
      )}
      {search.nextCursor && (
        <button type="button" className="button" onClick={search.more}>
          {t('families.search.more')}
        </button>
      )}
      {search.status === 'idle' && <MyFamilies />}
    </>
  );
}
