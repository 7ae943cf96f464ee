import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Approval, approvalsApi } from '../../api/cases.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, StatusMessage, TextAreaField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { useMe } from '../auth/session.tsx';

type ReturnProps = { approvalId: string; caseNumber: string; onClose: () => void; onDone: () => void };

/** Returns a request to the worker; the comment, saying what must change, is required. */
export function ReturnDialog({ approvalId, caseNumber, onClose, onDone }: ReturnProps) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!comment.trim());
    if (!comment.trim()) return;
    approvalsApi.decide(approvalId, { decision: 'return', comment }).then(onDone, setError);
  };
  const fields = fieldMessages(error);
  return (
    <Modal title={t('approvals.returnTitle', { number: caseNumber })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && !fields.comment ? errorText(t, error) : null} />
        <TextAreaField
          label={t('approvals.comment')}
          value={comment}
          onChange={setComment}
          required
          error={missing ? t('approvals.commentRequired') : fields.comment}
        />
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t('approvals.return')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function payloadText(t: (key: string, options?: Record<string, string>) => string, approval: Approval): string {
  const { payload } = approval;
  const level = (value: unknown) => (typeof value === 'string' ? t(`enum.risk.${value}`) : '');
  if (approval.kind === 'assessment' && typeof payload.readiness === 'string')
    return t('approvals.readiness', { level: t(`assessments.readiness.levels.${payload.readiness}`) });
  if (approval.kind === 'assessment') return level(payload.riskLevel) && t('approvals.computedRisk', { level: level(payload.riskLevel) });
  if (approval.kind === 'plan')
    return typeof payload.revision === 'number' ? t('plans.titleRevision', { revision: String(payload.revision) }) : '';
  if (approval.kind === 'risk_override')
    return [
      t('approvals.override', { from: level(payload.computedRisk), to: level(payload.overrideRisk) }),
      typeof payload.reason === 'string' ? payload.reason : '',
    ]
      .filter(Boolean)
      .join(' — ');
  const reason = approval.payload.reason;
  const outcome = approval.payload.outcome;
  return [typeof reason === 'string' ? t(`enum.closureReason.${reason}`) : '', typeof outcome === 'string' ? outcome : '']
    .filter(Boolean)
    .join(' — ');
}

/** The requests waiting for the signed-in user's decision: approve, or return with a comment. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const approvals = useResource(() => approvalsApi.mine(), []);
  const [returning, setReturning] = useState<Approval | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const waiting = (approvals.data?.items ?? []).filter((item) => item.status === 'pending' && item.assignedTo === me.id);
  const decided = (message: string) => {
    setReturning(null);
    setError(null);
    setNotice(message);
    approvals.reload();
  };
  const approve = (approval: Approval) =>
    approvalsApi.decide(approval.id, { decision: 'approve' }).then(() => decided(t('approvals.approved')), setError);

  return (
    <>
      <title>{`${t('approvals.title')} · ${t('app.name')}`}</title>
      <p className="breadcrumb">
        <Link to="/cases">{t('nav.cases')}</Link>
      </p>
      <h1>{t('approvals.title')}</h1>
      {notice && (
        <StatusMessage>
          <p>{notice}</p>
        </StatusMessage>
      )}
      <FormAlert message={error || approvals.error ? errorText(t, error ?? approvals.error) : null} />
      {approvals.loading && !approvals.data && <Loading />}
      {approvals.data && waiting.length === 0 && <p className="empty">{t('approvals.empty')}</p>}
      <ul className="case-list">
        {waiting.map((approval) => (
          <li key={approval.id} className="case-row" data-testid="approval">
            <div className="case-row__main">
              <Link to={`/cases/${approval.caseId}`} className="case-row__number">
                {approval.caseNumber ?? t('approvals.case')}
              </Link>
              <span>{t(`enum.approvalKind.${approval.kind}`)}</span>
              <span className="case-row__worker">
                {t('approvals.requested', { name: approval.requestedByName ?? '', date: formatDate(approval.requestedAt) })}
              </span>
              <span>{payloadText(t, approval)}</span>
              {typeof approval.payload.planId === 'string' && (
                <Link to={`/cases/${approval.caseId}/plans/${approval.payload.planId}`}>{t('plans.open')}</Link>
              )}
              {typeof approval.payload.assessmentId === 'string' && (
                <Link to={`/cases/${approval.caseId}/assessments/${approval.payload.assessmentId}`}>{t('approvals.openAssessment')}</Link>
              )}
            </div>
            <div className="case-actions">
              {approval.kind === 'gatekeeping' ? (
                <Link className="button button--primary" to={`/cases/${approval.caseId}`}>
                  {t('care.gatekeeping.approve')}
                </Link>
              ) : (
                <button type="button" className="button button--primary" onClick={() => approve(approval)}>
                  {t('approvals.approve')}
                </button>
              )}
              <button type="button" className="button" onClick={() => setReturning(approval)}>
                {t('approvals.return')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {returning && (
        <ReturnDialog
          approvalId={returning.id}
          caseNumber={returning.caseNumber ?? ''}
          onClose={() => setReturning(null)}
          onDone={() => decided(t('approvals.returned'))}
        />
      )}
    </>
  );
}
