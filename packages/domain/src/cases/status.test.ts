import { describe, expect, it } from 'vitest';
import { Conflict, Invalid } from '../errors.ts';
import {
  CASE_STATUSES,
  type CaseState,
  type CaseStatus,
  type GateFacts,
  isCaseReadOnly,
  nextStatuses,
  OPEN_STATUSES,
  type OpenStatus,
  stateAfter,
  transitionCheck,
  transitionError,
} from './status.ts';

const ALL_APPROVED: GateFacts = { assessmentApproved: true, planApproved: true, closureApproved: true, approvalGatesOn: true };
const NONE_APPROVED: GateFacts = { assessmentApproved: false, planApproved: false, closureApproved: false, approvalGatesOn: true };

/** The moves a case may make, written out by hand; closing goes back only to where it came from. */
const ALLOWED = new Set([
  'intake>assessment',
  'assessment>planning',
  'planning>implementation',
  'implementation>monitoring',
  'monitoring>implementation',
  ...OPEN_STATUSES.map((status) => `${status}>closing`),
  'closing>closed',
  'closed>assessment',
]);

const allowedFromClosing = (before: OpenStatus, to: CaseStatus) => to === 'closed' || to === before;

describe('case status transitions', () => {
  const openAndClosed = CASE_STATUSES.filter((status) => status !== 'closing');
  const pairs = openAndClosed.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is allowed exactly when the state machine says so', (from, to) => {
    const check = transitionCheck({ status: from }, to, ALL_APPROVED, 'family asked for help again');
    const expected = ALLOWED.has(`${from}>${to}`);
    expect(check.ok).toBe(expected);
    if (!check.ok) expect(check).toMatchObject({ code: 'transition_not_allowed', from, to, allowed: nextStatuses({ status: from }) });
  });

  const closingPairs = OPEN_STATUSES.flatMap((before) => CASE_STATUSES.map((to) => [before, to] as const));

  it.each(closingPairs)('closing (from %s) → %s', (before, to) => {
    const check = transitionCheck({ status: 'closing', statusBeforeClosing: before }, to, ALL_APPROVED);
    expect(check.ok).toBe(allowedFromClosing(before, to));
    if (!check.ok) expect(check.code).toBe('transition_not_allowed');
  });

  it('offers the UI exactly the allowed moves', () => {
    for (const from of openAndClosed) {
      const expected = CASE_STATUSES.filter((to) => ALLOWED.has(`${from}>${to}`));
      expect(new Set(nextStatuses({ status: from })), from).toEqual(new Set(expected));
    }
    expect(nextStatuses({ status: 'closing', statusBeforeClosing: 'monitoring' })).toEqual(['closed', 'monitoring']);
    expect(nextStatuses({ status: 'closing' })).toEqual(['closed']);
  });
});

describe('approval gates', () => {
  const gated = [
    { from: 'assessment', to: 'planning', gate: 'assessment', approval: 'assessmentApproved' },
    { from: 'planning', to: 'implementation', gate: 'plan', approval: 'planApproved' },
    { from: 'closing', to: 'closed', gate: 'closure', approval: 'closureApproved' },
  ] as const;
  const state = (from: CaseStatus): CaseState => ({ status: from, statusBeforeClosing: from === 'closing' ? 'implementation' : null });

  it.each(gated)('$from → $to needs the approved $gate while the gates are on', ({ from, to, gate, approval }) => {
    expect(transitionCheck(state(from), to, NONE_APPROVED)).toEqual({ ok: false, code: 'approval_required', gate });
    expect(transitionCheck(state(from), to, { ...NONE_APPROVED, [approval]: true })).toEqual({ ok: true });
  });

  it.each(gated)(
    '$from → $to goes ahead without approval when the organisation turned gates off, and says so',
    ({ from, to, gate, approval }) => {
      const gatesOff = { ...NONE_APPROVED, approvalGatesOn: false };
      expect(transitionCheck(state(from), to, gatesOff)).toEqual({ ok: true, gateSkipped: gate });
      expect(transitionCheck(state(from), to, { ...gatesOff, [approval]: true })).toEqual({ ok: true });
    },
  );

  it('guards no other move', () => {
    for (const [from, to] of [
      ['intake', 'assessment'],
      ['implementation', 'monitoring'],
      ['monitoring', 'implementation'],
      ['assessment', 'closing'],
      ['planning', 'closing'],
    ] as const) {
      expect(transitionCheck({ status: from }, to, NONE_APPROVED), `${from} → ${to}`).toEqual({ ok: true });
    }
  });

  it('never lets gates off open a move the state machine forbids', () => {
    const gatesOff = { ...NONE_APPROVED, approvalGatesOn: false };
    expect(transitionCheck({ status: 'intake' }, 'implementation', gatesOff)).toMatchObject({ ok: false, code: 'transition_not_allowed' });
  });
});

describe('reopening and returned closures', () => {
  it('reopens a closed case into assessment only with a reason', () => {
    for (const reason of [undefined, null, '', '   ']) {
      expect(transitionCheck({ status: 'closed' }, 'assessment', ALL_APPROVED, reason)).toEqual({ ok: false, code: 'reason_required' });
    }
    expect(transitionCheck({ status: 'closed' }, 'assessment', ALL_APPROVED, 'The father returned from abroad')).toEqual({ ok: true });
  });

  it('sends a returned closure back to the status the case had before closing', () => {
    for (const before of OPEN_STATUSES) {
      const closing = stateAfter({ status: before }, 'closing');
      expect(closing).toEqual({ status: 'closing', statusBeforeClosing: before });
      expect(transitionCheck(closing, before, NONE_APPROVED)).toEqual({ ok: true });
      expect(stateAfter(closing, before)).toEqual({ status: before, statusBeforeClosing: null });
    }
  });

  it('keeps a closed case read-only until it is reopened', () => {
    expect(isCaseReadOnly('closed')).toBe(true);
    for (const status of CASE_STATUSES.filter((s) => s !== 'closed')) expect(isCaseReadOnly(status), status).toBe(false);
    expect(isCaseReadOnly(stateAfter({ status: 'closed' }, 'assessment').status)).toBe(false);
  });
});

describe('transition errors', () => {
  it('maps a forbidden move or a missing approval to a conflict, and a missing reason to a field problem', () => {
    const current = { id: 'c1', status: 'intake' };
    const forbidden = transitionError(
      { ok: false, code: 'transition_not_allowed', from: 'intake', to: 'closed', allowed: ['assessment'] },
      current,
    );
    expect(forbidden).toBeInstanceOf(Conflict);
    expect(forbidden).toMatchObject({ code: 'transition_not_allowed', current, params: { from: 'intake', to: 'closed' } });
    expect(transitionError({ ok: false, code: 'approval_required', gate: 'plan' })).toMatchObject({
      code: 'approval_required',
      params: { gate: 'plan' },
    });
    const missingReason = transitionError({ ok: false, code: 'reason_required' });
    expect(missingReason).toBeInstanceOf(Invalid);
    expect((missingReason as Invalid).fields).toEqual([{ path: 'reason', code: 'required' }]);
  });
});
