import { CONTACT_KINDS, type ContactKind, contactCreate, schemas, todayInUzbekistan } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import type { Assessment, CaseScreening, Instrument } from '../../api/assessments.ts';
import type { CaseDetail, Task } from '../../api/cases.ts';
import type { Consent } from '../../api/consents.ts';
import type { Family } from '../../api/families.ts';
import type { Plan } from '../../api/plans.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, RadioGroup, SelectField, StatusMessage, TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatDate, formatIsoDate, formatTime, parseDayMonthYear } from '../../lib/dates.ts';
import { checkBody } from '../../lib/validate.ts';
import {
  completeTask,
  type LocalContact,
  listOutbox,
  type OutboxEntry,
  recordContact,
  saveScreening,
  updateFamily,
} from '../../offline/outbox.ts';
import type { LocalRecord } from '../../offline/store.ts';
import { pick } from '../assessments/text.tsx';
import { RiskBadge, StatusBadge } from '../cases/badges.tsx';
import { DateField } from '../cases/DateField.tsx';
import { fullName } from '../families/DuplicateWarnings.tsx';
import { MemberForm, OfflineAssessment, OfflineConsents, OfflinePlan } from './OfflineCaseParts.tsx';
import { useOffline } from './OfflineProvider.tsx';
import { OutboxPage } from './OutboxPage.tsx';
import { RegisterOfflinePage } from './RegisterOfflinePage.tsx';
import { useLocal } from './useLocal.ts';

function headName(theCase: CaseDetail): string | null {
  return theCase.familyHead ? fullName(theCase.familyHead) : null;
}

/** The pages of the offline copy, for when the server cannot be reached. */
export function OfflineRoutes() {
  return (
    <>
      <OfflineBanner />
      <Routes>
        <Route path="cases/:id" element={<OfflineCasePage />} />
        <Route path="families/new" element={<RegisterOfflinePage />} />
        <Route path="families/:id" element={<OfflineFamilyPage />} />
        <Route path="sync/outbox" element={<OutboxPage />} />
        <Route path="*" element={<OfflineCaseloadPage />} />
      </Routes>
    </>
  );
}

export function OfflineBanner() {
  const { t } = useTranslation();
  const { pulledAt } = useOffline();
  return (
    <p className="notice notice--info offline-banner" data-testid="offline-banner">
      {pulledAt ? t('offline.banner', { time: `${formatDate(pulledAt)} ${formatTime(pulledAt)}` }) : t('offline.bannerNever')}
    </p>
  );
}

function PendingBadge() {
  const { t } = useTranslation();
  return <span className="badge badge--muted">{t('offline.pending')}</span>;
}

/** The worker's open cases from the device; the search looks at case numbers and the names kept inside the encrypted records. */
export function OfflineCaseloadPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const data = useLocal(async (copy) => {
    const [cases, families, outbox] = await Promise.all([copy.list<CaseDetail>('case'), copy.list<Family>('family'), listOutbox(copy)]);
    return { cases, families, outbox };
  }, []);
  if (!data) return <Loading />;
  const names = new Map(data.families.map((family) => [family.id, family.data.members?.map(fullName).join(' ') ?? '']));
  const needle = q.trim().toLocaleLowerCase();
  const cases = data.cases
    .filter((record) => record.data.status !== 'closed')
    .filter((record) => {
      if (!needle) return true;
      const theCase = record.data;
      return [theCase.number, headName(theCase) ?? '', names.get(theCase.familyId) ?? ''].join(' ').toLocaleLowerCase().includes(needle);
    })
    .sort((a, b) => a.data.number.localeCompare(b.data.number));
  const pendingFamilies = data.families.filter((family) => family.pending);
  return (
    <>
      <div className="section-head">
        <h1>{t('offline.caseload.title')}</h1>
        <Link to="/families/new" className="button">
          {t('offline.caseload.register')}
        </Link>
      </div>
      <div className="filters">
        <TextField label={t('cases.caseload.search')} value={q} onChange={setQ} />
      </div>
      {cases.length === 0 && <p className="empty">{t('offline.caseload.empty')}</p>}
      <ul className="case-list" data-testid="offline-caseload">
        {cases.map(({ data: theCase }) => {
          const waiting = data.outbox.filter((entry) => entry.caseId === theCase.id && entry.status === 'waiting').length;
          return (
            <li key={theCase.id} className="case-row">
              <div className="case-row__main">
                <Link to={`/cases/${theCase.id}`} className="case-row__number">
                  {theCase.number}
                </Link>
                <span>{headName(theCase) ?? t('families.family.untitled')}</span>
              </div>
              <div className="case-row__marks">
                <StatusBadge status={theCase.status} />
                <RiskBadge risk={theCase.riskLevel} />
                {waiting > 0 && <span className="badge">{t('offline.status.waiting', { count: waiting })}</span>}
              </div>
            </li>
          );
        })}
      </ul>
      {pendingFamilies.length > 0 && (
        <section aria-labelledby="offline-new-families">
          <h2 id="offline-new-families">{t('offline.caseload.newFamilies')}</h2>
          <ul className="case-list">
            {pendingFamilies.map((family) => (
              <li key={family.id} className="case-row">
                <div className="case-row__main">
                  <Link to={`/families/${family.id}`}>{family.data.members?.[0] ? fullName(family.data.members[0]) : family.id}</Link>
                </div>
                <div className="case-row__marks">
                  <PendingBadge />
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

type CaseView = {
  theCase: LocalRecord<CaseDetail> | undefined;
  tasks: LocalRecord<Task>[];
  contacts: LocalRecord<LocalContact>[];
  screening: LocalRecord<CaseScreening> | undefined;
  /** The plan in force, the one whose actions move along. */
  plan: LocalRecord<Plan> | undefined;
  consents: LocalRecord<Consent>[];
  /** The case's latest assessment and the instrument it follows. */
  assessment: LocalRecord<Assessment> | undefined;
  instrument: LocalRecord<Instrument> | undefined;
  family: LocalRecord<Family> | undefined;
  outbox: OutboxEntry[];
};

export function OfflineCasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { copy, changed } = useOffline();
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const view = useLocal<CaseView>(
    async (local) => {
      const theCase = await local.get<CaseDetail>('case', id);
      const assessment = (await local.list<Assessment>('assessment')).find((one) => one.data.caseId === id);
      return {
        theCase,
        tasks: (await local.list<Task>('task')).filter((task) => task.data.caseId === id && task.data.status !== 'cancelled'),
        contacts: (await local.list<LocalContact>('contact')).filter((contact) => contact.data.caseId === id),
        screening: await local.get<CaseScreening>('screening', id),
        plan: (await local.list<Plan>('plan')).find((plan) => plan.data.caseId === id && plan.data.status === 'approved'),
        consents: (await local.list<Consent>('consent')).filter((consent) => consent.data.caseId === id),
        assessment,
        instrument: assessment ? await local.get<Instrument>('instrument', assessment.data.instrumentId) : undefined,
        family: theCase ? await local.get<Family>('family', theCase.data.familyId) : undefined,
        outbox: await listOutbox(local),
      };
    },
    [id],
  );
  if (!view) return <Loading />;
  const current = view.theCase?.data;
  if (!current) return <p className="empty">{t('offline.case.notFound')}</p>;

  const complete = (task: LocalRecord<Task>) => {
    if (!copy) return;
    setNotice(null);
    completeTask(copy, { ...task.data, version: task.version ?? task.data.version })
      .then(() => {
        setNotice(t('offline.case.taskDone'));
        changed();
      })
      .catch(setFailure);
  };

  return (
    <>
      <title>{`${current.number} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to="/cases">{t('nav.cases')}</Link>
      </p>
      <div className="case-head">
        <h1>{t('cases.title', { number: current.number })}</h1>
        <div className="case-row__marks">
          <StatusBadge status={current.status} />
          <RiskBadge risk={current.riskLevel} />
        </div>
      </div>
      {notice && (
        <StatusMessage>
          <p>{notice}</p>
        </StatusMessage>
      )}
      <FormAlert message={failure ? errorText(t, failure) : null} />
      <dl className="facts">
        <div>
          <dt>{t('cases.family')}</dt>
          <dd>
            <Link to={`/families/${current.familyId}`}>{headName(current) ?? t('families.family.untitled')}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('cases.opened')}</dt>
          <dd>{formatDate(current.openedAt)}</dd>
        </div>
        <div>
          <dt>{t('cases.reason')}</dt>
          <dd>{current.reason}</dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="offline-tasks">
        <h2 id="offline-tasks">{t('offline.case.tasks')}</h2>
        {view.tasks.length === 0 && <p className="empty">{t('offline.case.noTasks')}</p>}
        <ul className="case-list">
          {view.tasks.map((task) => (
            <li key={task.id} className="case-row">
              <div className="case-row__main">
                <span>{task.data.title}</span>
                {task.data.dueDate && <span>{formatIsoDate(task.data.dueDate)}</span>}
              </div>
              <div className="case-row__marks">
                {task.data.status === 'done' ? (
                  task.pending ? (
                    <PendingBadge />
                  ) : (
                    <span className="badge badge--ok">{t('enum.taskStatus.done')}</span>
                  )
                ) : (
                  <button type="button" className="button button--small" onClick={() => complete(task)}>
                    {t('offline.case.complete')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      {view.screening && (
        <ScreeningForm
          record={view.screening}
          onSaved={() => {
            setNotice(t('offline.case.screeningSaved'));
            changed();
          }}
        />
      )}
      {view.assessment && view.instrument && (
        <OfflineAssessment
          record={view.assessment}
          instrument={view.instrument.data}
          onSaved={(submitted) => {
            setNotice(t(submitted ? 'offline.case.assessmentSubmitted' : 'offline.case.assessmentSaved'));
            changed();
          }}
        />
      )}
      {view.plan && (
        <OfflinePlan
          plan={view.plan}
          outbox={view.outbox}
          onSaved={() => {
            setNotice(t('offline.case.actionSaved'));
            changed();
          }}
        />
      )}
      <OfflineConsents
        caseId={current.id}
        consents={view.consents}
        members={view.family?.data.members ?? []}
        onSaved={() => {
          setNotice(t('offline.case.consentSaved'));
          changed();
        }}
      />
      <ContactForm
        caseId={current.id}
        onSaved={() => {
          setNotice(t('offline.case.recorded'));
          changed();
        }}
      />
      {view.contacts.length > 0 && (
        <section className="card" aria-labelledby="offline-contacts">
          <h2 id="offline-contacts">{t('offline.case.contacts')}</h2>
          <ul className="case-list" data-testid="offline-contacts">
            {view.contacts.map((contact) => (
              <li key={contact.id} className="case-row">
                <div className="case-row__main">
                  <strong>{t(`enum.contactKind.${contact.data.kind}`)}</strong>
                  <span>{formatIsoDate(contact.data.date)}</span>
                  <span>{contact.data.text}</span>
                </div>
                <div className="case-row__marks">
                  <PendingBadge />
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The intake screening from the device: answered or changed while the case is in intake, then queued. */
function ScreeningForm({ record, onSaved }: { record: LocalRecord<CaseScreening>; onSaved: () => void }) {
  const { t } = useTranslation();
  const { copy } = useOffline();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [unanswered, setUnanswered] = useState<string[]>([]);
  const data = record.data;
  // Once the case left intake the screening is settled: the offline page shows only what may still be changed.
  if (!data.editable) return null;
  const answers = { ...(data.screening?.answers ?? {}), ...edits };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    // The server wants every question answered: say so now rather than have the change refused later.
    const missing = data.form.questions.filter((question) => !answers[question.key]).map((question) => question.key);
    setUnanswered(missing);
    if (missing.length > 0) return;
    try {
      await saveScreening(copy, data.caseId, answers);
      setEdits({});
      onSaved();
    } catch (reason) {
      setFailure(reason);
    }
  };

  return (
    <section className="card" aria-labelledby="offline-screening-title" data-testid="offline-screening">
      <div className="case-head">
        <h2 id="offline-screening-title">{pick(data.form.title) || t('screening.title')}</h2>
        {record.pending && <PendingBadge />}
      </div>
      <form onSubmit={submit} noValidate>
        <FormAlert message={failure ? errorText(t, failure) : null} />
        {data.form.questions.map((question) => (
          <RadioGroup
            key={question.key}
            label={pick(question.text)}
            value={answers[question.key] ?? ''}
            onChange={(value) => setEdits((current) => ({ ...current, [question.key]: value }))}
            options={question.answers.map((answer) => ({ value: answer.key, label: pick(answer.label) }))}
            error={unanswered.includes(question.key) && !answers[question.key] ? t('screening.notAnswered') : undefined}
            required
          />
        ))}
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('offline.case.saveScreening')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A contact or home visit typed without signal: checked with the server's own rules, then queued. */
function ContactForm({ caseId, onSaved }: { caseId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { copy } = useOffline();
  const empty = () => ({ kind: 'home_visit', date: formatIsoDate(todayInUzbekistan()), text: '' });
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldMessages(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    const date = parseDayMonthYear(draft.date);
    const body = { kind: draft.kind, date: date ?? '', text: draft.text };
    const problem = checkBody(contactCreate, body, locale, date ? [] : [{ path: 'date', message: t('cases.dateInvalid') }]);
    setError(problem);
    if (problem) return;
    try {
      await recordContact(copy, { caseId, kind: draft.kind as ContactKind, date: body.date, text: body.text.trim() });
      setDraft(empty());
      onSaved();
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <section className="card" aria-labelledby="offline-contact-title">
      <h2 id="offline-contact-title">{t('cases.contact.title')}</h2>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <SelectField
          label={t('cases.contact.kind')}
          value={draft.kind}
          onChange={(kind) => setDraft((current) => ({ ...current, kind }))}
          required
          options={CONTACT_KINDS.map((code) => ({ value: code, label: t(`enum.contactKind.${code}`) }))}
        />
        <DateField
          label={t('cases.contact.date')}
          value={draft.date}
          onChange={(date) => setDraft((current) => ({ ...current, date }))}
          error={fields.date}
        />
        <TextAreaField
          label={t('cases.contact.text')}
          value={draft.text}
          onChange={(text) => setDraft((current) => ({ ...current, text }))}
          error={fields.text}
          required
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('offline.case.saveContact')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function OfflineFamilyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { changed } = useOffline();
  const [notice, setNotice] = useState<string | null>(null);
  const found = useLocal(async (copy) => ({ family: await copy.get<Family>('family', id), outbox: await listOutbox(copy) }), [id]);
  if (!found) return <Loading />;
  const { family } = found;
  const corrected = new Set(
    found.outbox
      .filter((entry) => entry.status === 'waiting' && entry.command.type === 'person.update')
      .map((entry) => entry.command.entityId),
  );
  if (!family) return <p className="empty">{t('offline.family.notFound')}</p>;
  const data = family.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">{t('nav.cases')}</Link>
      </p>
      <div className="case-head">
        <h1>{t('offline.family.title')}</h1>
        {family.pending && <PendingBadge />}
      </div>
      {notice && (
        <StatusMessage>
          <p>{notice}</p>
        </StatusMessage>
      )}
      <dl className="facts">
        <div>
          <dt>{t('families.household.address')}</dt>
          <dd>{data.address}</dd>
        </div>
        {data.phone && (
          <div>
            <dt>{t('families.household.phone')}</dt>
            <dd>
              <a href={`tel:${data.phone}`}>{data.phone}</a>
            </dd>
          </div>
        )}
      </dl>
      {family.version !== null && (
        <HouseholdForm
          key={`${family.id}:${data.address}:${data.phone}`}
          record={family}
          onSaved={() => setNotice(t('offline.family.saved'))}
        />
      )}
      <section className="card" aria-labelledby="offline-members">
        <h2 id="offline-members">{t('families.family.members')}</h2>
        <ul className="case-list">
          {(data.members ?? []).map((member) => (
            <li key={member.id} className="case-row offline-member-row">
              <div className="case-row__main">
                <strong>{fullName(member)}</strong>
                <span>{t(`enum.relationship.${member.relationship}`)}</span>
                {member.birthDate && <span>{formatIsoDate(member.birthDate)}</span>}
              </div>
              {corrected.has(member.id) && (
                <div className="case-row__marks">
                  <PendingBadge />
                </div>
              )}
              {family.version !== null && (
                <MemberForm
                  key={`${member.id}:${member.version}:${fullName(member)}:${member.pinfl}`}
                  familyId={family.id}
                  member={member}
                  onSaved={() => {
                    setNotice(t('offline.family.memberSaved'));
                    changed();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** The household's address and phone, corrected on a visit: only what changed is queued, with its value before. */
function HouseholdForm({ record, onSaved }: { record: LocalRecord<Family>; onSaved: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { copy, changed } = useOffline();
  const [address, setAddress] = useState(record.data.address);
  const [phone, setPhone] = useState(record.data.phone ?? '');
  const [error, setError] = useState<unknown>(null);
  const fields = fieldMessages(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    const body = { address: address.trim(), phone: phone.trim() || null };
    const problem = checkBody(schemas.familyUpdate, { ...body, version: record.version ?? 0 }, locale);
    setError(problem);
    if (problem) return;
    try {
      if (await updateFamily(copy, record.id, body)) {
        changed();
        onSaved();
      }
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <section className="card" aria-labelledby="offline-household-edit">
      <h2 id="offline-household-edit">{t('families.household.edit')}</h2>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <TextField label={t('families.household.address')} value={address} onChange={setAddress} error={fields.address} required />
        <TextField
          label={t('families.household.phone')}
          hint={t('families.household.phoneHint')}
          type="tel"
          inputMode="tel"
          value={phone}
          onChange={setPhone}
          error={fields.phone}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('offline.register.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
