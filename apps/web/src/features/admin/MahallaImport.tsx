import { schemas } from '@hamkor/domain';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldMessage, request } from '../../api/client.ts';
import type { MahallaImportResult } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { StatusMessage } from '../../components/fields.tsx';

/** A template with the columns the server expects and one example row for the chosen district. */
function useTemplateUrl(district: string): string {
  const url = useMemo(() => {
    const rows = [schemas.MAHALLA_CSV_COLUMNS.join(','), `${district}-101,Yangiobod,Янгиобод,Янгиабад,Yangiobod`];
    return URL.createObjectURL(new Blob([`${rows.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
  }, [district]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return url;
}

/** `rows.5.name_uz_latn` → line 5, column name_uz_latn. */
function rowOf(path: string): { line: string; column: string } | null {
  const match = /^rows\.(\d+)\.?(.*)$/.exec(path);
  return match ? { line: match[1] ?? '', column: match[2] ?? '' } : null;
}

type Outcome = { kind: 'checked' | 'imported'; result: MahallaImportResult };

/** CSV import in two steps: check (nothing is written), then import the file that passed. */
export function MahallaImport({ district, onImported }: { district: string; onImported: () => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const template = useTemplateUrl(district);
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const result = await request<MahallaImportResult>('POST', '/api/territories/mahallas/import', {
        query: { district, dryRun },
        raw: { text: await file.text(), contentType: 'text/csv' },
      });
      setOutcome({ kind: dryRun ? 'checked' : 'imported', result });
      if (!dryRun) {
        setFile(null);
        setInputKey((key) => key + 1);
        onImported();
      }
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  const check = (event: FormEvent) => {
    event.preventDefault();
    send(true);
  };
  const problems: FieldMessage[] = error instanceof ApiError ? error.fields : [];

  return (
    <section className="card import" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`}>{t('admin.mahallas.import.title')}</h3>
      <p>{t('admin.mahallas.import.intro', { columns: schemas.MAHALLA_CSV_COLUMNS.join(',') })}</p>
      <p>
        <a href={template} download={`mahallas-${district}.csv`}>
          {t('admin.mahallas.import.template')}
        </a>
      </p>
      <form onSubmit={check} className="form" noValidate>
        <div className="field">
          <label className="field__label" htmlFor={inputId}>
            {t('admin.mahallas.import.file')}
          </label>
          <input
            key={inputKey}
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setOutcome(null);
              setError(null);
            }}
          />
        </div>
        <div className="form__actions">
          <button type="submit" className="button" disabled={!file || busy}>
            {t('admin.mahallas.import.check')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!file || busy || outcome?.kind !== 'checked'}
            onClick={() => send(false)}
          >
            {t('admin.mahallas.import.import')}
          </button>
        </div>
      </form>
      {outcome?.kind === 'checked' && (
        <StatusMessage>
          {t('admin.mahallas.import.checked', { created: outcome.result.created, updated: outcome.result.updated })}
        </StatusMessage>
      )}
      {outcome?.kind === 'imported' && (
        <StatusMessage>
          {t('admin.mahallas.import.imported', { created: outcome.result.created, updated: outcome.result.updated })}
        </StatusMessage>
      )}
      {error !== null && (
        <div className="notice notice--error" role="alert">
          <p>{errorText(t, error)}</p>
          {problems.length > 0 && (
            <ul className="problems">
              {problems.map((problem) => {
                const row = rowOf(problem.path);
                return (
                  <li key={`${problem.path}:${problem.message}`}>
                    {row
                      ? t('admin.mahallas.import.rowProblem', { line: row.line, column: row.column, message: problem.message })
                      : problem.message}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
