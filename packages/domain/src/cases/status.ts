import { Conflict, type DomainError, Invalid } from '../errors.ts';

/**
 * The case state machine: intake → assessment → planning → implementation ⇄ monitoring; any open
 * status → closing (closure requested) → closed; closed → assessment on reopening, with a reason.
 *
 * Checks return a result instead of throwing, so the web app asks the very question the server asks
 * (to offer a step or say why not); the server turns a refusal into a domain error with `transitionError`.
 */
export const CASE_STATUSES = ['intake', 'assessment', 'planning', 'implementation', 'monitoring', 'closing', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The statuses in which work goes on; a closure may be requested from any of them. */
export const OPEN_STATUSES = ['intake', 'assessment', 'planning', 'implementation', 'monitoring'] as const satisfies readonly CaseStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** The supervisor approvals that guard a step: an assessment, a plan and a closure are each approved by a supervisor. */
export const APPROVAL_GATES = ['assessment', 'plan', 'closure'] as const;
export type ApprovalGate = (typeof APPROVAL_GATES)[number];

export type CaseState = {
  status: CaseStatus;
  /** Where a returned closure sends the case back to; set while the case is closing. */
  statusBeforeClosing?: OpenStatus | null;
};

export type GateFacts = {
  assessmentApproved: boolean;
  planApproved: boolean;
  closureApproved: boolean;
  /** The organisation's setting; when off, a step whose approval is missing goes ahead and says so. */
  approvalGatesOn: boolean;
};

export type TransitionRefusal =
  | { ok: false; code: 'transition_not_allowed'; from: CaseStatus; to: CaseStatus; allowed: CaseStatus[] }
  | { ok: false; code: 'approval_required'; gate: ApprovalGate }
  | { ok: false; code: 'reason_required' };

/** `gateSkipped` names the approval the organisation's configuration let the case do without: record it. */
export type TransitionCheck = { ok: true; gateSkipped?: ApprovalGate } | TransitionRefusal;

const NEXT_IN_CYCLE: Record<OpenStatus, OpenStatus> = {
  intake: 'assessment',
  assessment: 'planning',
  planning: 'implementation',
  implementation: 'monitoring',
  monitoring: 'implementation',
};

const isOpen = (status: CaseStatus): status is OpenStatus => (OPEN_STATUSES as readonly CaseStatus[]).includes(status);

/**
 * Where the case may go from here, approvals aside: the next step of the cycle or a closure request;
 * from closing, closed (approved) or back where it was (returned); from closed, reopening.
 */
export function nextStatuses(current: CaseState): CaseStatus[] {
  if (isOpen(current.status)) return [NEXT_IN_CYCLE[current.status], 'closing'];
  if (current.status === 'closing') return current.statusBeforeClosing ? ['closed', current.statusBeforeClosing] : ['closed'];
  return ['assessment'];
}

/**
 * The approval a step needs. Leaving assessment or planning forward needs the approved assessment or
 * plan; a closure request may come from any open status, because a family may move away at any time.
 */
function gateOf(from: CaseStatus, to: CaseStatus): ApprovalGate | null {
  if (from === 'assessment' && to === 'planning') return 'assessment';
  if (from === 'planning' && to === 'implementation') return 'plan';
  if (from === 'closing' && to === 'closed') return 'closure';
  return null;
}

const approved: Record<ApprovalGate, (facts: GateFacts) => boolean> = {
  assessment: (facts) => facts.assessmentApproved,
  plan: (facts) => facts.planApproved,
  closure: (facts) => facts.closureApproved,
};

export function transitionCheck(current: CaseState, to: CaseStatus, gates: GateFacts, reason?: string | null): TransitionCheck {
  const allowed = nextStatuses(current);
  if (!allowed.includes(to)) return { ok: false, code: 'transition_not_allowed', from: current.status, to, allowed };
  if (current.status === 'closed' && !reason?.trim()) return { ok: false, code: 'reason_required' };
  const gate = gateOf(current.status, to);
  if (!gate || approved[gate](gates)) return { ok: true };
  return gates.approvalGatesOn ? { ok: false, code: 'approval_required', gate } : { ok: true, gateSkipped: gate };
}

/** The state after an allowed step: a closing case remembers where it came from, so a return can go back. */
export function stateAfter(current: CaseState, to: CaseStatus): CaseState {
  return { status: to, statusBeforeClosing: to === 'closing' && isOpen(current.status) ? current.status : null };
}

/** A closed case is read-only until it is reopened. */
export function isCaseReadOnly(status: CaseStatus): boolean {
  return status === 'closed';
}

/** The domain error for a refusal: 409 for a step not allowed now, 400 on `reason` when the reason is missing. */
export function transitionError(refusal: TransitionRefusal, current?: unknown): DomainError {
  switch (refusal.code) {
    case 'transition_not_allowed':
      return new Conflict(refusal.code, current, { from: refusal.from, to: refusal.to, allowed: refusal.allowed });
    case 'approval_required':
      return new Conflict(refusal.code, current, { gate: refusal.gate });
    case 'reason_required':
      return new Invalid([{ path: 'reason', code: 'required' }]);
  }
}
