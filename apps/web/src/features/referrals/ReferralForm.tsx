import { consentProblem, DEFAULT_SHARED_FIELDS, mayEver, SHARED_FIELDS, type SharedField, URGENCIES, type Urgency } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type CaseDetail, casesApi } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { type Consent, consentsApi } from '../../api/consents.ts';
import { type Family, familiesApi } from '../../api/families.ts';
import { plansApi } from '../../api/plans.ts';
import { type Referral, referralsApi, type SentReferral } from '../../api/referrals.ts';
import { type Service, servicesApi } from '../../api/services.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { CheckboxGroup, FormAlert, RadioGroup, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { useNamer } from '../../i18n/useLocale.ts';
import { formatIsoDate } from '../../lib/dates.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { ServiceFilters, ServiceLine, ServiceResults, useServiceSearch } from '../directory/ServiceSearch.tsx';
import { fullName } from '../families/DuplicateWarnings.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { consentScopeText } from './CaseConsents.tsx';
import { previewOf, SharedPersons } from './SharedView.tsx';

type Loaded = {
  theCase: CaseDetail;
  family: Family;
  consents: Consent[];
  previous: SentReferral | null;
  actionWhat: string | null;
  /** The service a plan action names, chosen for the worker. */
  actionService: Service | null;
};

async function load(caseParam: string | null, resend: string | null, actionId: string | null): Promise<Loaded> {
  const previous = resend ? ((await referralsApi.get(resend)) as Referral) : null;
  if (previous && previous.view !== 'sender') throw new ApiError(404, 'not_found', '');
  const caseId = previous?.caseId ?? caseParam ?? '';
  const theCase = await casesApi.get(caseId);
  const [family, consents, plans] = await Promise.all([
    familiesApi.get(theCase.familyId),
    consentsApi.list(caseId),
    actionId ? plansApi.list(caseId) : Promise.resolve({ items: [] }),
  ]);
  const action = plans.items.flatMap((plan) => plan.goals.flatMap((goal) => goal.actions)).find((a) => a.id === actionId);
  const actionService = action?.service ? await servicesApi.get(action.service.id).catch(() => null) : null;
  return { theCase, family, consents: consents.items, previous, actionWhat: action?.what ?? null, actionService };
}

/** Sends a referral from a case (or a plan action), or sends a declined one elsewhere. */
export function ReferralFormPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const caseParam = params.get('case');
  const resend = params.get('resend');
  const actionId = params.get('action');
  const loaded = useResource(() => load(caseParam, resend, actionId), [caseParam, resend, actionId]);
  if (loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 400)) return <NotFoundPage />;
  if (!loaded.data) return loaded.error ? <FormAlert message={errorText(t, loaded.error)} /> : <Loading />;
  return <ReferralForm {...loaded.data} actionId={actionId ?? loaded.data.previous?.planActionId ?? null} />;
}

function ReferralForm({ theCase, family, consents, previous, actionWhat, actionService, actionId }: Loaded & { actionId: string | null }) {
  const { t } = useTranslation();
  const name = useNamer();
  const navigate = useNavigate();
  const actor = actorOf(useMe());
  const mayOverride = mayEver(actor, 'referral.override_consent');
  const search = useServiceSearch({ district: family.districtCode, category: previous?.service?.category ?? '' });
  const [service, setService] = useState<Service | null>(actionService);
  const [reason, setReason] = useState(previous?.reason ?? actionWhat ?? '');
  const [urgency, setUrgency] = useState<Urgency>(previous?.urgency ?? theCase.urgency);
  const defaultPersons = theCase.focusPersonIds.length ? theCase.focusPersonIds : family.members.slice(0, 1).map((m) => m.id);
  const [personIds, setPersonIds] = useState<string[]>(previous?.personIds ?? defaultPersons);
  const [sharedFields, setSharedFields] = useState<SharedField[]>(previous?.sharedFields ?? [...DEFAULT_SHARED_FIELDS]);
  // Until the worker chooses, the first consent that covers this sharing is chosen for them.
  const [choice, setConsentChoice] = useState<string | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [overrideMissing, setOverrideMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const active = consents.filter((consent) => consent.status === 'active');
  const covers = (consent: Consent) =>
    !!service &&
    !consentProblem(
      {
        status: consent.status,
        givenByPersonId: consent.givenByPersonId,
        onBehalfOfPersonIds: consent.onBehalfOfPersonIds,
        categories: consent.scopeCategories,
        organisationIds: consent.scopeOrganisations.map((o) => o.id),
      },
      { organisationId: service.organisationId, categories: [service.category], personIds },
    );
  const consentChoice = choice ?? active.find(covers)?.id ?? '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!service) {
      setError(new ApiError(400, 'invalid_input', t('referrals.form.chooseService')));
      return;
    }
    // Without its reason an override would be sent as no consent at all: say so here instead.
    setOverrideMissing(consentChoice === 'override' && !overrideReason.trim());
    if (consentChoice === 'override' && !overrideReason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const sent = await referralsApi.send({
        caseId: theCase.id,
        toOrganisationId: service.organisationId,
        serviceId: service.id,
        ...(actionId && { planActionId: actionId }),
        ...(previous && { resentFromId: previous.id }),
        reason,
        urgency,
        ...(consentChoice === 'override' ? { consentOverrideReason: overrideReason } : consentChoice && { consentId: consentChoice }),
        personIds,
        sharedFields,
      });
      navigate(`/referrals/${sent.id}`, { state: { sent: true } });
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const consentMessage =
    error instanceof ApiError && (error.code === 'consent_required' || error.code === 'consent_withdrawn')
      ? t(`referrals.form.${error.code}`)
      : null;
  const generalError = error && !consentMessage && Object.keys(fields).length === 0 ? errorText(t, error) : null;
  const preview = previewOf(family, personIds, sharedFields);

  return (
    <>
      <title>{`${t('referrals.form.title')} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to={`/cases/${theCase.id}`}>{t('cases.title', { number: theCase.number })}</Link>
      </p>
      <h1>{previous ? t('referrals.form.resendTitle') : t('referrals.form.title')}</h1>
      {previous && (
        <p className="notice notice--info">
          {t('referrals.form.resendFrom', { organisation: name(previous.toOrganisation.names) })}
          {previous.declineReason && ` — ${previous.declineReason}`}
        </p>
      )}
      <form className="form referral-form" onSubmit={submit} noValidate>
        <FormAlert message={generalError} />
        <section className="card" aria-labelledby="referral-service">
          <h2 id="referral-service">{t('referrals.form.to')}</h2>
          {service ? (
            <ul className="service-list">
              <ServiceLine service={service}>
                <button type="button" className="button button--small" onClick={() => setService(null)}>
                  {t('referrals.form.change')}
                </button>
              </ServiceLine>
            </ul>
          ) : (
            <>
              <ServiceFilters filter={search.filter} onChange={search.setFilter} />
              <ServiceResults
                results={search.results}
                actions={(option) =>
                  option.organisationId !== previous?.toOrganisation.id && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setService(option)}
                      aria-label={t('referrals.form.chooseNamed', { name: `${name(option.organisation.names)} — ${name(option.names)}` })}
                    >
                      {t('referrals.form.choose')}
                    </button>
                  )
                }
              />
            </>
          )}
          {(fields.toOrganisationId || fields.serviceId) && <p className="field__error">{fields.toOrganisationId ?? fields.serviceId}</p>}
        </section>
        <TextAreaField label={t('referrals.reason')} value={reason} onChange={setReason} required error={fields.reason} rows={4} />
        <RadioGroup
          label={t('referrals.urgency')}
          value={urgency}
          onChange={(value) => setUrgency(value as Urgency)}
          options={URGENCIES.map((code) => ({ value: code, label: t(`enum.urgency.${code}`) }))}
        />
        <CheckboxGroup
          label={t('referrals.form.persons')}
          values={personIds}
          onChange={setPersonIds}
          error={fields.personIds}
          options={family.members.map((member) => ({
            value: member.id,
            label: `${fullName(member)} (${t(`enum.relationship.${member.relationship}`)})`,
          }))}
        />
        <fieldset className={fields.consentId || consentMessage ? 'field fieldset field--invalid' : 'field fieldset'}>
          <legend className="field__label">{t('referrals.form.consent')}</legend>
          {consentMessage && (
            <p className="field__error" role="alert" data-testid="consent-required">
              {consentMessage}
            </p>
          )}
          {fields.consentId && <p className="field__error">{fields.consentId}</p>}
          {active.length === 0 && <p className="muted">{t('referrals.form.noConsent')}</p>}
          <div className="checks">
            {active.map((consent) => (
              <label key={consent.id} className="check">
                <input type="radio" name="consent" checked={consentChoice === consent.id} onChange={() => setConsentChoice(consent.id)} />
                <span>
                  {t('referrals.form.consentBy', {
                    name: consent.givenBy ? fullName(consent.givenBy) : '',
                    date: formatIsoDate(consent.date),
                  })}{' '}
                  — {consentScopeText(t, consent)}
                  {service && (
                    <span className={covers(consent) ? 'badge badge--ok' : 'badge badge--muted'}>
                      {covers(consent) ? t('referrals.form.covers') : t('referrals.form.doesNotCover')}
                    </span>
                  )}
                </span>
              </label>
            ))}
            {mayOverride && (
              <label className="check">
                <input type="radio" name="consent" checked={consentChoice === 'override'} onChange={() => setConsentChoice('override')} />
                <span>{t('referrals.form.override')}</span>
              </label>
            )}
          </div>
          <p className="field__hint">
            <Link to={`/cases/${theCase.id}#consents`}>{t('referrals.form.recordConsent')}</Link>
          </p>
        </fieldset>
        {consentChoice === 'override' && (
          <TextAreaField
            label={t('referrals.form.overrideReason')}
            hint={t('referrals.form.overrideHint')}
            value={overrideReason}
            onChange={setOverrideReason}
            required
            error={overrideMissing ? t('referrals.form.overrideRequired') : fields.consentOverrideReason}
          />
        )}
        <CheckboxGroup
          label={t('referrals.form.sharedFields')}
          hint={t('referrals.form.sharedHint')}
          values={sharedFields}
          onChange={(values) => setSharedFields(values as SharedField[])}
          error={fields.sharedFields}
          columns
          options={SHARED_FIELDS.map((field) => ({ value: field, label: t(`referrals.field.${field}`) }))}
        />
        <section className="card card--flat" aria-labelledby="referral-preview" data-testid="preview">
          <h2 id="referral-preview">
            {t('referrals.form.preview', { organisation: service ? name(service.organisation.names) : t('referrals.form.receiver') })}
          </h2>
          <dl className="facts">
            <div>
              <dt>{t('referrals.reason')}</dt>
              <dd>{reason || t('referrals.notRecorded')}</dd>
            </div>
            <div>
              <dt>{t('referrals.urgency')}</dt>
              <dd>{t(`enum.urgency.${urgency}`)}</dd>
            </div>
          </dl>
          <SharedPersons shared={preview} assessmentShared={sharedFields.includes('assessmentSummary')} />
          <p className="muted">{t('referrals.form.nothingElse')}</p>
        </section>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('referrals.form.send')}
          </button>
          <Link className="button" to={`/cases/${theCase.id}`}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
