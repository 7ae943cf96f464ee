/**
 * The fixed codes of case work (the values the API accepts and answers). Labels are translated; these codes never change,
 * so clients, reports and stored records can rely on them.
 */

/** Green, yellow, red, and immediate danger. Computed by the assessment; drives deadlines. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** How fast a case or a referral must be acted on; cases and referrals share the same three values. */
export const URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CONTACT_KINDS = ['home_visit', 'phone', 'office', 'case_conference', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const CLOSURE_REASONS = ['goals_achieved', 'moved_away', 'refused_services', 'transferred', 'reached_adulthood', 'other'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** What a supervisor is asked to approve. */
export const APPROVAL_KINDS = ['assessment', 'plan', 'closure', 'risk_override', 'gatekeeping'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export const APPROVAL_STATUSES = ['pending', 'approved', 'returned'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_DECISIONS = ['approve', 'return'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * Every kind of event a case's timeline holds. The server can record no other (its type), and the web
 * has a label for each in every language (a test), so no raw code ever reaches the timeline.
 */
export const CASE_EVENT_KINDS = [
  'case.opened',
  'case.status_changed',
  'case.assigned',
  'case.reopened',
  'contact.recorded',
  'task.created',
  'task.done',
  'task.cancelled',
  'task.reopened',
  'approval.requested',
  'approval.approved',
  'approval.returned',
  'approval.skipped',
  'assessment.created',
  'assessment.submitted',
  'assessment.approved',
  'assessment.returned',
  'screening.recorded',
  'plan.created',
  'plan.updated',
  'plan.submitted',
  'plan.approved',
  'plan.returned',
  'plan.action_updated',
  'consent.recorded',
  'consent.withdrawn',
  'referral.sent',
  'referral.accepted',
  'referral.declined',
  'referral.in_progress',
  'referral.completed',
  'referral.cancelled',
  'referral.consent_override',
  'transfer.sent',
  'transfer.accepted',
  'transfer.returned',
  'share.added',
  'share.removed',
  'tracing.opened',
  'tracing.verified',
  'tracing.reunified',
  'tracing.closed',
  'care.recorded',
  'care.changed',
  'care.returned_home',
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];
