import type { ReferralStep } from '@hamkor/domain';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type Referral, referralsApi } from '../../api/referrals.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { useNamer } from '../../i18n/useLocale.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { ReferralStatus } from './ReferralsList.tsx';
import { SharedPersons } from './SharedView.tsx';

/** The steps that need a written reason or outcome open a dialog; the others are one click. */
type Written = 'decline' | 'complete' | 'cancel';
const WRITTEN: readonly ReferralStep[] = ['decline', 'complete', 'cancel'];

function WrittenStepDialog({
  step,
  referral,
  onClose,
  onDone,
}: {
  step: Written;
  referral: Referral;
  onClose: () => void;
  onDone: (r: Referral) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const key = step === 'complete' ? 'outcome' : 'reason';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { version } = referral;
      onDone(
        step === 'complete'
          ? await referralsApi.complete(referral.id, { outcome: text, version })
          : await referralsApi[step](referral.id, { reason: text, version }),
      );
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t(`referrals.steps.${step}.title`)} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && !fields[key] ? errorText(t, error) : null} />
        <TextAreaField label={t(`referrals.steps.${step}.label`)} value={text} onChange={setText} required error={fields[key]} rows={4} />
        <FormActions busy={busy} submitLabel={t(`referrals.steps.${step}.submit`)} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '' || children === false) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const when = (value: string | null) => (value ? `${formatDate(value)} ${formatTime(value)}` : null);

/** One referral as its reader may see it: the receiver only what was shared, the sender all of it. */
export function ReferralPage() {
  const { t } = useTranslation();
  const name = useNamer();
  const { id = '' } = useParams();
  const location = useLocation();
  const loaded = useResource(() => referralsApi.get(id), [id]);
  const [dialog, setDialog] = useState<Written | null>(null);
  const [notice, setNotice] = useState<string | null>((location.state as { sent?: boolean } | null)?.sent ? t('referrals.sent') : null);
  const [failure, setFailure] = useState<unknown>(null);
  if (loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 400)) return <NotFoundPage />;
  if (!loaded.data) return loaded.error ? <FormAlert message={errorText(t, loaded.error)} /> : <Loading />;
  const referral = loaded.data;
  const sender = referral.view === 'sender' ? referral : null;
  const done = (step: ReferralStep) => {
    setDialog(null);
    setFailure(null);
    setNotice(t(`referrals.steps.${step}.done`));
    loaded.reload();
  };
  const oneClick = (step: 'accept' | 'start') =>
    referralsApi[step](referral.id, referral.version).then(
      () => done(step),
      (reason: unknown) => {
        setFailure(reason);
        loaded.reload();
      },
    );

  return (
    <>
      <title>{`${t('referrals.title')} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to={`/referrals?box=${sender ? 'outbox' : 'inbox'}`}>{t('nav.referrals')}</Link>
      </p>
      <div className="case-head">
        <h1>{t('referrals.titleTo', { organisation: name(referral.toOrganisation.names) })}</h1>
        <div className="case-row__marks">
          <ReferralStatus referral={referral} />
        </div>
      </div>
      {notice && (
        <StatusMessage>
          <p>{notice}</p>
        </StatusMessage>
      )}
      <FormAlert message={failure ? errorText(t, failure) : null} />
      <dl className="facts" data-testid="referral-facts">
        <Fact label={t('referrals.from')}>{name(referral.fromOrganisation.names)}</Fact>
        <Fact label={t('referrals.to')}>{name(referral.toOrganisation.names)}</Fact>
        <Fact label={t('referrals.service')}>
          {referral.service && `${name(referral.service.names)} (${t(`directory.categories.${referral.service.category}`)})`}
        </Fact>
        <Fact label={t('referrals.urgency')}>{t(`enum.urgency.${referral.urgency}`)}</Fact>
        <Fact label={t('referrals.reason')}>{referral.reason}</Fact>
        {sender && (
          <Fact label={t('referrals.case')}>
            <Link to={`/cases/${sender.caseId}`}>{sender.caseNumber}</Link>
          </Fact>
        )}
        {sender && <Fact label={t('referrals.sentBy')}>{sender.sentBy?.displayName}</Fact>}
        <Fact label={t('referrals.sentAt')}>{when(referral.sentAt)}</Fact>
        <Fact label={t('referrals.dueAt')}>{referral.dueAt && formatDate(referral.dueAt)}</Fact>
        <Fact label={t('referrals.acceptedAt')}>{when(referral.acceptedAt)}</Fact>
        <Fact label={t('referrals.startedAt')}>{when(referral.startedAt)}</Fact>
        <Fact label={t('referrals.declinedAt')}>{when(referral.declinedAt)}</Fact>
        <Fact label={t('referrals.declineReason')}>{referral.declineReason}</Fact>
        <Fact label={t('referrals.completedAt')}>{when(referral.completedAt)}</Fact>
        <Fact label={t('referrals.outcome')}>{referral.outcome && <span data-testid="outcome">{referral.outcome}</span>}</Fact>
        <Fact label={t('referrals.cancelledAt')}>{when(referral.cancelledAt)}</Fact>
        <Fact label={t('referrals.cancelReason')}>{referral.cancelReason}</Fact>
        <Fact label={t('referrals.handledBy')}>{referral.handledBy?.displayName}</Fact>
        {sender && <Fact label={t('referrals.consentOverride')}>{sender.consentOverrideReason}</Fact>}
      </dl>
      <div className="case-actions">
        {referral.steps.includes('accept') && (
          <button type="button" className="button button--primary" onClick={() => oneClick('accept')}>
            {t('referrals.steps.accept.action')}
          </button>
        )}
        {referral.steps.includes('start') && (
          <button type="button" className="button" onClick={() => oneClick('start')}>
            {t('referrals.steps.start.action')}
          </button>
        )}
        {referral.steps
          .filter((step): step is Written => WRITTEN.includes(step))
          .map((step) => (
            <button
              key={step}
              type="button"
              className={step === 'complete' ? 'button button--primary' : 'button'}
              onClick={() => setDialog(step)}
            >
              {t(`referrals.steps.${step}.action`)}
            </button>
          ))}
        {sender && (referral.status === 'declined' || referral.status === 'cancelled') && !sender.resentAsId && (
          <Link className="button button--primary" to={`/referrals/new?resend=${referral.id}`}>
            {t('referrals.resend')}
          </Link>
        )}
        {sender?.resentAsId && <Link to={`/referrals/${sender.resentAsId}`}>{t('referrals.resentAs')}</Link>}
        {sender?.resentFromId && <Link to={`/referrals/${sender.resentFromId}`}>{t('referrals.resentFrom')}</Link>}
      </div>
      <section className="card" aria-labelledby="shared-title">
        <h2 id="shared-title">{sender ? t('referrals.sharedBySender') : t('referrals.sharedWithYou')}</h2>
        <p className="muted">
          {t('referrals.sharedFieldsList', {
            list: referral.sharedFields.map((field) => t(`referrals.field.${field}`)).join(', '),
          })}
        </p>
        <SharedPersons shared={referral.shared} />
      </section>
      {dialog && <WrittenStepDialog step={dialog} referral={referral} onClose={() => setDialog(null)} onDone={() => done(dialog)} />}
    </>
  );
}
