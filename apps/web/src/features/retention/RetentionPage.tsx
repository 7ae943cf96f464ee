import '../access/access.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, StatusMessage, TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { useMe } from '../auth/session.tsx';
import { type DueFamily, type Proposal, retentionApi, type ScheduleItem } from './api.ts';

/** How long each record type is kept, in years, changed by a system administrator (audited). */
function Schedule() {
  const { t } = useTranslation();
  const schedule = useResource(() => retentionApi.schedule(), []);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const items = schedule.data?.items ?? [];
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const changed = items.map((item: ScheduleItem) => ({
        recordType: item.recordType,
        years: Number(draft[item.recordType] ?? item.years),
        version: item.version,
      }));
      await retentionApi.saveSchedule(changed);
      setDraft({});
      setSaved(true);
      schedule.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const fields = fieldMessages(error);
  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('retention.schedule.title')}</h2>
      <p>{t('retention.schedule.explain')}</p>
      {schedule.loading && !schedule.data && <Loading />}
      <form onSubmit={save} aria-labelledby="schedule-title">
        {items.map((item, index) => (
          <TextField
            key={item.recordType}
            label={t(`retention.schedule.${item.recordType}`)}
            hint={t('retention.schedule.years')}
            inputMode="numeric"
            required
            value={draft[item.recordType] ?? String(item.years)}
            onChange={(value) => setDraft({ ...draft, [item.recordType]: value })}
            error={fields[`items.${index}.years`]}
          />
        ))}
        <FormAlert message={error ? errorText(t, error) : null} />
        {saved && <StatusMessage>{t('retention.schedule.saved')}</StatusMessage>}
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('retention.schedule.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function CaseNumbers({ cases }: { cases: { id: string; number: string; closedAt: string | null }[] }) {
  const { t } = useTranslation();
  if (cases.length === 0) return <span>{t('retention.noCases')}</span>;
  return (
    <>
      {cases.map((c, index) => (
        <span key={c.id}>
          {index > 0 && ', '}
          {c.number}
          {c.closedAt && ` (${t('retention.closedOn', { date: formatDate(c.closedAt) })})`}
        </span>
      ))}
    </>
  );
}

/** A proposal with what would go, and the decision for a second administrator (never for its proposer). */
function ProposalItem({ proposal, onChanged }: { proposal: Proposal; onChanged: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const { items } = proposal;
  const mine = proposal.proposedBy?.id === me.id;
  return (
    <li className="card emergency-card" data-testid="erasure-proposal">
      <p className="emergency-card__title">
        <strong>{t('retention.proposal.title')}</strong>
        <span className={`badge badge--${proposal.status === 'erased' ? 'danger' : proposal.status === 'pending' ? 'pending' : 'muted'}`}>
          {t(`retention.status.${proposal.status}`)}
        </span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t('retention.cases')}</dt>
          <dd>
            <CaseNumbers cases={items.cases} />
          </dd>
        </div>
        <div>
          <dt>{t('retention.proposal.goes')}</dt>
          <dd>
            {t('retention.proposal.counts', {
              persons: items.counts.persons ?? 0,
              cases: items.counts.cases ?? 0,
              attachments: items.attachments,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('retention.lastActivity')}</dt>
          <dd>{formatDate(items.lastActivityAt)}</dd>
        </div>
        <div>
          <dt>{t('retention.proposal.proposedBy')}</dt>
          <dd>
            {proposal.proposedBy ? proposal.proposedBy.displayName : t('retention.proposal.drafted')} · {formatDate(proposal.proposedAt)}
          </dd>
        </div>
        {proposal.decidedBy && proposal.decidedAt && (
          <div>
            <dt>{t('retention.proposal.decidedBy')}</dt>
            <dd>
              {proposal.decidedBy.displayName} · {formatDate(proposal.decidedAt)}
            </dd>
          </div>
        )}
      </dl>
      <FormAlert message={error ? errorText(t, error) : null} />
      {proposal.status === 'drafted' && (
        <button type="button" className="button" disabled={busy} onClick={() => void act(() => retentionApi.propose(proposal.familyId))}>
          {t('retention.propose')}
        </button>
      )}
      {proposal.status === 'pending' && mine && <p className="hint">{t('retention.proposal.waiting')}</p>}
      {proposal.status === 'pending' && !mine && proposal.approvalId && !rejecting && (
        <div className="form__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void act(() => retentionApi.decide(proposal.approvalId as string, 'approve'))}
          >
            {t('retention.proposal.approve')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => setRejecting(true)}>
            {t('retention.proposal.reject')}
          </button>
        </div>
      )}
      {rejecting && proposal.approvalId && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => retentionApi.decide(proposal.approvalId as string, 'return', comment.trim()));
          }}
        >
          <TextAreaField label={t('retention.proposal.rejectReason')} required value={comment} onChange={setComment} maxLength={2000} />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('retention.proposal.rejectConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function DueItem({ family, onChanged }: { family: DueFamily; onChanged: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const propose = async () => {
    setError(null);
    try {
      await retentionApi.propose(family.familyId);
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <li className="card emergency-card" data-testid="due-family">
      <p className="emergency-card__title">
        <strong>
          <CaseNumbers cases={family.cases} />
        </strong>
        {family.held && <span className="badge badge--danger">{t('retention.held')}</span>}
      </p>
      <p>{t('retention.lastActivityOn', { date: formatDate(family.lastActivityAt) })}</p>
      <FormAlert message={error ? errorText(t, error) : null} />
      {!family.held && !family.proposalId && (
        <button type="button" className="button" onClick={() => void propose()}>
          {t('retention.propose')}
        </button>
      )}
      {family.proposalId && <p className="hint">{t('retention.proposed')}</p>}
    </li>
  );
}

/** Retention for system administrators: the schedule, erasure proposals, families due, and cases under a legal hold. */
export default function RetentionPage() {
  const { t } = useTranslation();
  const proposals = useResource(() => retentionApi.proposals(), []);
  const due = useResource(() => retentionApi.due(), []);
  const holds = useResource(() => retentionApi.holds(), []);
  const reload = () => {
    proposals.reload();
    due.reload();
  };
  const open = proposals.data?.items.filter((p) => p.status === 'pending' || p.status === 'drafted') ?? [];
  const decided = proposals.data?.items.filter((p) => p.status === 'erased' || p.status === 'rejected') ?? [];
  return (
    <>
      <title>{`${t('retention.title')} · ${t('app.name')}`}</title>
      <h1>{t('retention.title')}</h1>
      <p>{t('retention.intro')}</p>
      <section aria-labelledby="proposals-title">
        <h2 id="proposals-title">{t('retention.proposals')}</h2>
        <FormAlert message={proposals.error ? errorText(t, proposals.error) : null} />
        {proposals.loading && !proposals.data && <Loading />}
        {proposals.data && open.length === 0 && <p className="empty">{t('retention.noProposals')}</p>}
        <ul className="emergency-list" aria-label={t('retention.proposals')}>
          {open.map((proposal) => (
            <ProposalItem key={proposal.id} proposal={proposal} onChanged={reload} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="due-title">
        <h2 id="due-title">{t('retention.due')}</h2>
        <FormAlert message={due.error ? errorText(t, due.error) : null} />
        {due.loading && !due.data && <Loading />}
        {due.data?.items.length === 0 && <p className="empty">{t('retention.noneDue')}</p>}
        <ul className="emergency-list" aria-label={t('retention.due')}>
          {due.data?.items.map((family) => (
            <DueItem key={family.familyId} family={family} onChanged={reload} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="holds-title">
        <h2 id="holds-title">{t('retention.holds')}</h2>
        {holds.data?.items.length === 0 && <p className="empty">{t('retention.noHolds')}</p>}
        <ul className="emergency-list" aria-label={t('retention.holds')}>
          {holds.data?.items.map((hold) => (
            <li key={hold.id} className="card emergency-card" data-testid="legal-hold">
              <p className="emergency-card__title">
                <Link to={`/cases/${hold.caseId}`}>{hold.caseNumber}</Link>
              </p>
              <p>{hold.reason}</p>
              <p className="hint">{t('retention.holdSetBy', { name: hold.setBy.displayName, date: formatDate(hold.setAt) })}</p>
            </li>
          ))}
        </ul>
      </section>
      {decided.length > 0 && (
        <section aria-labelledby="decided-title">
          <h2 id="decided-title">{t('retention.decided')}</h2>
          <ul className="emergency-list" aria-label={t('retention.decided')}>
            {decided.map((proposal) => (
              <ProposalItem key={proposal.id} proposal={proposal} onChanged={reload} />
            ))}
          </ul>
        </section>
      )}
      <Schedule />
    </>
  );
}
