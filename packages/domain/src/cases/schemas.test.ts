import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { addDays, tashkentDate } from './deadlines.ts';
import {
  approvalDecision,
  caseClose,
  caseCreate,
  caseReopen,
  casesQuery,
  caseTransition,
  contactCreate,
  taskCreate,
  tasksQuery,
  taskUpdate,
} from './schemas.ts';

const FAMILY = '0190a0b2-7c3e-7a21-9f10-3b4c5d6e7f80';
const CHILD = '0190a0b2-7c3e-7a21-9f10-3b4c5d6e7f81';

/** The problems a schema reports, as `path: key`. */
function problems(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('opening a case', () => {
  it('accepts a family, its focus children, a source and a reason; urgency defaults to routine', () => {
    const body = caseCreate.parse({
      familyId: FAMILY,
      focusPersonIds: [CHILD, CHILD],
      identificationSource: 'school',
      reason: ' Not at school ',
    });
    expect(body).toEqual({
      familyId: FAMILY,
      focusPersonIds: [CHILD],
      identificationSource: 'school',
      reason: 'Not at school',
      urgency: 'routine',
    });
    expect(
      caseCreate.parse({ familyId: FAMILY, identificationSource: 'hotline', reason: 'x', urgency: 'emergency' }).focusPersonIds,
    ).toEqual([]);
  });

  it('rejects an empty reason, an unknown source or urgency, and a bad id', () => {
    expect(problems(caseCreate, { familyId: 'f1', identificationSource: 'neighbour', reason: '   ', urgency: 'soon' })).toEqual([
      'familyId: uuid',
      'identificationSource: choice',
      'reason: required',
      'urgency: choice',
    ]);
  });
});

describe('moving a case', () => {
  it('takes a target status and an optional reason', () => {
    expect(caseTransition.parse({ to: 'assessment', reason: '', version: 3 })).toEqual({ to: 'assessment', reason: null, version: 3 });
    expect(problems(caseTransition, { to: 'archived', version: 3 })).toEqual(['to: choice']);
    // A step names the version it read, so nothing a colleague wrote meanwhile is overwritten unseen.
    expect(problems(caseTransition, { to: 'assessment' })).toEqual(['version: version']);
  });

  it('closes with a known reason and an outcome', () => {
    expect(caseClose.parse({ reason: 'goals_achieved', outcome: 'Both children back at school.', version: 1 }).reason).toBe(
      'goals_achieved',
    );
    expect(problems(caseClose, { reason: 'bored', outcome: ' ', version: 1 })).toEqual(['reason: choice', 'outcome: required']);
  });

  it('reopens only with a reason', () => {
    expect(problems(caseReopen, { reason: '', version: 2 })).toEqual(['reason: required']);
    expect(problems(caseReopen, {})).toEqual(['reason: required', 'version: version']);
    expect(caseReopen.parse({ reason: 'Mother asked for help again', version: 2 })).toEqual({
      reason: 'Mother asked for help again',
      version: 2,
    });
  });
});

describe('contacts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // 00:30 on 11 March in Tashkent.
    vi.setSystemTime(new Date('2026-03-10T19:30:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('accepts a visit made today in Tashkent, though UTC is still on the day before', () => {
    expect(tashkentDate(new Date())).toBe('2026-03-11');
    const contact = contactCreate.parse({
      kind: 'home_visit',
      date: '2026-03-11',
      text: 'Met the grandmother.',
      participants: ['grandmother'],
    });
    expect(contact.date).toBe('2026-03-11');
  });

  it('rejects a date in the future, an unknown kind and an empty text', () => {
    expect(problems(contactCreate, { kind: 'letter', date: addDays('2026-03-11', 1), text: '' })).toEqual([
      'kind: choice',
      'date: date_future',
      'text: required',
    ]);
    expect(problems(contactCreate, { kind: 'phone', date: '2026-02-30', text: 'Called.' })).toEqual(['date: date']);
  });
});

describe('tasks', () => {
  it('is due on a day or at a moment', () => {
    expect(taskCreate.parse({ title: 'Visit the family', dueDate: '2026-03-12' }).dueDate).toBe('2026-03-12');
    expect(taskCreate.parse({ title: 'Call the school', dueAt: '2026-03-12T09:00:00+05:00' }).dueAt).toBe('2026-03-12T09:00:00+05:00');
  });

  it('needs exactly one form of due, a title, and a real timestamp', () => {
    expect(problems(taskCreate, { title: 'Visit' })).toEqual(['dueDate: required']);
    expect(problems(taskCreate, { title: 'Visit', dueDate: '2026-03-12', dueAt: '2026-03-12T09:00:00Z' })).toEqual(['dueAt: due_one_form']);
    expect(problems(taskCreate, { title: '', dueAt: 'tomorrow' })).toEqual(['title: required', 'dueAt: datetime']);
  });

  it('updates with the version read', () => {
    expect(taskUpdate.parse({ version: 3, status: 'done' })).toEqual({ version: 3, status: 'done' });
    expect(problems(taskUpdate, { status: 'finished' })).toEqual(['version: version', 'status: choice']);
    expect(problems(taskUpdate, { version: 1, dueDate: '2026-03-12', dueAt: '2026-03-12T09:00:00Z' })).toEqual(['dueAt: due_one_form']);
  });
});

describe('approval decisions', () => {
  it('approves with or without a comment', () => {
    expect(approvalDecision.parse({ decision: 'approve' })).toEqual({ decision: 'approve' });
    expect(approvalDecision.parse({ decision: 'approve', comment: 'Good plan' }).comment).toBe('Good plan');
  });

  it('returns only with a comment', () => {
    for (const comment of [undefined, null, '', '   ']) {
      expect(problems(approvalDecision, { decision: 'return', comment }), String(comment)).toEqual(['comment: comment_required']);
    }
    expect(approvalDecision.parse({ decision: 'return', comment: 'Add the school as a partner' }).decision).toBe('return');
    expect(problems(approvalDecision, { decision: 'maybe' })).toEqual(['decision: choice']);
  });
});

describe('list queries', () => {
  it('reads the filters of the case and task lists', () => {
    expect(casesQuery.parse({ assignee: 'me', status: 'intake', risk: 'critical' })).toMatchObject({ assignee: 'me', limit: 50 });
    expect(tasksQuery.parse({ assignee: FAMILY, due: 'overdue' })).toMatchObject({ assignee: FAMILY, due: 'overdue' });
    expect(problems(tasksQuery, { due: 'soon', assignee: 'you' })).toEqual(['assignee: uuid', 'due: choice']);
  });
});
