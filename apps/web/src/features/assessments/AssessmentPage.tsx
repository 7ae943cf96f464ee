import {
  type AnyInstrumentDefinition,
  type AssessmentAnswers,
  computeReadiness,
  computeRisk,
  DOMAIN_RATINGS,
  type DomainRating,
  domainScores,
  isReadiness,
  NOT_ASSESSED_REASONS,
  type NotAssessedMark,
  type NotAssessedReason,
  type ReadinessLevel,
  RISK_LEVELS,
  type RiskLevel,
  submissionProblems,
  uzCategory,
} from '@hamkor/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Assessment, type AssessmentChanges, assessmentsApi } from '../../api/assessments.ts';
import { ApiError } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, RadioGroup, SelectField, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { RiskBadge } from '../cases/badges.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { CategoryBadge, pick, ReadinessBadge, reasonText } from './text.tsx';

const SAVE_DELAY_MS = 700;

/** A domain being marked "not assessed": the reason may not be chosen yet, the note not written yet. */
type Marking = { reason: NotAssessedReason | ''; note: string };

type Draft = {
  answers: Record<string, string>;
  domainRatings: Record<string, DomainRating>;
  strengths: Record<string, string>;
  needs: Record<string, string>;
  notAssessed: Record<string, Marking>;
  overrideRisk: RiskLevel | null;
  overrideReason: string;
};

const draftOf = (a: Assessment): Draft => ({
  answers: { ...a.answers },
  domainRatings: { ...a.domainRatings },
  strengths: { ...a.strengths },
  needs: { ...a.needs },
  notAssessed: Object.fromEntries(Object.entries(a.notAssessed ?? {}).map(([key, m]) => [key, { reason: m.reason, note: m.note ?? '' }])),
  overrideRisk: a.overrideRisk,
  overrideReason: a.overrideReason ?? '',
});

/** The mark the server can take: a reason chosen, and the note written when the reason is "other". */
function markOf(marking: Marking | undefined): NotAssessedMark | null {
  if (!marking?.reason || (marking.reason === 'other' && !marking.note.trim())) return null;
  return marking.note.trim() ? { reason: marking.reason, note: marking.note.trim() } : { reason: marking.reason };
}
const marksOf = (notAssessed: Record<string, Marking>): Record<string, NotAssessedMark> =>
  Object.fromEntries(
    Object.entries(notAssessed).flatMap(([key, marking]) => {
      const mark = markOf(marking);
      return mark ? [[key, mark] as const] : [];
    }),
  );

type Pending = Omit<AssessmentChanges, 'version'>;
type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** Saves as the worker goes: changes gather for a moment, then one PATCH with the version; one at a time. */
function useAutosave(initial: Assessment, onConflict: (current: Assessment) => void) {
  const version = useRef(initial.version);
  const pending = useRef<Pending>({});
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<unknown>(null);
  const [latest, setLatest] = useState<Assessment>(initial);

  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    while (inFlight.current) await inFlight.current;
    const changes = pending.current;
    if (Object.keys(changes).length === 0) return true;
    pending.current = {};
    setState('saving');
    let ok = true;
    inFlight.current = assessmentsApi
      .update(initial.id, { ...changes, version: version.current })
      .then((saved) => {
        version.current = saved.version;
        setLatest(saved);
        setError(null);
        setState(Object.keys(pending.current).length ? 'saving' : 'saved');
      })
      .catch(async (reason: unknown) => {
        ok = false;
        if (reason instanceof ApiError && reason.status === 409) {
          const current = (reason.current as Assessment | undefined) ?? (await assessmentsApi.get(initial.id));
          version.current = current.version;
          pending.current = {};
          setLatest(current);
          onConflict(current);
          setState('idle');
          return;
        }
        // Keep what failed to go with the next attempt.
        pending.current = mergeChanges(changes, pending.current);
        setError(reason);
        setState('failed');
      })
      .finally(() => {
        inFlight.current = null;
      });
    await inFlight.current;
    return ok;
  }, [initial.id, onConflict]);

  const change = useCallback(
    (changes: Pending) => {
      pending.current = mergeChanges(pending.current, changes);
      setState('saving');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  // Leaving the page sends what is still waiting rather than dropping it.
  useEffect(
    () => () => {
      if (Object.keys(pending.current).length) void flush();
    },
    [flush],
  );
  return { change, flush, state, error, latest, version };
}

function mergeChanges(a: Pending, b: Pending): Pending {
  const merged: Pending = { ...a, ...b };
  for (const key of ['answers', 'domainRatings', 'strengths', 'needs', 'notAssessed'] as const) {
    if (a[key] || b[key]) (merged as Record<string, unknown>)[key] = { ...a[key], ...b[key] };
  }
  return merged;
}

function Stepper({
  def,
  step,
  onStep,
  answered,
}: {
  def: AnyInstrumentDefinition;
  step: number;
  onStep: (step: number) => void;
  answered: (domain: string) => string;
}) {
  const { t } = useTranslation();
  const nav = useRef<HTMLElement>(null);
  // On a phone the steps scroll sideways: keep the current one in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the step changes which button is current
  useEffect(() => {
    nav.current?.querySelector('[aria-current="step"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [step]);
  return (
    <nav aria-label={t('assessments.steps')} className="stepper" ref={nav}>
      <ol>
        {def.domains.map((domain, index) => (
          <li key={domain.key}>
            <button
              type="button"
              className="stepper__step"
              aria-current={step === index ? 'step' : undefined}
              onClick={() => onStep(index)}
            >
              <span className="stepper__number">{index + 1}</span>
              <span>{pick(domain.title)}</span>
              <span className="stepper__count">{answered(domain.key)}</span>
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="stepper__step"
            aria-current={step === def.domains.length ? 'step' : undefined}
            onClick={() => onStep(def.domains.length)}
          >
            <span className="stepper__number">✓</span>
            <span>{t('assessments.review.title')}</span>
          </button>
        </li>
      </ol>
    </nav>
  );
}

const domainNames = (def: AnyInstrumentDefinition, keys: string[]) =>
  def.domains
    .filter((d) => keys.includes(d.key))
    .map((d) => pick(d.title))
    .join(', ');

function RiskSummary({
  def,
  level,
  points,
  reasons,
  notAssessed,
  readiness,
}: {
  def: AnyInstrumentDefinition;
  level: RiskLevel;
  /** A readiness assessment's result, shown in place of the risk level it stands for. */
  readiness?: ReadinessLevel | null;
  points: number;
  reasons: Record<string, unknown>[];
  /** Domains not assessed: the level leaves them out, and says so beside it. */
  notAssessed: string[];
}) {
  const { t } = useTranslation();
  return (
    <div className="risk-summary" data-testid="computed-risk">
      {readiness ? (
        <p className="case-row__marks">
          <span>{t('assessments.readiness.computed')}</span>
          <ReadinessBadge level={readiness} />
          <span className="muted">{t('assessments.points', { points })}</span>
        </p>
      ) : (
        <p className="case-row__marks">
          <span>{t('assessments.computed')}</span>
          <RiskBadge risk={level} />
          <CategoryBadge category={uzCategory(level)} />
          <span className="muted">{t('assessments.points', { points })}</span>
        </p>
      )}
      {notAssessed.length > 0 && (
        <p className="notice notice--warning" data-testid="risk-incomplete">
          {t('assessments.notAssessed.incomplete', { domains: domainNames(def, notAssessed) })}
        </p>
      )}
      <h3>{t('assessments.why')}</h3>
      <ul className="reasons" data-testid="reasons">
        {reasons.map((reason, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the reasons have no identity beyond their order
          <li key={index}>{reasonText(t, def, reason)}</li>
        ))}
      </ul>
      <details>
        <summary>{t('assessments.rule')}</summary>
        <p>{pick(isReadiness(def) ? def.readinessRule.description : def.riskRule.description)}</p>
        <p>{pick(def.domainRule.description)}</p>
      </details>
    </div>
  );
}

/**
 * Each domain's rating, with how much is answered and the score under the domain's name: two columns, so
 * the ratings stay on a 360 px screen instead of behind a sideways scroll.
 */
function ScoresTable({
  def,
  scores,
  notAssessed,
}: {
  def: AnyInstrumentDefinition;
  scores: ReturnType<typeof domainScores>;
  notAssessed: Record<string, { reason: string; note?: string }>;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table scores-table" data-testid="domain-scores">
        <thead>
          <tr>
            <th scope="col">{t('assessments.domain')}</th>
            <th scope="col">{t('assessments.ratingLabel')}</th>
          </tr>
        </thead>
        <tbody>
          {def.domains.map((domain) => {
            const score = scores[domain.key];
            const mark = score?.notAssessed ? notAssessed[domain.key] : undefined;
            return (
              <tr key={domain.key} data-domain={domain.key}>
                <th scope="row">
                  {pick(domain.title)}
                  {!score?.notAssessed && (
                    <span className="scores-table__line">
                      {t('assessments.scoreLine', {
                        answered: score?.answered ?? 0,
                        questions: score?.questions ?? domain.questions.length,
                        score: score?.score ?? '—',
                      })}
                    </span>
                  )}
                </th>
                <td data-testid="domain-rating">
                  {score?.notAssessed ? (
                    <>
                      <span className="rating rating--not_assessed">{t('assessments.notAssessed.short')}</span>
                      {mark && (
                        <span className="scores-table__line">
                          {t(`assessments.notAssessed.reasons.${mark.reason}`)}
                          {mark.note && `: ${mark.note}`}
                        </span>
                      )}
                    </>
                  ) : (
                    <>
                      <span className={`rating rating--${score?.rating ?? 'none'}`}>
                        {score?.rating ? t(`assessments.rating.${score.rating}`) : t('assessments.notRated')}
                      </span>
                      {score?.adjusted && ` (${t('assessments.adjusted')})`}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** "Not assessed on this visit", with the reason from the list and a note (needed for "other"). */
function NotAssessedField({
  marking,
  onChange,
  noteMissing,
}: {
  marking: Marking | undefined;
  onChange: (marking: Marking | null) => void;
  noteMissing: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="not-assessed" data-testid="not-assessed">
      <label className="check">
        <input type="checkbox" checked={!!marking} onChange={(event) => onChange(event.target.checked ? { reason: '', note: '' } : null)} />
        <span>{t('assessments.notAssessed.toggle')}</span>
      </label>
      {marking && (
        <>
          <SelectField
            label={t('assessments.notAssessed.reason')}
            value={marking.reason}
            onChange={(reason) => onChange({ ...marking, reason: reason as NotAssessedReason | '' })}
            options={NOT_ASSESSED_REASONS.map((reason) => ({ value: reason, label: t(`assessments.notAssessed.reasons.${reason}`) }))}
            placeholder="—"
            required
          />
          <TextAreaField
            label={t('assessments.notAssessed.note')}
            value={marking.note}
            onChange={(note) => onChange({ ...marking, note })}
            required={marking.reason === 'other'}
            maxLength={1000}
            error={noteMissing ? t('assessments.notAssessed.noteRequired') : undefined}
          />
        </>
      )}
    </div>
  );
}

function Editor({ initial, def, onSubmitted }: { initial: Assessment; def: AnyInstrumentDefinition; onSubmitted: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [step, setStep] = useState(0);
  const [conflict, setConflict] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [reasonMissing, setReasonMissing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const onConflict = useCallback((current: Assessment) => {
    setDraft(draftOf(current));
    setConflict(true);
  }, []);
  const save = useAutosave(initial, onConflict);

  const marks = marksOf(draft.notAssessed);
  const scores = domainScores(def, draft.answers as AssessmentAnswers, draft.domainRatings, marks);
  const ready = isReadiness(def) ? computeReadiness(def, draft.answers as AssessmentAnswers, scores) : null;
  const risk = isReadiness(def) ? null : computeRisk(def, draft.answers as AssessmentAnswers, scores);
  // What the review says: domains neither answered nor marked (submission waits for them), and those answered in part.
  const problems = submissionProblems(def, scores);
  const unanswered = def.domains.filter((d) => problems.some((p) => p.path === `domains.${d.key}`));
  const partly = def.domains.filter((d) => {
    const answered = scores[d.key]?.answered ?? 0;
    return answered > 0 && answered < d.questions.length;
  });
  const nothingAnswered = def.domains.every((d) => !scores[d.key]?.answered);
  const nothingMarked = Object.keys(marks).length === 0;

  const goTo = (next: number) => {
    setStep(next);
    requestAnimationFrame(() => heading.current?.focus());
  };
  const update = (next: Partial<Draft>, changes: Pending) => {
    setConflict(false);
    setDraft((current) => ({ ...current, ...next }));
    save.change(changes);
  };
  const answer = (question: string, value: string) =>
    update({ answers: { ...draft.answers, [question]: value } }, { answers: { [question]: value } });
  const rate = (domain: string, value: DomainRating) => {
    const computed = scores[domain]?.computedRating;
    const ratings = { ...draft.domainRatings };
    if (value === computed) delete ratings[domain];
    else ratings[domain] = value;
    update({ domainRatings: ratings }, { domainRatings: { [domain]: value === computed ? null : value } });
  };
  const markDomain = (domain: string, marking: Marking | null) => {
    const notAssessed = { ...draft.notAssessed };
    if (marking) notAssessed[domain] = marking;
    else delete notAssessed[domain];
    const mark = markOf(marking ?? undefined);
    if (!mark) {
      setDraft((current) => ({ ...current, notAssessed }));
      // A mark not complete yet stays on the screen; unmarked, any mark the server holds goes.
      if (!marking) save.change({ notAssessed: { [domain]: null } });
      return;
    }
    // The server drops a marked domain's answers and adjustment: so does the screen.
    const questions = new Set(def.domains.find((d) => d.key === domain)?.questions.map((q) => q.key));
    const answers = Object.fromEntries(Object.entries(draft.answers).filter(([key]) => !questions.has(key)));
    const { [domain]: _dropped, ...domainRatings } = draft.domainRatings;
    update({ notAssessed, answers, domainRatings }, { notAssessed: { [domain]: mark } });
  };
  const text = (field: 'strengths' | 'needs', domain: string, value: string) =>
    update({ [field]: { ...draft[field], [domain]: value } }, { [field]: { [domain]: value } });
  const override = (level: RiskLevel | null, reason: string) => {
    setReasonMissing(false);
    const changes: Pending = level ? (reason.trim() ? { overrideRisk: level, overrideReason: reason } : {}) : { overrideRisk: null };
    setDraft((current) => ({ ...current, overrideRisk: level, overrideReason: reason }));
    if (Object.keys(changes).length) save.change(changes);
  };

  const submit = async () => {
    setSubmitError(null);
    if (draft.overrideRisk && !draft.overrideReason.trim()) {
      setReasonMissing(true);
      return;
    }
    if (!(await save.flush())) return;
    assessmentsApi.submit(initial.id, save.version.current).then(onSubmitted, setSubmitError);
  };

  const isReview = step === def.domains.length;
  const domain = def.domains[step];
  const saveText =
    save.state === 'saving'
      ? t('assessments.saving')
      : save.state === 'saved'
        ? t('assessments.saved')
        : save.state === 'failed'
          ? t('assessments.saveFailed')
          : '';

  return (
    <div className="assessment">
      <p className="save-state" role="status" aria-live="polite" data-testid="save-state" data-state={save.state}>
        {saveText}
      </p>
      {conflict && (
        <p className="notice notice--warning" role="alert">
          {t('assessments.conflict')}
        </p>
      )}
      <FormAlert message={save.error ? errorText(t, save.error) : null} />
      {(initial.status === 'returned' || initial.returnComment) && (
        <div className="notice notice--warning" data-testid="return-comment">
          <p>{t('assessments.returnedNotice')}</p>
          {initial.returnComment && (
            <p>
              <strong>{t('assessments.returnComment')}</strong> {initial.returnComment}
            </p>
          )}
        </div>
      )}
      <div className="assessment__layout">
        <Stepper
          def={def}
          step={step}
          onStep={goTo}
          answered={(key) => (scores[key]?.notAssessed ? '—' : `${scores[key]?.answered ?? 0}/${scores[key]?.questions ?? 0}`)}
        />
        <div className="assessment__step">
          {domain && !isReview && (
            <section aria-labelledby="step-title">
              <h2 id="step-title" ref={heading} tabIndex={-1}>
                {t('assessments.stepOf', { step: step + 1, total: def.domains.length })} · {pick(domain.title)}
              </h2>
              <NotAssessedField
                marking={draft.notAssessed[domain.key]}
                onChange={(marking) => markDomain(domain.key, marking)}
                noteMissing={draft.notAssessed[domain.key]?.reason === 'other' && !draft.notAssessed[domain.key]?.note.trim()}
              />
              {!draft.notAssessed[domain.key] &&
                domain.questions.map((question) => (
                  <RadioGroup
                    key={question.key}
                    label={pick(question.text)}
                    value={draft.answers[question.key] ?? ''}
                    onChange={(value) => answer(question.key, value)}
                    options={question.answers.map((a) => ({ value: a.key, label: pick(a.label) }))}
                    required
                  />
                ))}
              {!draft.notAssessed[domain.key] && (
                <SelectField
                  label={t('assessments.ratingLabel')}
                  hint={
                    scores[domain.key]?.computedRating
                      ? t('assessments.computedRating', { rating: t(`assessments.rating.${scores[domain.key]?.computedRating}`) })
                      : t('assessments.answerFirst')
                  }
                  value={scores[domain.key]?.rating ?? ''}
                  onChange={(value) => value && rate(domain.key, value as DomainRating)}
                  options={DOMAIN_RATINGS.map((rating) => ({ value: rating, label: t(`assessments.rating.${rating}`) }))}
                  placeholder={t('assessments.notRated')}
                  disabled={!scores[domain.key]?.computedRating}
                />
              )}
              <TextAreaField
                label={t('assessments.strengths')}
                value={draft.strengths[domain.key] ?? ''}
                onChange={(value) => text('strengths', domain.key, value)}
                maxLength={4000}
              />
              <TextAreaField
                label={t('assessments.needs')}
                value={draft.needs[domain.key] ?? ''}
                onChange={(value) => text('needs', domain.key, value)}
                maxLength={4000}
              />
            </section>
          )}
          {isReview && (
            <section aria-labelledby="step-title">
              <h2 id="step-title" ref={heading} tabIndex={-1}>
                {t('assessments.review.title')}
              </h2>
              {nothingAnswered && nothingMarked ? (
                <p className="notice notice--warning" data-testid="assessment-empty">
                  {t('assessments.review.empty')}
                </p>
              ) : (
                <>
                  {unanswered.length > 0 && (
                    <p className="notice notice--warning" data-testid="assessment-unanswered">
                      {t('assessments.review.unanswered', { domains: unanswered.map((d) => pick(d.title)).join(', ') })}
                    </p>
                  )}
                  {nothingAnswered && unanswered.length === 0 && (
                    <p className="notice notice--warning" data-testid="assessment-all-not-assessed">
                      {t('assessments.review.allNotAssessed')}
                    </p>
                  )}
                  {partly.length > 0 && (
                    <p className="notice notice--info" data-testid="assessment-missing">
                      {t('assessments.review.missing', {
                        domains: partly
                          .map((d) => `${pick(d.title)} (${scores[d.key]?.answered ?? 0}/${scores[d.key]?.questions ?? 0})`)
                          .join(', '),
                      })}
                    </p>
                  )}
                </>
              )}
              <ScoresTable def={def} scores={scores} notAssessed={marks} />
              {/* With nothing answered the rule would say "low": no level is shown rather than a false one. */}
              {!nothingAnswered && risk && (
                <RiskSummary def={def} level={risk.level} points={risk.points} reasons={risk.reasons} notAssessed={risk.notAssessed} />
              )}
              {!nothingAnswered && ready && (
                <RiskSummary
                  def={def}
                  level="low"
                  readiness={ready.level}
                  points={ready.points}
                  reasons={ready.reasons}
                  notAssessed={ready.notAssessed}
                />
              )}
              {/* A readiness result is not changed by hand: the supervisor returns it if they judge otherwise. */}
              {!ready && (
                <fieldset className="fieldset field">
                  <legend className="field__label">{t('assessments.override.title')}</legend>
                  <p className="field__hint">{t('assessments.override.hint')}</p>
                  <SelectField
                    label={t('assessments.override.level')}
                    value={draft.overrideRisk ?? ''}
                    onChange={(value) => override((value || null) as RiskLevel | null, draft.overrideReason)}
                    options={RISK_LEVELS.map((level) => ({ value: level, label: t(`enum.risk.${level}`) }))}
                    placeholder={t('assessments.override.none')}
                  />
                  {draft.overrideRisk && (
                    <TextAreaField
                      label={t('assessments.override.reason')}
                      value={draft.overrideReason}
                      onChange={(value) => override(draft.overrideRisk, value)}
                      required
                      maxLength={2000}
                      error={reasonMissing ? t('assessments.override.reasonRequired') : undefined}
                    />
                  )}
                </fieldset>
              )}
              <FormAlert message={submitError ? errorText(t, submitError) : null} />
              <div className="form-actions">
                <button type="button" className="button button--primary" onClick={submit} disabled={problems.length > 0}>
                  {t('assessments.submit')}
                </button>
              </div>
            </section>
          )}
          <div className="form-actions assessment__nav">
            {step > 0 && (
              <button type="button" className="button" onClick={() => goTo(step - 1)}>
                {t('assessments.previous')}
              </button>
            )}
            {!isReview && (
              <button type="button" className="button button--primary" onClick={() => goTo(step + 1)}>
                {step === def.domains.length - 1 ? t('assessments.toReview') : t('assessments.next')}
              </button>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

/** A submitted or approved assessment, read only: scores, the level and why, the override. */
function Result({ assessment, def }: { assessment: Assessment; def: AnyInstrumentDefinition }) {
  const { t } = useTranslation();
  const notAssessed = assessment.notAssessed ?? {};
  const scores = domainScores(def, assessment.answers as AssessmentAnswers, assessment.domainRatings, notAssessed);
  const skipped = def.domains.filter((d) => scores[d.key]?.notAssessed).map((d) => d.key);
  return (
    <>
      {assessment.status === 'submitted' && (
        <p className="notice notice--warning" data-testid="awaiting-approval">
          {t('assessments.awaiting')}
        </p>
      )}
      {assessment.status === 'approved' && (
        <p className="notice notice--success">
          {t('assessments.approvedOn', { date: assessment.approvedAt ? formatDate(assessment.approvedAt) : '' })}
        </p>
      )}
      <ScoresTable def={def} scores={scores} notAssessed={notAssessed} />
      <RiskSummary
        def={def}
        level={assessment.riskLevel}
        readiness={assessment.readiness}
        points={assessment.points}
        reasons={assessment.reasons}
        notAssessed={skipped}
      />
      {assessment.overrideRisk && (
        <div className="notice notice--info">
          <p>
            {t('assessments.override.shown', { level: t(`enum.risk.${assessment.overrideRisk}`) })}{' '}
            {assessment.overrideStatus && `(${t(`assessments.overrideStatus.${assessment.overrideStatus}`)})`}
          </p>
          <p>{assessment.overrideReason}</p>
        </div>
      )}
      {!assessment.readiness && (
        <p className="case-row__marks">
          <span>{t('assessments.standing')}</span>
          <RiskBadge risk={assessment.effectiveRisk} />
          <CategoryBadge category={assessment.effectiveCategory} />
        </p>
      )}
      {def.domains.some((d) => assessment.strengths[d.key] || assessment.needs[d.key]) && (
        <dl className="facts">
          {def.domains.flatMap((d) =>
            [
              ['strengths', assessment.strengths[d.key]],
              ['needs', assessment.needs[d.key]],
            ]
              .filter(([, value]) => value)
              .map(([field, value]) => (
                <div key={`${d.key}.${field}`}>
                  <dt>
                    {pick(d.title)} — {t(`assessments.${field}`)}
                  </dt>
                  <dd>{value}</dd>
                </div>
              )),
          )}
        </dl>
      )}
    </>
  );
}

export function AssessmentPage() {
  const { t } = useTranslation();
  const { caseId = '', id = '' } = useParams();
  const assessment = useResource(() => assessmentsApi.get(id), [id]);
  const instruments = useResource(() => assessmentsApi.instruments(), []);
  const [submittedNow, setSubmittedNow] = useState(false);
  if (assessment.error instanceof ApiError && (assessment.error.status === 404 || assessment.error.status === 400)) return <NotFoundPage />;
  const failure = assessment.error ?? instruments.error;
  if (failure) return <FormAlert message={errorText(t, failure)} />;
  if (!assessment.data || !instruments.data) return <Loading />;
  const current = assessment.data;
  const def = instruments.data.items.find((i) => i.id === current.instrumentId)?.definition;
  if (!def) return <NotFoundPage />;
  const editable = current.status === 'draft' || current.status === 'returned';
  return (
    <>
      <title>{`${pick(def.title)} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to={`/cases/${caseId}`}>{t('assessments.backToCase')}</Link> ·{' '}
        <Link to={`/cases/${caseId}/assessments`}>{t('assessments.history.title')}</Link>
        {current.childId && (
          <>
            {' · '}
            <Link to={`/care/persons/${current.childId}`}>{t('assessments.readiness.careHistory')}</Link>
          </>
        )}
      </p>
      <h1>
        {pick(def.title)} <span className="badge badge--muted">{t(`assessments.status.${current.status}`)}</span>
      </h1>
      {submittedNow && !editable && (
        <StatusMessage>
          <p>{t('assessments.submitted')}</p>
        </StatusMessage>
      )}
      {editable ? (
        <Editor
          key={current.id}
          initial={current}
          def={def}
          onSubmitted={() => {
            setSubmittedNow(true);
            assessment.reload();
          }}
        />
      ) : (
        <Result assessment={current} def={def} />
      )}
      {!editable && (
        <p>
          <Link className="button" to={`/cases/${caseId}`}>
            {t('assessments.backToCase')}
          </Link>
        </p>
      )}
    </>
  );
}
