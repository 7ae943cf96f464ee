import './workforce.css';
import { DEGREE_FIELDS, mayEver, STAFF_LANGUAGES, SUPERVISION_TOPICS, TRAINING_TOPICS } from '@hamkor/domain';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useParams } from 'react-router';
import { casesApi } from '../../api/cases.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { CheckboxGroup, FormAlert, SelectField, StatusMessage, TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { DateField } from '../cases/DateField.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { type ProfileChange, type StaffProfile, type Training, workforceApi } from './api.ts';
import { WorkforceIndicators } from './Indicators.tsx';

/** Runs a form's call, keeping its error and whether it is under way. */
function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      done();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** Whether the reader has a staff list or sessions to see (case staff); readers of figures see the indicators only. */
const keepsStaff = (actor: Parameters<typeof mayEver>[0]) => mayEver(actor, 'staff.create') || mayEver(actor, 'case.read');

const isoOf = (typed: string) => (typed ? (parseDayMonthYear(typed) ?? typed) : null);

function Tabs() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const tabs: [string, string, boolean][] = [
    ['/workforce', t('workforce.tabs.staff'), keepsStaff(actor)],
    ['/workforce/trainings', t('workforce.tabs.trainings'), mayEver(actor, 'training.read')],
    ['/workforce/supervision', t('workforce.tabs.supervision'), keepsStaff(actor)],
    ['/workforce/indicators', t('workforce.tabs.indicators'), mayEver(actor, 'report.read')],
  ];
  return (
    <nav className="workforce-tabs" aria-label={t('workforce.title')}>
      {tabs
        .filter(([, , shown]) => shown)
        .map(([to, label]) => (
          <NavLink key={to} to={to} end>
            {label}
          </NavLink>
        ))}
    </nav>
  );
}

function Page({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${title} · ${t('app.name')}`}</title>
      <h1>{t('workforce.title')}</h1>
      <Tabs />
      <h2>{title}</h2>
      {children}
    </>
  );
}

/** The organisation's staff, each with what they are qualified and trained in. */
function StaffPage() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const [version, setVersion] = useState(0);
  const staff = useResource(() => (keepsStaff(actor) ? workforceApi.staff() : Promise.resolve({ items: [] })), [version]);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { error, busy, run } = useSubmit();
  const fields = fieldMessages(error);
  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(
      () => workforceApi.addTrainee({ displayName: name }),
      () => {
        setMessage(t('workforce.staff.added', { name }));
        setName('');
        setVersion((v) => v + 1);
      },
    );
  };
  const items = staff.data?.items ?? [];
  if (!keepsStaff(actor)) return <IndicatorsPage />;
  return (
    <Page title={t('workforce.tabs.staff')}>
      <FormAlert message={staff.error ? errorText(t, staff.error) : null} />
      {message && <StatusMessage>{message}</StatusMessage>}
      {staff.loading && !staff.data && <Loading />}
      <ul className="case-list" data-testid="staff-list">
        {items.map((person) => (
          <li key={person.id} className="case-row">
            <div className="case-row__main">
              <Link to={`/workforce/staff/${person.userId ?? person.id}`} className="case-row__number">
                {person.displayName}
              </Link>
              <span>{[person.position, person.organisation.name].filter(Boolean).join(' · ')}</span>
              <span>
                {person.degree ? t(`workforce.degree.${person.degree.field}`) : t('workforce.degree.none')}
                {person.diploma ? ` · ${t('workforce.diplomaShort')}` : ''}
              </span>
              <span>{t('workforce.staff.trainings', { count: person.trainings.filter((r) => r.attended).length })}</span>
              {person.userId && <span>{t('workforce.staff.openCases', { count: person.openCases })}</span>}
            </div>
          </li>
        ))}
      </ul>
      {mayEver(actor, 'staff.create') && (
        <form className="form card" onSubmit={add} noValidate>
          <h3>{t('workforce.staff.addTitle')}</h3>
          <FormAlert message={error && !fields.displayName ? errorText(t, error) : null} />
          <TextField
            label={t('workforce.staff.name')}
            value={name}
            onChange={setName}
            required
            error={fields.displayName}
            maxLength={120}
          />
          <button type="submit" className="button" disabled={busy}>
            {t('workforce.staff.add')}
          </button>
        </form>
      )}
    </Page>
  );
}

function ProfileForm({ profile, onSaved }: { profile: StaffProfile; onSaved: (profile: StaffProfile) => void }) {
  const { t } = useTranslation();
  const [position, setPosition] = useState(profile.position ?? '');
  const [field, setField] = useState<string>(profile.degree?.field ?? '');
  const [institution, setInstitution] = useState(profile.degree?.institution ?? '');
  const [year, setYear] = useState(profile.degree ? String(profile.degree.year) : '');
  const [diplomaNumber, setDiplomaNumber] = useState(profile.diploma?.number ?? '');
  const [diplomaDate, setDiplomaDate] = useState(profile.diploma ? formatIsoDate(profile.diploma.date) : '');
  const [languages, setLanguages] = useState<string[]>(profile.languages);
  const { error, busy, run } = useSubmit();
  const fields = fieldMessages(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ProfileChange = {
      version: profile.version,
      position: position || null,
      degree: field || institution || year ? { field, institution, year: Number(year) || 0 } : null,
      diploma: diplomaNumber || diplomaDate ? { number: diplomaNumber, date: isoOf(diplomaDate) ?? '' } : null,
      languages,
    };
    let saved: StaffProfile | null = null;
    void run(
      async () => {
        saved = await workforceApi.saveProfile(profile.userId ?? profile.id, body);
      },
      () => saved && onSaved(saved),
    );
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormAlert message={error ? errorText(t, error) : null} />
      <TextField label={t('workforce.profile.position')} value={position} onChange={setPosition} error={fields.position} maxLength={120} />
      <SelectField
        label={t('workforce.profile.degreeField')}
        value={field}
        onChange={setField}
        placeholder={t('workforce.degree.none')}
        error={fields['degree.field']}
        options={DEGREE_FIELDS.map((value) => ({ value, label: t(`workforce.degree.${value}`) }))}
      />
      <TextField
        label={t('workforce.profile.institution')}
        value={institution}
        onChange={setInstitution}
        error={fields['degree.institution']}
      />
      <TextField
        label={t('workforce.profile.year')}
        value={year}
        onChange={setYear}
        inputMode="numeric"
        maxLength={4}
        error={fields['degree.year']}
      />
      <TextField
        label={t('workforce.profile.diplomaNumber')}
        value={diplomaNumber}
        onChange={setDiplomaNumber}
        error={fields['diploma.number']}
      />
      <DateField label={t('workforce.profile.diplomaDate')} value={diplomaDate} onChange={setDiplomaDate} error={fields['diploma.date']} />
      <CheckboxGroup
        label={t('workforce.profile.languages')}
        values={languages}
        onChange={setLanguages}
        error={fields.languages}
        columns
        options={STAFF_LANGUAGES.map((value) => ({ value, label: t(`workforce.languages.${value}`) }))}
      />
      <button type="submit" className="button" disabled={busy}>
        {t('workforce.profile.save')}
      </button>
    </form>
  );
}

function ProfilePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [reload, setReload] = useState(0);
  const profile = useResource(() => workforceApi.profile(id), [id, reload]);
  const [message, setMessage] = useState<string | null>(null);
  if (profile.error) return <NotFoundPage />;
  if (!profile.data) return <Loading />;
  const p = profile.data;
  return (
    <Page title={p.displayName}>
      {message && <StatusMessage>{message}</StatusMessage>}
      <dl className="facts">
        <dt>{t('workforce.profile.organisation')}</dt>
        <dd>{p.organisation.name}</dd>
        <dt>{t('workforce.profile.degree')}</dt>
        <dd>
          {p.degree ? `${t(`workforce.degree.${p.degree.field}`)}, ${p.degree.institution}, ${p.degree.year}` : t('workforce.degree.none')}
        </dd>
        <dt>{t('workforce.profile.diploma')}</dt>
        <dd>{p.diploma ? `${p.diploma.number}, ${formatIsoDate(p.diploma.date)}` : '—'}</dd>
        <dt>{t('workforce.profile.languages')}</dt>
        <dd>{p.languages.map((code) => t(`workforce.languages.${code}`)).join(', ') || '—'}</dd>
        {p.userId && (
          <>
            <dt>{t('workforce.profile.lastSupervised')}</dt>
            <dd>{p.lastSupervised ? formatIsoDate(p.lastSupervised) : '—'}</dd>
          </>
        )}
      </dl>
      <h3>{t('workforce.tabs.trainings')}</h3>
      {p.trainings.length === 0 && <p className="empty">{t('workforce.trainings.none')}</p>}
      <ul className="plain-list">
        {p.trainings.map((record) => (
          <li key={record.eventId}>
            {record.title} · {formatIsoDate(record.endDate)}
            {record.certificateNumber &&
              ` · ${t('workforce.trainings.certificate', { number: record.certificateNumber, date: record.certificateExpiry ? formatIsoDate(record.certificateExpiry) : '—' })}`}
          </li>
        ))}
      </ul>
      {p.canEdit && (
        <>
          <h3>{t('workforce.profile.edit')}</h3>
          <ProfileForm
            key={p.version}
            profile={p}
            onSaved={() => {
              setMessage(t('workforce.profile.saved'));
              setReload((v) => v + 1);
            }}
          />
        </>
      )}
    </Page>
  );
}

function TrainingForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [topics, setTopics] = useState<string[]>([]);
  const [hours, setHours] = useState('');
  const [organiser, setOrganiser] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [place, setPlace] = useState('');
  const [trainers, setTrainers] = useState('');
  const { error, busy, run } = useSubmit();
  const fields = fieldMessages(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      course: { title, topics, hours: Number(hours) || 0, organiser },
      startDate: isoOf(start),
      endDate: isoOf(end),
      place,
      trainers: trainers
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    };
    void run(() => workforceApi.addTraining(body), onDone);
  };
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <h3>{t('workforce.trainings.addTitle')}</h3>
      <FormAlert message={error ? errorText(t, error) : null} />
      <TextField label={t('workforce.trainings.course')} value={title} onChange={setTitle} required error={fields['course.title']} />
      <CheckboxGroup
        label={t('workforce.trainings.topics')}
        values={topics}
        onChange={setTopics}
        error={fields['course.topics']}
        columns
        options={TRAINING_TOPICS.map((value) => ({ value, label: t(`workforce.topics.${value}`) }))}
      />
      <TextField
        label={t('workforce.trainings.hours')}
        value={hours}
        onChange={setHours}
        inputMode="numeric"
        required
        error={fields['course.hours']}
      />
      <TextField
        label={t('workforce.trainings.organiser')}
        value={organiser}
        onChange={setOrganiser}
        required
        error={fields['course.organiser']}
      />
      <DateField label={t('workforce.trainings.start')} value={start} onChange={setStart} error={fields.startDate} />
      <DateField label={t('workforce.trainings.end')} value={end} onChange={setEnd} error={fields.endDate} />
      <TextField label={t('workforce.trainings.place')} value={place} onChange={setPlace} required error={fields.place} />
      <TextField
        label={t('workforce.trainings.trainers')}
        value={trainers}
        onChange={setTrainers}
        hint={t('workforce.trainings.trainersHint')}
      />
      <button type="submit" className="button" disabled={busy}>
        {t('workforce.trainings.add')}
      </button>
    </form>
  );
}

/** Participants from a spreadsheet: checked first (nothing written), then imported. */
function ParticipantsUpload({ training, onDone }: { training: Training; onDone: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Awaited<ReturnType<typeof workforceApi.uploadParticipants>> | null>(null);
  const { error, busy, run } = useSubmit();
  const send = (dryRun: boolean) => {
    if (!file) return;
    void run(
      async () => setReport(await workforceApi.uploadParticipants(training.id, file, dryRun)),
      () => !dryRun && onDone(),
    );
  };
  return (
    <div className="workforce-upload">
      <label className="field">
        <span className="field__label">{t('workforce.trainings.sheet')}</span>
        <span className="field__hint">{t('workforce.trainings.sheetHint')}</span>
        <input type="file" accept=".xlsx,.csv" onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
      </label>
      <FormAlert message={error ? errorText(t, error) : null} />
      <div className="form-actions">
        <button type="button" className="button button--secondary" disabled={!file || busy} onClick={() => send(true)}>
          {t('workforce.trainings.check')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!file || busy || !report?.dryRun || report.errors.length > 0}
          onClick={() => send(false)}
        >
          {t('workforce.trainings.import')}
        </button>
      </div>
      {report && (
        <div role="status">
          <p>{t('workforce.trainings.checked', { rows: report.rows, matched: report.matched, created: report.created })}</p>
          {report.errors.length > 0 && (
            <ul className="plain-list">
              {report.errors.map((problem) => (
                <li key={`${problem.row}-${problem.column}`}>
                  {t('workforce.trainings.problem', { row: problem.row, column: problem.column, message: problem.message })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function TrainingsPage() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const [version, setVersion] = useState(0);
  const trainings = useResource(() => workforceApi.trainings(), [version]);
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  if (!mayEver(actor, 'training.read')) return <NotFoundPage />;
  const items = trainings.data?.items ?? [];
  return (
    <Page title={t('workforce.tabs.trainings')}>
      <FormAlert message={trainings.error ? errorText(t, trainings.error) : null} />
      {trainings.loading && !trainings.data && <Loading />}
      {trainings.data && items.length === 0 && <p className="empty">{t('workforce.trainings.none')}</p>}
      <ul className="case-list">
        {items.map((training) => (
          <li key={training.id} className="case-row" data-testid="training">
            <div className="case-row__main">
              <strong>{training.course.title}</strong>
              <span>
                {formatIsoDate(training.startDate)} – {formatIsoDate(training.endDate)} · {training.place}
              </span>
              <span>{training.course.topics.map((topic) => t(`workforce.topics.${topic}`)).join(', ')}</span>
              <span>
                {t('workforce.trainings.participants', { count: training.participants.length })}
                {training.preScoreAverage !== null &&
                  ` · ${t('workforce.trainings.scores', { pre: training.preScoreAverage, post: training.postScoreAverage ?? '—' })}`}
              </span>
              <button
                type="button"
                className="button button--secondary"
                aria-expanded={open === training.id}
                onClick={() => setOpen(open === training.id ? null : training.id)}
              >
                {t('workforce.trainings.details')}
              </button>
            </div>
            {open === training.id && (
              <div className="workforce-details">
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t('workforce.staff.name')}</th>
                        <th scope="col">{t('workforce.trainings.attended')}</th>
                        <th scope="col">{t('workforce.trainings.pre')}</th>
                        <th scope="col">{t('workforce.trainings.post')}</th>
                        <th scope="col">{t('workforce.trainings.certificateColumn')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {training.participants.map((p) => (
                        <tr key={p.staffId}>
                          <td>{p.displayName}</td>
                          <td>{p.attended ? t('common.yes') : t('common.no')}</td>
                          <td>{p.preScore ?? '—'}</td>
                          <td>{p.postScore ?? '—'}</td>
                          <td>
                            {p.certificateNumber
                              ? `${p.certificateNumber} (${p.certificateExpiry ? formatIsoDate(p.certificateExpiry) : '—'})`
                              : '—'}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {training.canManage && <ParticipantsUpload training={training} onDone={() => setVersion((v) => v + 1)} />}
              </div>
            )}
          </li>
        ))}
      </ul>
      {mayEver(actor, 'training.manage') &&
        (adding ? (
          <TrainingForm
            onDone={() => {
              setAdding(false);
              setVersion((v) => v + 1);
            }}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('workforce.trainings.addTitle')}
          </button>
        ))}
    </Page>
  );
}

function SupervisionForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const staff = useResource(() => workforceApi.staff(), []);
  const cases = useResource(() => casesApi.list({}), []);
  const [workerIds, setWorkerIds] = useState<string[]>([]);
  const [date, setDate] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [topics, setTopics] = useState<string[]>([]);
  const [caseIds, setCaseIds] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [action, setAction] = useState('');
  const [actionCase, setActionCase] = useState('');
  const { error, busy, run } = useSubmit();
  const fields = fieldMessages(error);
  const workers = (staff.data?.items ?? []).filter((p) => p.userId && p.userId !== me.id);
  const caseOptions = (cases.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} · ${c.familyHeadName ?? ''}` }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const actions = action ? [{ title: action, caseId: actionCase || null }] : [];
    const body = { workerIds, date: isoOf(date), minutes: Number(minutes) || 0, topics, caseIds, notes, actions };
    void run(() => workforceApi.addSession(body), onDone);
  };
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <h3>{t('workforce.supervision.addTitle')}</h3>
      <FormAlert message={error ? errorText(t, error) : null} />
      <CheckboxGroup
        label={t('workforce.supervision.workers')}
        values={workerIds}
        onChange={setWorkerIds}
        error={fields.workerIds}
        options={workers.map((p) => ({ value: p.userId ?? '', label: p.displayName }))}
      />
      <DateField label={t('workforce.supervision.date')} value={date} onChange={setDate} error={fields.date} />
      <TextField
        label={t('workforce.supervision.minutes')}
        value={minutes}
        onChange={setMinutes}
        inputMode="numeric"
        required
        error={fields.minutes}
      />
      <CheckboxGroup
        label={t('workforce.supervision.topics')}
        values={topics}
        onChange={setTopics}
        columns
        options={SUPERVISION_TOPICS.map((value) => ({ value, label: t(`workforce.supervisionTopics.${value}`) }))}
      />
      <CheckboxGroup
        label={t('workforce.supervision.cases')}
        values={caseIds}
        onChange={setCaseIds}
        error={fields.caseIds}
        options={caseOptions}
      />
      <TextAreaField
        label={t('workforce.supervision.notes')}
        value={notes}
        onChange={setNotes}
        rows={4}
        hint={t('workforce.supervision.notesHint')}
      />
      <TextField label={t('workforce.supervision.action')} value={action} onChange={setAction} error={fields['actions.0.title']} />
      <SelectField
        label={t('workforce.supervision.actionCase')}
        value={actionCase}
        onChange={setActionCase}
        placeholder={t('workforce.supervision.noCase')}
        error={fields['actions.0.caseId']}
        options={caseOptions.filter((option) => caseIds.includes(option.value))}
      />
      <FormActions busy={busy} submitLabel={t('workforce.supervision.save')} onCancel={onDone} />
    </form>
  );
}

function SupervisionPage() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  const [version, setVersion] = useState(0);
  const sessions = useResource(() => workforceApi.sessions(), [version]);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const items = sessions.data?.items ?? [];
  return (
    <Page title={t('workforce.tabs.supervision')}>
      <p className="hint">{t('workforce.supervision.confidential')}</p>
      <FormAlert message={sessions.error ? errorText(t, sessions.error) : null} />
      {message && <StatusMessage>{message}</StatusMessage>}
      {sessions.loading && !sessions.data && <Loading />}
      {sessions.data && items.length === 0 && <p className="empty">{t('workforce.supervision.none')}</p>}
      {mayEver(actor, 'supervision.record') &&
        (adding ? (
          <SupervisionForm
            onDone={() => {
              setAdding(false);
              setMessage(t('workforce.supervision.saved'));
              setVersion((v) => v + 1);
            }}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('workforce.supervision.addTitle')}
          </button>
        ))}
      <ul className="case-list">
        {items.map((session) => (
          <li key={session.id} className="case-row" data-testid="supervision-session">
            <div className="case-row__main">
              <strong>
                {formatIsoDate(session.date)} · {t('workforce.supervision.length', { count: session.minutes })}
              </strong>
              <span>
                {session.supervisor.displayName} → {session.workers.map((w) => w.displayName).join(', ')}
              </span>
              {session.topics.length > 0 && (
                <span>{session.topics.map((topic) => t(`workforce.supervisionTopics.${topic}`)).join(', ')}</span>
              )}
              {session.cases.length > 0 && (
                <span>
                  {session.cases.map((c) => (
                    <Link key={c.id} to={`/cases/${c.id}`} className="workforce-case">
                      {c.number}
                    </Link>
                  ))}
                </span>
              )}
              {session.notes && <p className="workforce-notes">{session.notes}</p>}
              {session.actions.length > 0 && (
                <ul className="plain-list">
                  {session.actions.map((a) => (
                    <li key={a.id}>
                      {a.title}
                      {a.assignee ? ` · ${a.assignee.displayName}` : ''}
                      {a.dueDate ? ` · ${formatIsoDate(a.dueDate)}` : ''}
                      {a.taskId ? ` · ${t('workforce.supervision.task')}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function IndicatorsPage() {
  const { t } = useTranslation();
  const actor = actorOf(useMe());
  if (!mayEver(actor, 'report.read')) return <NotFoundPage />;
  return (
    <Page title={t('workforce.tabs.indicators')}>
      <WorkforceIndicators />
    </Page>
  );
}

export default function WorkforcePages() {
  return (
    <Routes>
      <Route index element={<StaffPage />} />
      <Route path="staff/:id" element={<ProfilePage />} />
      <Route path="trainings" element={<TrainingsPage />} />
      <Route path="supervision" element={<SupervisionPage />} />
      <Route path="indicators" element={<IndicatorsPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
