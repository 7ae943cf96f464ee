import { useTranslation } from 'react-i18next';
import type { Rebased } from '../../lib/rebase.ts';

/** A field as the conflict notice shows it: some form keys (a date's parts) read as one field. */
export type ConflictField<T> = { label: string; keys: (keyof T)[]; text: (values: T) => string };

export type Conflict<T> = { rebased: Rebased<T>; mine: T; current: T };

type Props<T> = { conflict: Conflict<T>; fields: ConflictField<T>[]; onUseTheirs: (keys: (keyof T)[]) => void };

/**
 * After a save refused because someone else saved first: what they changed (now in the form), and
 * where both changed the same field, both values, the user's kept until they choose theirs.
 */
export function ConflictNotice<T>({ conflict, fields, onUseTheirs }: Props<T>) {
  const { t } = useTranslation();
  const { rebased, mine, current } = conflict;
  const shown = (field: ConflictField<T>, values: T) => field.text(values).trim() || t('families.conflict.empty');
  const items = fields.flatMap((field) => {
    const both = field.keys.some((key) => rebased.both.includes(key));
    const theirs = field.keys.some((key) => rebased.theirs.includes(key));
    return both || theirs ? [{ field, both }] : [];
  });
  return (
    <div className="notice notice--warning conflict" data-testid="conflict">
      <p className="conflict__title">{t('families.conflict.title')}</p>
      <p>{items.length ? t('families.conflict.body') : t('families.conflict.nothingOverlaps')}</p>
      {items.length > 0 && (
        <ul className="conflict__list">
          {items.map(({ field, both }) => (
            <li key={field.label} className="conflict__item">
              {both
                ? t('families.conflict.both', { field: field.label, theirs: shown(field, current), mine: shown(field, mine) })
                : t('families.conflict.theirs', { field: field.label, value: shown(field, current) })}
              {both && (
                <button type="button" className="button button--small" onClick={() => onUseTheirs(field.keys)}>
                  {t('families.conflict.useTheirs')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
