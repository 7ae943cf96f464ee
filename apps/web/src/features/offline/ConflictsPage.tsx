import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { assessmentsApi } from '../../api/assessments.ts';
import { ApiError, api } from '../../api/client.ts';
import type { SyncConflict, SyncConflictChoice, SyncConflictField, SyncResolved } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { discardEntry, listOutbox } from '../../offline/outbox.ts';
import { type FieldView, fieldView, type InstrumentTexts, instrumentTexts, recordLink, valueText } from './conflictFields.ts';
import { useOffline } from './OfflineProvider.tsx';
import './conflicts.css';

const conflictsApi = {
  list: () => api.get<{ items: SyncConflict[] }>('/api/sync/conflicts'),
  resolve: (id: string, choices: Record<string, SyncConflictChoice>) =>
    api.post<SyncResolved>(`/api/sync/conflicts/${id}/resolve`, { choices }),
};

type Pick = 'theirs' | 'mine' | 'typed';

/**
 * Offline edits the server could not merge because someone changed the same fields meanwhile: for each field
 * the value before, theirs and mine, and the worker keeps one or types a new one. Nothing is applied until
 * they choose for every field; if the record moves on again meanwhile, the new values are shown instead.
 */
export default function ConflictsPage() {
  const { t } = useTranslation();
  const conflicts = useResource(() => conflictsApi.list(), []);
  const [saved, setSaved] = useState(false);
  const [refreshed, setRefreshed] = useState<string[]>([]);
  const items = conflicts.data?.items ?? [];
  // Answers of a screening or an assessment are named by the instrument's questions, asked only when needed.
  const asksInstrument = items.some((conflict) => conflict.entityType === 'screening' || conflict.entityType === 'assessment');
  const instruments = useResource(() => (asksInstrument ? assessmentsApi.instruments() : Promise.resolve({ items: [] })), [asksInstrument]);
  const locale = useLocale();
  const texts = useMemo(
    () =>
      instrumentTexts(
        (instruments.data?.items ?? []).map((instrument) => instrument.definition),
        locale,
      ),
    [instruments.data, locale],
  );

  return (
    <>
      <title>{`${t('syncConflicts.title')} · ${t('app.name')}`}</title>
      <h1>{t('syncConflicts.title')}</h1>
      <p className="muted">{t('syncConflicts.intro')}</p>
      {saved && <StatusMessage>{t('syncConflicts.saved')}</StatusMessage>}
      <FormAlert message={conflicts.error ? errorText(t, conflicts.error) : null} />
      {conflicts.loading && !conflicts.data && <Loading />}
      {conflicts.data && items.length === 0 && <p className="empty">{t('syncConflicts.empty')}</p>}
      {items.map((conflict) => (
        <ConflictForm
          // A refreshed conflict has new values: its choices start again.
          key={`${conflict.id}:${JSON.stringify(conflict.fields)}`}
          conflict={conflict}
          texts={texts}
          refreshed={refreshed.includes(conflict.id)}
          onSaved={() => {
            setSaved(true);
            setRefreshed((ids) => ids.filter((id) => id !== conflict.id));
            conflicts.reload();
          }}
          onChanged={() => {
            setSaved(false);
            setRefreshed((ids) => [...ids, conflict.id]);
            conflicts.reload();
          }}
        />
      ))}
    </>
  );
}

type FormProps = { conflict: SyncConflict; texts: InstrumentTexts; refreshed: boolean; onSaved: () => void; onChanged: () => void };

function ConflictForm({ conflict, texts, refreshed, onSaved, onChanged }: FormProps) {
  const { t } = useTranslation();
  const { copy, changed, syncNow } = useOffline();
  const headingId = useId();
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const link = recordLink(conflict);

  const choiceOf = (field: SyncConflictField, view: FieldView): SyncConflictChoice | null => {
    const pick = picks[field.path];
    if (pick !== 'typed') return pick ?? null;
    const text = (typed[field.path] ?? '').trim();
    if (text === '') return { value: null };
    return { value: view.typed === 'number' ? Number(text) : text };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const views = conflict.fields.map((field) => fieldView(t, conflict.entityType, field.path, texts));
    const unchosen = conflict.fields.filter((field, index) => choiceOf(field, views[index]!) === null).map((field) => field.path);
    setMissing(unchosen);
    if (unchosen.length > 0) {
      setError(t('syncConflicts.chooseAll'));
      return;
    }
    const choices = Object.fromEntries(conflict.fields.map((field, index) => [field.path, choiceOf(field, views[index]!)!]));
    setBusy(true);
    setError(null);
    try {
      await conflictsApi.resolve(conflict.id, choices);
      // The outbox keeps the command as a conflict until now; the next pull brings the record as saved.
      if (copy) {
        const entries = await listOutbox(copy);
        for (const entry of entries) if (entry.command.commandId === conflict.commandId) await discardEntry(copy, entry.command);
        changed();
        void syncNow();
      }
      onSaved();
    } catch (reason) {
      setBusy(false);
      if (reason instanceof ApiError && reason.code === 'conflict_changed') onChanged();
      else setError(errorText(t, reason));
    }
  };

  return (
    <section className="card sync-conflict" aria-labelledby={headingId} data-testid="sync-conflict">
      <h2 id={headingId}>{t(`syncConflicts.entity.${conflict.entityType}`, { defaultValue: t('syncConflicts.entity.other') })}</h2>
      <p className="muted">
        {t('syncConflicts.found', { date: `${formatDate(conflict.createdAt)} ${formatTime(conflict.createdAt)}` })}
        {link && (
          <>
            {' '}
            <Link to={link}>{t('syncConflicts.openRecord')}</Link>
          </>
        )}
      </p>
      {refreshed && (
        <div className="notice notice--warning" role="alert">
          {t('syncConflicts.changed')}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        {conflict.fields.map((field) => {
          const view = fieldView(t, conflict.entityType, field.path, texts);
          return (
            <FieldChoice
              key={field.path}
              field={field}
              view={view}
              pick={picks[field.path]}
              typed={typed[field.path] ?? ''}
              invalid={missing.includes(field.path)}
              onPick={(pick) => setPicks((all) => ({ ...all, [field.path]: pick }))}
              onType={(text) => {
                setTyped((all) => ({ ...all, [field.path]: text }));
                setPicks((all) => ({ ...all, [field.path]: 'typed' }));
              }}
            />
          );
        })}
        <FormAlert message={error} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('syncConflicts.saving') : t('syncConflicts.save')}
        </button>
      </form>
    </section>
  );
}

type FieldProps = {
  field: SyncConflictField;
  view: FieldView;
  pick: Pick | undefined;
  typed: string;
  invalid: boolean;
  onPick: (pick: Pick) => void;
  onType: (text: string) => void;
};

function FieldChoice({ field, view, pick, typed, invalid, onPick, onType }: FieldProps) {
  const { t } = useTranslation();
  const name = useId();
  const show = (value: unknown) => valueText(t, view, value);
  const option = (value: Pick, label: string, text?: string) => (
    <label className="check sync-conflict__option">
      <input type="radio" name={name} value={value} checked={pick === value} onChange={() => onPick(value)} />
      <span>
        <span className="sync-conflict__side">{label}</span>
        {text !== undefined && <span className="sync-conflict__value"> {text}</span>}
      </span>
    </label>
  );
  return (
    <fieldset
      className={invalid ? 'field fieldset sync-conflict__field field--invalid' : 'field fieldset sync-conflict__field'}
      data-path={field.path}
    >
      <legend className="field__label">{view.label}</legend>
      <p className="sync-conflict__base">
        <span className="sync-conflict__side">{t('syncConflicts.before')}</span> {show(field.base)}
      </p>
      <div className="checks">
        {option('theirs', t('syncConflicts.theirs'), show(field.theirs))}
        {option('mine', t('syncConflicts.mine'), show(field.mine))}
        {view.typed && (
          <>
            {option('typed', t('syncConflicts.other'))}
            <input
              className="sync-conflict__typed"
              type={view.typed === 'number' ? 'number' : 'text'}
              inputMode={view.typed === 'number' ? 'numeric' : undefined}
              aria-label={t('syncConflicts.otherValue', { field: view.label })}
              value={typed}
              onChange={(event) => onType(event.target.value)}
            />
          </>
        )}
      </div>
      {invalid && <p className="field__error">{t('syncConflicts.choose')}</p>}
    </fieldset>
  );
}
