import { ACTION_STATUSES, consentCreate, domainScores, schemas, submissionProblems } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assessment, Instrument } from '../../api/assessments.ts';
import type { Consent } from '../../api/consents.ts';
import type { Family } from '../../api/families.ts';
import type { Plan, PlanAction } from '../../api/plans.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, RadioGroup, SelectField } from '../../components/fields.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatIsoDate } from '../../lib/dates.ts';
import { checkBody } from '../../lib/validate.ts';
import { type OutboxEntry, recordConsent, saveAssessment, submitAssessment, updatePerson, updatePlanAction } from '../../offline/outbox.ts';
import type { LocalRecord } from '../../offline/store.ts';
import { pick } from '../assessments/text.tsx';
import { fullName } from '../families/DuplicateWarnings.tsx';
import { MemberFields } from '../families/MemberFields.tsx';
import { type MemberValues, memberValuesOf, personChanges } from '../families/values.ts';
import { consentScopeText } from '../referrals/CaseConsents.tsx';
import { ConsentFields, consentBody, emptyConsent } from '../referrals/ConsentFields.tsx';
import { ORGANISATIONS, useOffline } from './OfflineProvider.tsx';
import { useLocal } from './useLocal.ts';

type Member = Family['members'][number];

function PendingBadge() {
  const { t } = useTranslation();
  return <span className="badge badge--muted">{t('offline.pending')}</span>;
}

/** The plan in force, from the device: each action's status can be moved along, queued and shown as waiting. */
export function OfflinePlan({ plan, outbox, onSaved }: { plan: LocalRecord<Plan>; outbox: OutboxEntry[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const waiting = new Set(
    outbox
      .filter((entry) => entry.status === 'waiting' && entry.command.type === 'plan_action.update')
      .map((entry) => entry.command.entityId),
  );
  return (
    <section className="card" aria-labelledby="offline-plan" data-testid="offline-plan">
      <h2 id="offline-plan">{t('plans.title')}</h2>
      {plan.data.goals.map((goal) => (
        <section key={goal.id} aria-label={goal.title}>
          <h3>{goal.title}</h3>
          <ul className="case-list">
            {goal.actions.map((action) => (
              <li key={action.id} className="case-row offline-action" data-testid="offline-action">
                <ActionStatusForm planId={plan.id} action={action} pending={waiting.has(action.id)} onSaved={onSaved} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function ActionStatusForm({
  planId,
  action,
  pending,
  onSaved,
}: {
  planId: string;
  action: PlanAction;
  pending: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { copy } = useOffline();
  const [status, setStatus] = useState<string>(action.status);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    try {
      if (await updatePlanAction(copy, planId, action.id, status)) onSaved();
    } catch (reason) {
      setFailure(reason);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="offline-action__form">
      <FormAlert message={failure ? errorText(t, failure) : null} />
      <SelectField
        label={action.what}
        hint={t('plans.dueOn', { date: formatIsoDate(action.dueDate) })}
        value={status}
        onChange={setStatus}
        required
        options={ACTION_STATUSES.map((code) => ({ value: code, label: t(`plans.actionStatus.${code}`) }))}
      />
      <div className="case-row__marks">
        {pending && <PendingBadge />}
        {/* Each action has its own button: its name, starting with what is shown, says which action it saves. */}
        <button type="submit" className="button button--small" aria-label={`${t('offline.case.saveAction')}: ${action.what}`}>
          {t('offline.case.saveAction')}
        </button>
      </div>
    </form>
  );
}

/** The family's consents held on the device, and a consent given on the visit, checked with the server's rules and queued. */
export function OfflineConsents({
  caseId,
  consents,
  members,
  onSaved,
}: {
  caseId: string;
  consents: LocalRecord<Consent>[];
  members: Member[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { copy } = useOffline();
  const [values, setValues] = useState(emptyConsent);
  const [error, setError] = useState<unknown>(null);
  const organisations = useLocal((local) => local.readMeta<{ id: string; name: string }[]>(ORGANISATIONS), []);
  const fields = fieldMessages(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    const body = consentBody(values);
    const problem = checkBody(consentCreate, body, locale, body.date ? [] : [{ path: 'date', message: t('cases.dateInvalid') }]);
    setError(problem);
    const giver = members.find((member) => member.id === values.givenBy);
    if (problem || !giver) return;
    try {
      await recordConsent(copy, { caseId, ...body }, giver, organisations ?? []);
      setValues(emptyConsent());
      onSaved();
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <section className="card" aria-labelledby="offline-consents" data-testid="offline-consents">
      <h2 id="offline-consents">{t('consents.title')}</h2>
      {consents.length === 0 && <p className="empty">{t('consents.none')}</p>}
      <ul className="case-list">
        {consents.map(({ id, data, pending }) => (
          <li key={id} className="case-row">
            <div className="case-row__main">
              <strong>{data.givenBy ? fullName(data.givenBy) : ''}</strong>
              <span>{t('consents.given', { date: formatIsoDate(data.date) })}</span>
              <span>{consentScopeText(t, data)}</span>
            </div>
            <div className="case-row__marks">
              {pending ? (
                <PendingBadge />
              ) : (
                data.status === 'withdrawn' && <span className="badge badge--muted">{t('consents.withdrawn')}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
      <h3>{t('consents.recordTitle')}</h3>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <ConsentFields
          values={values}
          onChange={(change) => setValues((current) => ({ ...current, ...change }))}
          members={members}
          organisations={organisations ?? []}
          errors={fields}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('offline.case.saveConsent')}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * A family member corrected on a visit, in a disclosure under their row, with the same fields as the family
 * page: only what changed is queued, with its value before, checked first with the server's own rules.
 */
export function MemberForm({ familyId, member, onSaved }: { familyId: string; member: Member; onSaved: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { copy } = useOffline();
  const [values, setValues] = useState<MemberValues>(() => memberValuesOf(member));
  const [error, setError] = useState<unknown>(null);
  const fields = fieldMessages(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    const built = personChanges(memberValuesOf(member), values);
    const problems = built.problems.map((problem) => ({ ...problem, message: t(problem.message) }));
    const problem = checkBody(schemas.personUpdate, { ...built.body, version: member.version }, locale, problems);
    setError(problem);
    if (problem) return;
    try {
      if (await updatePerson(copy, familyId, member.id, built.body)) onSaved();
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <details className="offline-member">
      <summary>{t('offline.family.editMember')}</summary>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <MemberFields
          values={values}
          onChange={(change) => setValues((current) => ({ ...current, ...change }))}
          errorOf={(path) => fields[path]}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('offline.family.saveMember')}
          </button>
        </div>
      </form>
    </details>
  );
}

/**
 * The case's draft assessment from the device: answered domain by domain, saved as the changed answers, and
 * submitted for approval; both wait in the outbox. A submitted one shows only that it waits to be sent.
 */
export function OfflineAssessment({
  record,
  instrument,
  onSaved,
}: {
  record: LocalRecord<Assessment>;
  instrument: Instrument;
  onSaved: (submitted: boolean) => void;
}) {
  const { t } = useTranslation();
  const { copy } = useOffline();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const data = record.data;
  const def = instrument.definition;
  const title = pick(def.title) || t('assessments.title');
  if (data.status !== 'draft' && data.status !== 'returned') {
    if (!record.pending) return null;
    return (
      <section className="card" aria-labelledby="offline-assessment" data-testid="offline-assessment">
        <div className="case-head">
          <h2 id="offline-assessment">{title}</h2>
          <PendingBadge />
        </div>
        <p>{t('offline.case.assessmentSubmitted')}</p>
      </section>
    );
  }
  const answers = { ...data.answers, ...edits };

  const save = async (submit: boolean) => {
    if (!copy) return;
    // The server refuses a submission while a domain is neither answered nor marked not assessed: say which now.
    const gaps = submit ? submissionProblems(def, domainScores(def, answers, data.domainRatings, data.notAssessed ?? {})) : [];
    const unanswered = def.domains.filter((d) => gaps.some((gap) => gap.path === `domains.${d.key}`)).map((d) => pick(d.title));
    setProblem(
      gaps.length === 0
        ? null
        : unanswered.length
          ? t('assessments.review.unanswered', { domains: unanswered.join(', ') })
          : t('assessments.review.allNotAssessed'),
    );
    if (gaps.length) return;
    try {
      const saved = await saveAssessment(copy, record.id, answers);
      const submitted = submit ? await submitAssessment(copy, record.id) : null;
      setEdits({});
      if (saved || submitted) onSaved(submit);
    } catch (reason) {
      setFailure(reason);
    }
  };

  return (
    <section className="card" aria-labelledby="offline-assessment" data-testid="offline-assessment">
      <div className="case-head">
        <h2 id="offline-assessment">{title}</h2>
        {record.pending && <PendingBadge />}
      </div>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save(false);
        }}
      >
        <FormAlert message={problem ?? (failure ? errorText(t, failure) : null)} />
        {def.domains.map((domain) => {
          // A domain marked "not assessed" online keeps its mark here: its questions are put away, as online.
          const mark = data.notAssessed?.[domain.key];
          return (
            <section key={domain.key} aria-label={pick(domain.title)} data-not-assessed={mark ? 'true' : undefined}>
              <h3>{pick(domain.title)}</h3>
              {mark ? (
                <p className="muted">
                  {t('assessments.notAssessed.toggle')}: {t(`assessments.notAssessed.reasons.${mark.reason}`)}
                  {mark.note ? ` — ${mark.note}` : ''}
                </p>
              ) : (
                domain.questions.map((question) => (
                  <RadioGroup
                    key={question.key}
                    label={pick(question.text)}
                    value={answers[question.key] ?? ''}
                    onChange={(value) => setEdits((current) => ({ ...current, [question.key]: value }))}
                    options={question.answers.map((answer) => ({ value: answer.key, label: pick(answer.label) }))}
                  />
                ))
              )}
            </section>
          );
        })}
        <div className="form__actions">
          <button type="submit" className="button">
            {t('offline.case.saveAssessment')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void save(true)}>
            {t('assessments.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
