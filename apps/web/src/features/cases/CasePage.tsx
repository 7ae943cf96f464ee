import { type CaseStatus, nextStatuses } from '@hamkor/domain';
import { type Dispatch, type SetStateAction, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { approvalsApi, type CaseDetail, casesApi } from '../../api/cases.ts';
import { ApiError } from '../../api/client.ts';
import { caseFileUrl } from '../../api/reports.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { EmergencyNotFound } from '../access/EmergencyNotFound.tsx';
import { AssessmentCard } from '../assessments/AssessmentCard.tsx';
import { RecordReaders } from '../audit/RecordReaders.tsx';
import { useMe } from '../auth/session.tsx';
import { CaseGatekeeping } from '../care/CaseGatekeeping.tsx';
import { NotFoundPage } from '../placeholders/NotFoundPage.tsx';
import { PlanCard } from '../plans/PlanCard.tsx';
import { CaseConsents } from '../referrals/CaseConsents.tsx';
import { CaseReferrals } from '../referrals/CaseReferrals.tsx';
import { CaseAppointments } from '../reminders/CaseAppointments.tsx';
import { LegalHoldPanel } from '../retention/LegalHoldPanel.tsx';
import { CaseShares } from '../transfers/CaseShares.tsx';
import { CaseTransfer } from '../transfers/CaseTransfer.tsx';
import { ReturnDialog } from './ApprovalsPage.tsx';
import { RiskBadge, StatusBadge } from './badges.tsx';
import { CaseAttachments } from './CaseAttachments.tsx';
import { CaseScreening } from './CaseScreening.tsx';
import { CaseTasks } from './CaseTasks.tsx';
import { AssignDialog, CloseDialog, ContactDialog, ReopenDialog } from './dialogs.tsx';
import { Fold } from './Fold.tsx';
import { Timeline } from './Timeline.tsx';

type Dialog = 'close' | 'reopen' | 'assign' | 'contact' | 'return';

type Counted = 'tasks' | 'attachments' | 'timeline';
/** Stable callbacks through which the folded sections report how many entries they hold. */
function useCountSetters(setCounts: Dispatch<SetStateAction<Partial<Record<Counted, number>>>>) {
  return useMemo(() => {
    const setter = (key: Counted) => (count: number) =>
      setCounts((current) => (current[key] === count ? current : { ...current, [key]: count }));
    return { tasks: setter('tasks'), attachments: setter('attachments'), timeline: setter('timeline') };
  }, [setCounts]);
}

function familyName(theCase: CaseDetail): string | null {
  const head = theCase.familyHead;
  return head ? [head.surname, head.givenName, head.patronymic].filter(Boolean).join(' ') : null;
}

/** The steps offered: the next stage of the cycle, and a closure request; the server has the last word. */
function Actions({
  theCase,
  onStep,
  onDialog,
}: {
  theCase: CaseDetail;
  onStep: (to: CaseStatus) => void;
  onDialog: (dialog: Dialog) => void;
}) {
  const { t } = useTranslation();
  const next = nextStatuses(theCase);
  return (
    <div className="case-actions">
      {theCase.status === 'closed'
        ? theCase.actions.includes('edit') && (
            <button type="button" className="button" onClick={() => onDialog('reopen')}>
              {t('cases.reopen.action')}
            </button>
          )
        : theCase.status !== 'closing' && (
            <>
              {theCase.actions.includes('record_contact') && (
                <button type="button" className="button button--primary" onClick={() => onDialog('contact')}>
                  {t('cases.contact.action')}
                </button>
              )}
              {next
                .filter((to) => to !== 'closing' && theCase.actions.includes('transition'))
                .map((to) => (
                  <button key={to} type="button" className="button" onClick={() => onStep(to)}>
                    {t('cases.moveTo', { status: t(`enum.caseStatus.${to}`) })}
                  </button>
                ))}
              {next.includes('closing') && theCase.actions.includes('close') && (
                <button type="button" className="button" onClick={() => onDialog('close')}>
                  {t('cases.close.action')}
                </button>
              )}
            </>
          )}
      {theCase.actions.includes('assign') && !theCase.readOnly && (
        <button type="button" className="button" onClick={() => onDialog('assign')}>
          {theCase.assignee ? t('cases.assign.reassign') : t('cases.assign.action')}
        </button>
      )}
    </div>
  );
}

function Facts({ theCase }: { theCase: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <div>
        <dt>{t('cases.family')}</dt>
        <dd>
          <Link to={`/families/${theCase.familyId}`}>{familyName(theCase) ?? t('families.family.untitled')}</Link>
        </dd>
      </div>
      <div>
        <dt>{t('cases.assignee')}</dt>
        <dd>{theCase.assignee?.displayName ?? t('cases.unassigned')}</dd>
      </div>
      <div>
        <dt>{t('cases.urgency')}</dt>
        <dd>{t(`enum.urgency.${theCase.urgency}`)}</dd>
      </div>
      <div>
        <dt>{t('cases.opened')}</dt>
        <dd>{formatDate(theCase.openedAt)}</dd>
      </div>
      <div>
        <dt>{t('cases.source')}</dt>
        <dd>{t(`enum.identificationSource.${theCase.identificationSource}`)}</dd>
      </div>
      <div>
        <dt>{t('cases.reason')}</dt>
        <dd>{theCase.reason}</dd>
      </div>
    </dl>
  );
}

function Closure({ theCase }: { theCase: CaseDetail }) {
  const { t } = useTranslation();
  if (theCase.status !== 'closed' || !theCase.closureReason) return null;
  return (
    <section className="card" aria-labelledby="closure-title" data-testid="closure">
      <h2 id="closure-title">{t('cases.closedTitle', { date: theCase.closedAt ? formatDate(theCase.closedAt) : '' })}</h2>
      <dl className="facts">
        <div>
          <dt>{t('cases.close.reason')}</dt>
          <dd>{t(`enum.closureReason.${theCase.closureReason}`)}</dd>
        </div>
        <div>
          <dt>{t('cases.close.outcome')}</dt>
          <dd>{theCase.closureOutcome}</dd>
        </div>
      </dl>
    </section>
  );
}

type Pending = NonNullable<CaseDetail['pendingApproval']>;

/** Beside the status and the approved risk, what waits for approval: "assessment: high risk, waiting for approval". */
function PendingBadge({ approval }: { approval: Pending }) {
  const { t } = useTranslation();
  const kind = t(`enum.approvalKind.${approval.kind}`);
  return (
    <span className="badge badge--pending" data-testid="pending-approval">
      {approval.riskLevel
        ? t('cases.pendingHeaderRisk', { kind, risk: t(`enum.risk.${approval.riskLevel}`) })
        : t('cases.pendingHeader', { kind })}
    </span>
  );
}

/** What the case waits for; the supervisor it waits for decides here as on the approvals page. */
function PendingApproval({
  approval,
  onDecided,
  onReturn,
  onError,
}: {
  approval: Pending;
  onDecided: (message: string) => void;
  onReturn: () => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const approve = () => approvalsApi.decide(approval.id, { decision: 'approve' }).then(() => onDecided(t('approvals.approved')), onError);
  return (
    <div className="notice notice--warning">
      <p>{t('cases.pending', { kind: t(`enum.approvalKind.${approval.kind}`) })}</p>
      {/* A gatekeeping decision names the guardianship authority's decision: it is taken in its section below. */}
      {approval.assignedTo === me.id && approval.kind !== 'gatekeeping' && (
        <div className="case-actions">
          <button type="button" className="button button--primary" onClick={approve}>
            {t('approvals.approve')}
          </button>
          <button type="button" className="button" onClick={onReturn}>
            {t('approvals.return')}
          </button>
        </div>
      )}
    </div>
  );
}

export function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const theCase = useResource(() => casesApi.get(id), [id]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  // A contact or a decision changes the timeline without changing the case's version.
  const [changes, setChanges] = useState(0);
  const me = useMe();
  const [counts, setCounts] = useState<Partial<Record<Counted, number>>>({});
  const countOf = useCountSetters(setCounts);

  // A link the user holds to a case outside their reach: someone who works cases may open it with a reason.
  if (theCase.error instanceof ApiError && theCase.error.status === 404)
    return <EmergencyNotFound entityType="case" entityId={id} onOpened={theCase.reload} />;
  if (theCase.error instanceof ApiError && theCase.error.status === 400) return <NotFoundPage />;
  if (!theCase.data) return theCase.error ? <FormAlert message={errorText(t, theCase.error)} /> : <Loading />;
  const current = theCase.data;
  const done = (message: string) => {
    setDialog(null);
    setFailure(null);
    setNotice(message);
    setChanges((n) => n + 1);
    theCase.reload();
  };
  const step = (to: CaseStatus) => {
    setNotice(null);
    casesApi
      .transition(current.id, to, current.version)
      .then(() => done(t('cases.moved', { status: t(`enum.caseStatus.${to}`) })))
      .catch((reason: unknown) => {
        setFailure(reason);
        theCase.reload();
      });
  };
  const dialogProps = { theCase: current, onClose: () => setDialog(null), onDone: done };
  // The supervisor (who may assign the case but does not work it) reads it to decide: the long sections are
  // folded. The worker and a co-worker it is shared with, who work in those sections, see them open.
  const folded = current.assignee?.id !== me.id && current.actions.includes('assign');
  // A co-worker the case is shared with reads it and records contacts: the sections show no forms to them.
  const view = current.actions.includes('edit') ? current : { ...current, readOnly: true };

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
          {current.pendingApproval && <PendingBadge approval={current.pendingApproval} />}
        </div>
      </div>
      {notice && (
        <StatusMessage>
          <p>{notice}</p>
        </StatusMessage>
      )}
      <FormAlert message={failure ? errorText(t, failure) : null} />
      {current.readOnly && <p className="notice">{t('cases.readOnly')}</p>}
      {current.pendingApproval && (
        <PendingApproval approval={current.pendingApproval} onDecided={done} onReturn={() => setDialog('return')} onError={setFailure} />
      )}
      <Facts theCase={current} />
      <Actions theCase={current} onStep={step} onDialog={setDialog} />
      <p>
        <a href={caseFileUrl(current.id)} download>
          {t('caseFile.download')}
        </a>
      </p>
      <Closure theCase={current} />
      <CaseScreening theCase={view} onSaved={done} />
      <AssessmentCard theCase={view} />
      <Fold title={t('plans.title')} folded={folded && current.pendingApproval?.kind !== 'plan'}>
        <PlanCard theCase={view} onChanged={() => setChanges((n) => n + 1)} />
      </Fold>
      <Fold title={t('consents.title')} folded={folded}>
        <CaseConsents theCase={view} />
      </Fold>
      <Fold title={t('reminders.appointments.title')} folded={folded}>
        <CaseAppointments theCase={view} />
      </Fold>
      <Fold title={t('referrals.ofCase')} folded={folded}>
        <CaseReferrals theCase={view} />
      </Fold>
      <Fold title={t('care.gatekeeping.title')} folded={folded && current.pendingApproval?.kind !== 'gatekeeping'}>
        <CaseGatekeeping theCase={current} onChanged={() => setChanges((n) => n + 1)} />
      </Fold>
      <CaseTransfer theCase={current} onSent={() => setChanges((n) => n + 1)} />
      <CaseShares theCase={current} onChanged={() => setChanges((n) => n + 1)} />
      <Fold title={t('tasks.ofCase')} count={counts.tasks} folded={folded}>
        <CaseTasks theCase={view} onCount={countOf.tasks} />
      </Fold>
      <Fold title={t('attachments.title')} count={counts.attachments} folded={folded}>
        <CaseAttachments theCase={view} onCount={countOf.attachments} />
      </Fold>
      <Fold title={t('cases.timeline.title')} count={counts.timeline} folded={folded}>
        <Timeline key={changes} caseId={current.id} version={current.version} onCount={countOf.timeline} />
      </Fold>
      <RecordReaders entityId={current.id} />
      <LegalHoldPanel caseId={current.id} />
      {dialog === 'close' && <CloseDialog {...dialogProps} />}
      {dialog === 'reopen' && <ReopenDialog {...dialogProps} />}
      {dialog === 'assign' && <AssignDialog {...dialogProps} />}
      {dialog === 'contact' && <ContactDialog {...dialogProps} />}
      {dialog === 'return' && current.pendingApproval && (
        <ReturnDialog
          approvalId={current.pendingApproval.id}
          caseNumber={current.number}
          onClose={() => setDialog(null)}
          onDone={() => done(t('approvals.returned'))}
        />
      )}
    </>
  );
}
