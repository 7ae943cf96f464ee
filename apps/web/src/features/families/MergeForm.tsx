import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Family, familiesApi, type Person, type PersonSearchItem, personsApi } from '../../api/families.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert } from '../../components/fields.tsx';
import { fullName } from './DuplicateWarnings.tsx';
import { birthText, searchItemBirth } from './format.ts';
import { usePersonSearch } from './usePersonSearch.ts';

/** What is merged into what: a whole family into this one, or another person's record into this member's. */
export type MergeTarget = { kind: 'family'; family: Family } | { kind: 'person'; family: Family; person: Person };

type Chosen = { item: PersonSearchItem; family: Family; person: Person | undefined };

const headOf = (family: Family) => family.members.find((member) => member.relationship === 'head') ?? family.members[0];

type Props = { target: MergeTarget; onMerged: (message: string) => void; onCancel: () => void };

/**
 * A supervisor's merge of duplicates: find the other record, see what will happen, confirm. The other
 * record is kept, marked as merged into this one, so its history stays readable.
 */
export function MergeForm({ target, onMerged, onCancel }: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const [query, setQuery] = useState('');
  const search = usePersonSearch(query);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const isSelf = (item: PersonSearchItem) => (target.kind === 'family' ? item.familyId === target.family.id : item.id === target.person.id);

  const choose = async (item: PersonSearchItem) => {
    setError(null);
    setBusy(true);
    try {
      const family = await familiesApi.get(item.familyId);
      setChosen({ item, family, person: family.members.find((member) => member.id === item.id) });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const merge = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      if (target.kind === 'family') {
        const merged = await familiesApi.merge(target.family.id, {
          otherFamilyId: chosen.family.id,
          version: target.family.version,
          otherVersion: chosen.family.version,
        });
        onMerged(t('families.merge.familyDone', { members: merged.members.length }));
      } else if (chosen.person) {
        await personsApi.merge(target.person.id, {
          otherPersonId: chosen.person.id,
          version: target.person.version,
          otherVersion: chosen.person.version,
        });
        onMerged(t('families.merge.personDone', { name: fullName(target.person) }));
      }
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  if (chosen) {
    const head = headOf(chosen.family);
    return (
      <div className="form">
        <FormAlert message={error ? errorText(t, error) : null} />
        <p>
          {target.kind === 'family'
            ? t('families.merge.confirmFamily', { other: head ? fullName(head) : chosen.family.address, address: chosen.family.address })
            : t('families.merge.confirmPerson', { other: fullName(chosen.item), name: fullName(target.person) })}
        </p>
        {target.kind === 'family' && (
          <ul className="merge__members">
            {chosen.family.members.map((member) => (
              <li key={member.id}>
                {fullName(member)} · {birthText(t, member)}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{target.kind === 'family' ? t('families.merge.familyEffect') : t('families.merge.personEffect')}</p>
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={merge} disabled={busy}>
            {t('families.merge.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setChosen(null)} disabled={busy}>
            {t('families.merge.back')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          {target.kind === 'family' ? t('families.merge.findFamily') : t('families.merge.findPerson')}
        </label>
        <p className="field__hint" id={`${inputId}-hint`}>
          {t('families.search.hint')}
        </p>
        <input
          id={inputId}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          autoComplete="off"
          aria-describedby={`${inputId}-hint`}
        />
      </div>
      <p className="muted" role="status">
        {search.status === 'done'
          ? search.items.length
            ? t('families.search.count', { found: search.items.length })
            : t('families.search.none')
          : search.status === 'short'
            ? t('families.search.tooShort')
            : ''}
      </p>
      {search.items.length > 0 && (
        <ul className="merge__choices">
          {search.items.map((item) => (
            <li key={item.id} className="merge__choice">
              <span>
                <span className="result__name">{fullName(item)}</span>
                <span className="result__facts">
                  {birthText(t, searchItemBirth(item))} · {t(`enum.relationship.${item.relationship}`)}
                </span>
              </span>
              {isSelf(item) ? (
                <span className="badge badge--muted">
                  {target.kind === 'family' ? t('families.merge.thisFamily') : t('families.merge.thisPerson')}
                </span>
              ) : (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => choose(item)}
                  disabled={busy}
                  aria-label={t('families.merge.chooseNamed', { name: fullName(item) })}
                >
                  {t('families.merge.choose')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="form__actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
