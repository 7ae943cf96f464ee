import { schemas } from '@hamkor/domain';
import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type ImportProblem, type ImportReport, importsApi } from '../../api/families.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { fullName } from './DuplicateWarnings.tsx';
import { useEnumLabels } from './labels.ts';

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Stage = { kind: 'idle' } | { kind: 'uploading'; share: number } | { kind: 'processing' };
type Outcome = { file: File; report: ImportReport };

/** A refused import answers 400 with each problem at rows.<row>.<column>: the same table as a dry run's. */
function problemsOf(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.flatMap((field) => {
    const match = /^rows\.(\d+)\.(.+)$/.exec(field.path);
    return match ? [{ row: Number(match[1]), column: match[2] ?? '', code: '', message: field.message }] : [];
  });
}

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function ProblemTable({ title, problems, testId }: { title: string; problems: ImportProblem[]; testId: string }) {
  const { t } = useTranslation();
  if (!problems.length) return null;
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid={testId}>
        <caption className="table__caption">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('families.import.row')}</th>
            <th scope="col">{t('families.import.column')}</th>
            <th scope="col">{t('families.import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem) => (
            <tr key={`${problem.row}:${problem.column}:${problem.message}`}>
              <th scope="row" data-label={t('families.import.row')}>
                {problem.row}
              </th>
              <td data-label={t('families.import.column')}>
                <code>{problem.column}</code>
              </td>
              <td data-label={t('families.import.problem')}>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Rows matching someone outside the importer's reach: one count for the file, as the server tells it. */
function OutsideReachNote({ outsideReach }: { outsideReach: ImportReport['outsideReach'] }) {
  const { t } = useTranslation();
  if (!outsideReach) return null;
  const count = outsideReach.more ? t('families.import.outsideReach.more', { rows: outsideReach.rows }) : outsideReach.rows;
  return (
    <p className="notice notice--warning" data-testid="import-outside-reach">
      {t(`families.import.outsideReach.${outsideReach.resolvedBy}`, { rows: count })}
    </p>
  );
}

function DuplicatesTable({ duplicates }: { duplicates: ImportReport['duplicates'] }) {
  const { t } = useTranslation();
  const { label } = useEnumLabels();
  if (!duplicates.length) return null;
  return (
    <div className="table-wrap">
      <table className="table table--stack" data-testid="import-duplicates">
        <caption className="table__caption">{t('families.import.duplicates')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('families.import.row')}</th>
            <th scope="col">{t('families.import.candidate')}</th>
            <th scope="col">{t('families.duplicates.reasons')}</th>
          </tr>
        </thead>
        <tbody>
          {duplicates.flatMap(({ row, candidates }) =>
            candidates.map((candidate) => (
              <tr key={`${row}:${candidate.personId}`}>
                <th scope="row" data-label={t('families.import.row')}>
                  {row}
                </th>
                <td data-label={t('families.import.candidate')}>
                  <Link to={`/families/${candidate.familyId}`}>{fullName(candidate)}</Link>{' '}
                  <span className="muted">{t('families.duplicates.score', { percent: Math.round(candidate.score * 100) })}</span>
                </td>
                <td data-label={t('families.duplicates.reasons')}>
                  {candidate.reasons.map((reason) => label('matchReason', reason)).join(', ')}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Families from a spreadsheet, for supervisors and administrators: check the file (nothing is written and
 * every problem is listed by row and column), then import the very file that passed.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [checked, setChecked] = useState<Outcome | null>(null);
  const [imported, setImported] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const busy = stage.kind !== 'idle';
  const cleanCheck = checked && checked.file === file && checked.report.errors.length === 0;

  const pick = (next: File | null) => {
    setFile(next);
    setChecked(null);
    setImported(null);
    setError(null);
  };
  const drop = (event: DragEvent<HTMLFieldSetElement>) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) pick(dropped);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setImported(null);
    setStage({ kind: 'uploading', share: 0 });
    try {
      const report = await importsApi.run(file, dryRun, (share) =>
        setStage(share >= 1 ? { kind: 'processing' } : { kind: 'uploading', share }),
      );
      if (dryRun) setChecked({ file, report });
      else {
        setImported(report);
        setChecked(null);
        setFile(null);
        setInputKey((key) => key + 1);
      }
    } catch (reason) {
      setError(reason);
      if (!dryRun) setChecked(null);
    } finally {
      setStage({ kind: 'idle' });
    }
  };

  const report = checked?.file === file ? checked?.report : null;
  const refused = problemsOf(error);

  return (
    <>
      <title>{`${t('families.import.title')} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to="/families">{t('nav.families')}</Link>
      </p>
      <h1>{t('families.import.title')}</h1>
      <p className="lead">{t('families.import.intro')}</p>
      <section className="card" aria-labelledby={`${inputId}-template`}>
        <h2 id={`${inputId}-template`}>{t('families.import.templateTitle')}</h2>
        <p>{t('families.import.templateText', { columns: schemas.REQUIRED_IMPORT_COLUMNS.join(', ') })}</p>
        <ul className="links">
          <li>
            <a href={importsApi.templateUrl('xlsx')} download>
              {t('families.import.templateXlsx')}
            </a>
          </li>
          <li>
            <a href={importsApi.templateUrl('csv')} download>
              {t('families.import.templateCsv')}
            </a>
          </li>
        </ul>
      </section>

      <section className="card" aria-labelledby={`${inputId}-title`}>
        <h2 id={`${inputId}-title`}>{t('families.import.fileTitle')}</h2>
        <fieldset
          aria-labelledby={`${inputId}-title`}
          className={dragging ? 'dropzone dropzone--active' : 'dropzone'}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
          data-testid="dropzone"
        >
          <label className="field__label" htmlFor={inputId}>
            {t('families.import.file')}
          </label>
          <p className="field__hint" id={`${inputId}-hint`}>
            {t('families.import.drop')}
          </p>
          <input
            key={inputKey}
            id={inputId}
            type="file"
            accept={ACCEPT}
            aria-describedby={`${inputId}-hint`}
            onChange={(event) => pick(event.target.files?.[0] ?? null)}
          />
          {file && <p className="dropzone__file">{t('families.import.chosen', { name: file.name, size: sizeText(file.size) })}</p>}
        </fieldset>
        <div className="form__actions">
          <button type="button" className="button" disabled={!file || busy} onClick={() => send(true)}>
            {t('families.import.check')}
          </button>
          <button type="button" className="button button--primary" disabled={!file || busy || !cleanCheck} onClick={() => send(false)}>
            {t('families.import.import')}
          </button>
        </div>
        {file && !cleanCheck && !busy && <p className="muted">{t('families.import.needCheck')}</p>}
        {stage.kind !== 'idle' && (
          <div className="progress" role="status">
            <progress max={1} value={stage.kind === 'uploading' ? stage.share : undefined} aria-label={t('families.import.progress')} />
            <span>
              {stage.kind === 'uploading'
                ? t('families.import.uploading', { percent: Math.round(stage.share * 100) })
                : t('families.import.processing')}
            </span>
          </div>
        )}
      </section>

      <FormAlert message={error ? errorText(t, error) : null} />
      <ProblemTable title={t('families.import.errors')} problems={refused} testId="import-errors" />

      {imported && (
        <StatusMessage>
          <p>{t('families.import.imported', { families: imported.families, persons: imported.persons })}</p>
        </StatusMessage>
      )}
      {report && (
        <section aria-labelledby={`${inputId}-report`} className="import-report">
          <h2 id={`${inputId}-report`}>{t('families.import.reportTitle')}</h2>
          <p>{t('families.import.summary', { rows: report.rows, families: report.families, persons: report.persons })}</p>
          {report.errors.length === 0 ? (
            <StatusMessage>{t('families.import.clean')}</StatusMessage>
          ) : (
            <div className="notice notice--error" role="alert">
              {t('families.import.hasErrors', { found: report.errors.length })}
            </div>
          )}
          <ProblemTable title={t('families.import.errors')} problems={report.errors} testId="import-errors" />
          <ProblemTable title={t('families.import.warnings')} problems={report.warnings} testId="import-warnings" />
          <DuplicatesTable duplicates={report.duplicates} />
          <OutsideReachNote outsideReach={report.outsideReach} />
        </section>
      )}
    </>
  );
}
