import type { CaseEventKind } from '@hamkor/domain';

/**
 * The translation key of every kind of case event. A Record over the domain's kinds: a new kind does not
 * compile until it has a label, and a test checks each key in every language.
 */
export const EVENT_LABEL_KEYS: Record<CaseEventKind, string> = {
  'case.opened': 'cases.event.case_opened',
  'case.status_changed': 'cases.event.case_status_changed',
  'case.assigned': 'cases.event.case_assigned',
  'case.reopened': 'cases.event.case_reopened',
  'contact.recorded': 'cases.event.contact_recorded',
  'task.created': 'cases.event.task_created',
  'task.done': 'cases.event.task_done',
  'task.cancelled': 'cases.event.task_cancelled',
  'task.reopened': 'cases.event.task_reopened',
  'approval.requested': 'cases.event.approval_requested',
  'approval.approved': 'cases.event.approval_approved',
  'approval.returned': 'cases.event.approval_returned',
  'approval.skipped': 'cases.event.approval_skipped',
  'assessment.created': 'cases.event.assessment_created',
  'assessment.submitted': 'cases.event.assessment_submitted',
  'assessment.approved': 'cases.event.assessment_approved',
  'assessment.returned': 'cases.event.assessment_returned',
  'screening.recorded': 'cases.event.screening_recorded',
  'plan.created': 'plans.event.created',
  'plan.updated': 'plans.event.updated',
  'plan.submitted': 'plans.event.submitted',
  'plan.approved': 'plans.event.approved',
  'plan.returned': 'plans.event.returned',
  'plan.action_updated': 'plans.event.action_updated',
  'consent.recorded': 'consents.event.recorded',
  'consent.withdrawn': 'consents.event.withdrawn',
  'referral.sent': 'referrals.event.sent',
  'referral.accepted': 'referrals.event.accepted',
  'referral.declined': 'referrals.event.declined',
  // The referral's status is `in_progress`; its event reads "work started".
  'referral.in_progress': 'referrals.event.started',
  'referral.completed': 'referrals.event.completed',
  'referral.cancelled': 'referrals.event.cancelled',
  'referral.consent_override': 'referrals.event.consent_override',
  'transfer.sent': 'transfers.event.sent',
  'transfer.accepted': 'transfers.event.accepted',
  'transfer.returned': 'transfers.event.returned',
  'share.added': 'transfers.event.share_added',
  'share.removed': 'transfers.event.share_removed',
  'care.recorded': 'care.event.recorded',
  'care.changed': 'care.event.changed',
  'care.returned_home': 'care.event.returned_home',
  'tracing.opened': 'tracing.event.opened',
  'tracing.verified': 'tracing.event.verified',
  'tracing.reunified': 'tracing.event.reunified',
  'tracing.closed': 'tracing.event.closed',
};

/** The label of an event; a kind recorded by an older server and unknown here shows as itself. */
export function eventLabel(t: (key: string, options?: Record<string, string>) => string, kind: string): string {
  const key = (EVENT_LABEL_KEYS as Record<string, string | undefined>)[kind];
  return key ? t(key, { defaultValue: kind }) : kind;
}
