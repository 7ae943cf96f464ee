import './tracing.css';
import { can, TRACING_CONSENT_GIVERS, TRACING_KINDS, TRACING_RELATIONS } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { CheckboxGroup, FormAlert, RadioGroup, SelectField, StatusMessage, TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { DateField } from '../cases/DateField.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { type TracingDraft, type TracingMatch, type TracingRequest, tracingApi } from './api.ts';

const soughtName = (request: TracingRequest) =>
  [request.sought.surname, request.sought.givenName, request.sought.patronymic].filter(Boolean).join(' ');

function StatusBadge({ status }: { status: TracingRequest['status'] }) {
  const { t } = useTranslation();
  const done = status === 'reunified' || status === 'closed';
  return <span className={done ? 'badge badge--muted' : 'badge badge--pending'}>{t(`tracing.status.${status}`)}</span>;
}

/** The requests of the user's organisation, newest first. */
function TracingListPage() {
  const { t } = useTranslation();
  const list = useResource(() => tracingApi.list(), []);
  const items = list.data?.items ?? [];
  return (
    <>
      <title>{`${t('tracing.title')} · ${t('app.name')}`}</title>
      <h1>{t('tracing.title')}</h1>
      <p>{t('tracing.intro')}</p>
      <p>
        <Link className="button button--primary" to="/tracing/new">
          {t('tracing.new')}
        </Link>
      </p>
      <FormAlert message={list.error ? errorText(t, list.error) : null} />
      {!list.data && !list.error && <Loading />}
      {list.data && items.length === 0 && <p className="empty">{t('tracing.empty')}</p>}
      <ul className="tracing-list">
        {items.map((request) => (
          <li key={request.id} className="tracing-item">
            <Link to={`/tracing/${request.id}`}>{soughtName(request)}</Link>
            <StatusBadge status={request.status} />
            <span>
              {t(`tracing.kind.${request.kind}`)} · {formatDate(request.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

type Relative = { relation: string; surname: string; givenName: string };

const today = () => formatDate(new Date());

/** A new request: what is known of the person sought, relatives' names, and the consent to trace. */
function TracingFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [kind, setKind] = useState<TracingDraft['kind']>('separated_child');
  const [sought, setSought] = useState({
    surname: '',
    givenName: '',
    patronymic: '',
    sex: '',
    approxAge: '',
    lastKnownPlace: '',
    country: '',
  });
  const [relatives, setRelatives] = useState<Relative[]>([]);
  const [consent, setConsent] = useState({ given: false, givenBy: '', date: today() });
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const set = (change: Partial<typeof sought>) => setSought((current) => ({ ...current, ...change }));
  const setRelative = (index: number, change: Partial<Relative>) =>
    setRelatives((current) => current.map((relative, i) => (i === index ? { ...relative, ...change } : relative)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const age = sought.approxAge.trim();
    try {
      const created = await tracingApi.create({
        kind,
        sought: {
          surname: sought.surname,
          givenName: sought.givenName,
          ...(sought.patronymic && { patronymic: sought.patronymic }),
          ...(sought.sex && { sex: sought.sex }),
          ...(age && { approxAge: /^\d+$/.test(age) ? Number(age) : (age as unknown as number) }),
          ...(sought.lastKnownPlace && { lastKnownPlace: sought.lastKnownPlace }),
          ...(sought.country && { country: sought.country.toUpperCase() }),
          relatives: relatives
            .filter((r) => r.givenName.trim())
            .map((r) => ({ relation: r.relation || 'other', givenName: r.givenName, ...(r.surname && { surname: r.surname }) })),
        },
        consent: { given: consent.given, givenBy: consent.givenBy, date: parseDayMonthYear(consent.date) ?? consent.date },
        ...(note && { note }),
      });
      navigate(`/tracing/${created.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <>
      <title>{`${t('tracing.new')} · ${t('app.name')}`}</title>
      <h1>{t('tracing.new')}</h1>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error ? errorText(t, error) : null} />
        <RadioGroup
          label={t('tracing.kindLabel')}
          value={kind}
          onChange={(value) => setKind(value as TracingDraft['kind'])}
          options={TRACING_KINDS.map((value) => ({ value, label: t(`tracing.kind.${value}`) }))}
        />
        <h2>{t('tracing.sought')}</h2>
        <TextField
          label={t('tracing.surname')}
          required
          value={sought.surname}
          onChange={(surname) => set({ surname })}
          error={fields['sought.surname']}
        />
        <TextField
          label={t('tracing.givenName')}
          required
          value={sought.givenName}
          onChange={(givenName) => set({ givenName })}
          error={fields['sought.givenName']}
        />
        <TextField
          label={t('tracing.patronymic')}
          value={sought.patronymic}
          onChange={(patronymic) => set({ patronymic })}
          error={fields['sought.patronymic']}
        />
        <SelectField
          label={t('tracing.sex')}
          value={sought.sex}
          onChange={(sex) => set({ sex })}
          placeholder={t('tracing.unknown')}
          error={fields['sought.sex']}
          options={['female', 'male'].map((value) => ({ value, label: t(`tracing.sexes.${value}`) }))}
        />
        <TextField
          label={t('tracing.approxAge')}
          inputMode="numeric"
          value={sought.approxAge}
          onChange={(approxAge) => set({ approxAge })}
          error={fields['sought.approxAge']}
        />
        <TextField
          label={t('tracing.lastKnownPlace')}
          value={sought.lastKnownPlace}
          onChange={(lastKnownPlace) => set({ lastKnownPlace })}
          error={fields['sought.lastKnownPlace']}
        />
        <TextField
          label={t('tracing.country')}
          hint={t('tracing.countryHint')}
          maxLength={2}
          value={sought.country}
          onChange={(country) => set({ country })}
          error={fields['sought.country']}
        />
        <h2>{t('tracing.relatives')}</h2>
        <p className="hint">{t('tracing.relativesHint')}</p>
        {relatives.map((relative, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <fieldset key={index} className="relative-row">
            <legend>{t('tracing.relativeN', { n: index + 1 })}</legend>
            <SelectField
              label={t('tracing.relation')}
              value={relative.relation}
              onChange={(relation) => setRelative(index, { relation })}
              placeholder={t('common.choose')}
              error={fields[`sought.relatives.${index}.relation`]}
              options={TRACING_RELATIONS.map((value) => ({ value, label: t(`tracing.relations.${value}`) }))}
            />
            <TextField
              label={t('tracing.surname')}
              value={relative.surname}
              onChange={(surname) => setRelative(index, { surname })}
              error={fields[`sought.relatives.${index}.surname`]}
            />
            <TextField
              label={t('tracing.givenName')}
              value={relative.givenName}
              onChange={(givenName) => setRelative(index, { givenName })}
              error={fields[`sought.relatives.${index}.givenName`]}
            />
            <button type="button" className="button" onClick={() => setRelatives((current) => current.filter((_, i) => i !== index))}>
              {t('tracing.removeRelative')}
            </button>
          </fieldset>
        ))}
        {relatives.length < 10 && (
          <p>
            <button
              type="button"
              className="button"
              onClick={() => setRelatives((current) => [...current, { relation: '', surname: '', givenName: '' }])}
            >
              {t('tracing.addRelative')}
            </button>
          </p>
        )}
        <h2>{t('tracing.consent')}</h2>
        <CheckboxGroup
          label={t('tracing.consentLabel')}
          values={consent.given ? ['given'] : []}
          onChange={(values) => setConsent((current) => ({ ...current, given: values.includes('given') }))}
          error={fields['consent.given']}
          options={[{ value: 'given', label: t('tracing.consentGiven') }]}
        />
        <SelectField
          label={t('tracing.consentBy')}
          required
          value={consent.givenBy}
          onChange={(givenBy) => setConsent((current) => ({ ...current, givenBy }))}
          placeholder={t('common.choose')}
          error={fields['consent.givenBy']}
          options={TRACING_CONSENT_GIVERS.map((value) => ({ value, label: t(`tracing.givers.${value}`) }))}
        />
        <DateField
          label={t('tracing.consentDate')}
          value={consent.date}
          onChange={(date) => setConsent((current) => ({ ...current, date }))}
          error={fields['consent.date']}
        />
        <TextAreaField label={t('tracing.note')} value={note} onChange={setNote} maxLength={2000} error={fields.note} />
        <FormActions busy={busy} submitLabel={t('tracing.create')} onCancel={() => navigate('/tracing')} />
      </form>
    </>
  );
}

/** One proposed match: only what verifying it needs. */
function MatchItem({ match, request, onAct }: { match: TracingMatch; request: TracingRequest; onAct: (act: Act) => void }) {
  const { t } = useTranslation();
  const name = [match.surname, match.givenName, match.patronymic].filter(Boolean).join(' ');
  const isMatched = request.matchedPerson?.id === match.personId;
  return (
    <li className="match">
      <h3 className="match__name">{name}</h3>
      <span className="match__score">{t('tracing.score', { score: Math.round(match.score * 100) })}</span>
      {isMatched && <span className="badge badge--pending">{t(`tracing.status.${request.status}`)}</span>}
      <p className="match__facts">
        {[match.birthYear ? t('tracing.born', { year: match.birthYear }) : null, t(`tracing.sexes.${match.sex}`), match.district.name]
          .filter(Boolean)
          .join(' · ')}
        {match.relative && (
          <>
            <br />
            {t('tracing.matchedRelative', { relation: t(`tracing.relations.${match.relative.relation}`), name: match.relative.name })}
          </>
        )}
      </p>
      <ul className="match__reasons" aria-label={t('tracing.reasons')}>
        {match.reasons.map((reason) => {
          const [key, relation] = reason.split(':');
          return (
            <li key={reason} className="badge badge--muted">
              {relation ? t('tracing.reason.relative', { relation: t(`tracing.relations.${relation}`) }) : t(`tracing.reason.${key}`)}
            </li>
          );
        })}
      </ul>
      <div className="case-actions">
        {request.steps.includes('verify') && (
          <button type="button" className="button button--primary" onClick={() => onAct({ kind: 'verify', match })}>
            {t('tracing.verify')}
          </button>
        )}
        {request.steps.includes('propose') && (
          <button type="button" className="button" onClick={() => onAct({ kind: 'propose', match })}>
            {t('tracing.propose')}
          </button>
        )}
      </div>
    </li>
  );
}

type Act = { kind: 'verify' | 'propose'; match: TracingMatch } | { kind: 'start' | 'reunify' | 'close' };

/** Confirms a step; closing asks why. */
function StepDialog({
  act,
  request,
  onClose,
  onDone,
}: {
  act: Act;
  request: TracingRequest;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const name = 'match' in act ? [act.match.surname, act.match.givenName].join(' ') : '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (act.kind === 'verify') await tracingApi.verify(request.id, act.match.personId, request.version);
      else
        await tracingApi.step(request.id, {
          step: act.kind,
          version: request.version,
          ...(act.kind === 'propose' && { personId: act.match.personId }),
          ...(act.kind === 'close' && { note }),
        });
      onDone(t(`tracing.done.${act.kind}`, { name }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <Modal title={t(`tracing.confirm.${act.kind}`, { name })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && !fields.note ? errorText(t, error) : null} />
        <p>{t(`tracing.explain.${act.kind}`)}</p>
        {act.kind === 'close' && (
          <TextAreaField label={t('tracing.closeNote')} required value={note} onChange={setNote} maxLength={2000} error={fields.note} />
        )}
        <FormActions busy={busy} submitLabel={t(`tracing.steps.${act.kind}`)} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** A request: what is known, the consent, its status and steps, and the matches proposed from the register. */
function TracingRequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const request = useResource(() => tracingApi.get(id), [id]);
  const matches = useResource(() => tracingApi.matches(id), [id]);
  const [act, setAct] = useState<Act | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (request.error && !request.data) return <NotFoundPage />;
  if (!request.data) return <Loading />;
  const r = request.data;
  const done = (message: string) => {
    setAct(null);
    setNotice(message);
    request.reload();
    matches.reload();
  };
  const sought = r.sought;
  const facts: [string, string | null | undefined][] = [
    [t('tracing.kindLabel'), t(`tracing.kind.${r.kind}`)],
    [t('tracing.sex'), sought.sex ? t(`tracing.sexes.${sought.sex}`) : null],
    [t('tracing.approxAge'), sought.approxAge != null ? String(sought.approxAge) : null],
    [t('tracing.lastKnownPlace'), sought.lastKnownPlace],
    [t('tracing.country'), sought.country],
    [
      t('tracing.relatives'),
      (sought.relatives ?? [])
        .map((rel) => `${t(`tracing.relations.${rel.relation}`)}: ${[rel.surname, rel.givenName].filter(Boolean).join(' ')}`)
        .join('; ') || null,
    ],
    [
      t('tracing.consent'),
      t('tracing.consentFacts', { by: t(`tracing.givers.${r.consent.givenBy}`), date: formatIsoDate(r.consent.date) }),
    ],
    [t('tracing.organisation'), r.organisation.name],
    [t('tracing.openedBy'), `${r.createdBy?.displayName ?? ''} · ${formatDate(r.createdAt)}`],
    [t('tracing.note'), r.note],
    [
      t('tracing.matchedPerson'),
      r.matchedPerson ? `${r.matchedPerson.displayName}${r.matchedPerson.birthYear ? ` (${r.matchedPerson.birthYear})` : ''}` : null,
    ],
    [t('tracing.verifiedBy'), r.verifiedBy && r.verifiedAt ? `${r.verifiedBy.displayName} · ${formatDate(r.verifiedAt)}` : null],
  ];
  const stepButtons = (['start', 'reunify', 'close'] as const).filter((step) => r.steps.includes(step));
  return (
    <>
      <title>{`${soughtName(r)} · ${t('tracing.title')} · ${t('app.name')}`}</title>
      <p>
        <Link to="/tracing">{t('tracing.back')}</Link>
      </p>
      <h1>
        {soughtName(r)} <StatusBadge status={r.status} />
      </h1>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <dl className="facts">
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {stepButtons.length > 0 && (
        <div className="case-actions">
          {stepButtons.map((step) => (
            <button
              key={step}
              type="button"
              className={step === 'reunify' ? 'button button--primary' : 'button'}
              onClick={() => setAct({ kind: step })}
            >
              {t(`tracing.steps.${step}`)}
            </button>
          ))}
        </div>
      )}
      <h2>{t('tracing.matches')}</h2>
      <p className="hint">{t('tracing.matchesHint')}</p>
      <FormAlert message={matches.error ? errorText(t, matches.error) : null} />
      {!matches.data && !matches.error && <Loading />}
      {matches.data && matches.data.items.length === 0 && <p className="empty">{t('tracing.noMatches')}</p>}
      <ul className="match-list">
        {(matches.data?.items ?? []).map((match) => (
          <MatchItem key={match.personId} match={match} request={r} onAct={setAct} />
        ))}
      </ul>
      {act && <StepDialog act={act} request={r} onClose={() => setAct(null)} onDone={done} />}
    </>
  );
}

/** The Tracing section: the organisation's requests, a new request, and one request with its matches. */
export default function TracingPages() {
  const me = useMe();
  const actor = actorOf(me);
  // The user's own organisation as a request's holder: whether they trace there (its kind decides).
  const own = { type: 'tracing' as const, organisationId: actor.organisationId, organisationKind: me.organisation?.kind ?? '' };
  if (!can(actor, 'tracing.read', own) && !actor.roles.includes('system_admin')) return <NotFoundPage />;
  return (
    <Routes>
      <Route index element={<TracingListPage />} />
      <Route path="new" element={can(actor, 'tracing.create', own) ? <TracingFormPage /> : <NotFoundPage />} />
      <Route path=":id" element={<TracingRequestPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
