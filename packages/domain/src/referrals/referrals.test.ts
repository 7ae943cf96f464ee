import { describe, expect, it } from 'vitest';
import { Conflict } from '../errors.ts';
import {
  REFERRAL_STATUSES,
  REFERRAL_STEPS,
  referralCreate,
  referralDue,
  referralStepCheck,
  referralStepError,
  referralSteps,
  sharedSnapshot,
} from './index.ts';

describe('referral state machine', () => {
  it('lets the receiver accept or decline a sent referral, start an accepted one and complete it', () => {
    expect(referralStepCheck('sent', 'accept', 'receiver')).toEqual({ ok: true, to: 'accepted' });
    expect(referralStepCheck('sent', 'decline', 'receiver')).toEqual({ ok: true, to: 'declined' });
    expect(referralStepCheck('accepted', 'start', 'receiver')).toEqual({ ok: true, to: 'in_progress' });
    expect(referralStepCheck('in_progress', 'complete', 'receiver')).toEqual({ ok: true, to: 'completed' });
    expect(referralStepCheck('accepted', 'complete', 'receiver')).toEqual({ ok: true, to: 'completed' });
  });

  it('lets only the sender cancel, and only while the referral is open', () => {
    for (const status of ['sent', 'accepted', 'in_progress'] as const)
      expect(referralStepCheck(status, 'cancel', 'sender')).toEqual({ ok: true, to: 'cancelled' });
    expect(referralStepCheck('sent', 'cancel', 'receiver').ok).toBe(false);
    expect(referralStepCheck('sent', 'accept', 'sender').ok).toBe(false);
  });

  it('refuses every step from a final status, and says which steps are allowed', () => {
    for (const status of ['declined', 'completed', 'cancelled'] as const)
      for (const step of REFERRAL_STEPS)
        for (const side of ['sender', 'receiver'] as const) expect(referralStepCheck(status, step, side).ok).toBe(false);
    expect(referralStepCheck('accepted', 'accept', 'receiver')).toEqual({
      ok: false,
      code: 'referral_step_not_allowed',
      from: 'accepted',
      step: 'accept',
      allowed: ['start', 'complete'],
    });
  });

  it('lists the same steps the checks allow, for every status and side', () => {
    for (const status of REFERRAL_STATUSES)
      for (const side of ['sender', 'receiver'] as const)
        expect(referralSteps(status, side)).toEqual(REFERRAL_STEPS.filter((step) => referralStepCheck(status, step, side).ok));
  });

  it('turns a refusal into a 409 naming the step', () => {
    const check = referralStepCheck('completed', 'cancel', 'sender');
    if (check.ok) throw new Error('expected a refusal');
    const error = referralStepError(check, { id: 'r' });
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ code: 'referral_step_not_allowed', current: { id: 'r' }, params: { step: 'cancel', allowed: [] } });
  });
});

describe('overdue referrals', () => {
  const sentAt = '2026-11-01T06:00:00Z';

  it('gives the receiver a day for an emergency, three for urgent, seven for routine to answer', () => {
    expect(referralDue({ status: 'sent', urgency: 'emergency', sentAt }, new Date('2026-11-02T05:59:00Z'))).toEqual({
      dueAt: '2026-11-02T06:00:00.000Z',
      overdue: false,
    });
    expect(referralDue({ status: 'sent', urgency: 'emergency', sentAt }, new Date('2026-11-02T06:01:00Z')).overdue).toBe(true);
    expect(referralDue({ status: 'sent', urgency: 'urgent', sentAt }, new Date('2026-11-03T12:00:00Z')).overdue).toBe(false);
    expect(referralDue({ status: 'sent', urgency: 'urgent', sentAt }, new Date('2026-11-04T06:01:00Z')).overdue).toBe(true);
    expect(referralDue({ status: 'sent', urgency: 'routine', sentAt }, new Date('2026-11-07T12:00:00Z')).overdue).toBe(false);
    expect(referralDue({ status: 'sent', urgency: 'routine', sentAt }, new Date('2026-11-08T06:01:00Z')).overdue).toBe(true);
  });

  it('after acceptance, waits for the outcome from the day it was accepted', () => {
    const acceptedAt = '2026-11-05T06:00:00Z';
    const due = referralDue({ status: 'in_progress', urgency: 'routine', sentAt, acceptedAt }, new Date('2026-12-04T00:00:00Z'));
    expect(due).toEqual({ dueAt: '2026-12-05T06:00:00.000Z', overdue: false });
    expect(referralDue({ status: 'accepted', urgency: 'routine', sentAt, acceptedAt }, new Date('2026-12-06T00:00:00Z')).overdue).toBe(
      true,
    );
  });

  it('is never overdue once declined, completed or cancelled', () => {
    for (const status of ['declined', 'completed', 'cancelled'] as const)
      expect(referralDue({ status, urgency: 'emergency', sentAt, acceptedAt: sentAt }, new Date('2027-06-01T00:00:00Z'))).toEqual({
        dueAt: null,
        overdue: false,
      });
  });
});

describe('shared snapshot', () => {
  const ozodbek = {
    surname: 'Tursunov',
    givenName: 'Ozodbek',
    patronymic: 'Sherzod oʻgʻli',
    birthDate: '2023-01-15',
    birthYear: null,
    sex: 'male',
    documentsHeld: [],
    documentsMissing: ['birth_certificate'],
    whereabouts: { status: 'present', country: null, since: null, contactChannel: null },
  };
  const family = { address: 'Navbahor MFY, Bogʻbon koʻchasi, 14-uy', phone: '+998915823417' };
  const assessment = { riskLevel: 'high', problemDomains: ['documents_legal'] };

  it('keeps only the fields chosen, with the age on the day sent', () => {
    const snapshot = sharedSnapshot([ozodbek], family, ['name', 'birthDate', 'phone'], assessment, '2026-11-23');
    expect(snapshot).toEqual({
      persons: [{ name: 'Tursunov Ozodbek Sherzod oʻgʻli', birthDate: '2023-01-15', age: 3, phone: '+998915823417' }],
      assessmentSummary: null,
    });
    expect(sharedSnapshot([ozodbek], family, ['birthDate'], assessment, '2026-01-14').persons[0]?.age).toBe(2);
  });

  it('shares documents, whereabouts, the address and the assessment summary only when chosen', () => {
    const snapshot = sharedSnapshot([ozodbek], family, ['documents', 'address', 'assessmentSummary'], assessment, '2026-11-23');
    expect(snapshot.persons[0]).toEqual({ documents: { held: [], missing: ['birth_certificate'] }, address: family.address });
    expect(snapshot.assessmentSummary).toEqual(assessment);
    expect(sharedSnapshot([ozodbek], family, [], assessment, '2026-11-23')).toEqual({ persons: [{}], assessmentSummary: null });
  });
});

describe('referral request', () => {
  const base = {
    caseId: '0190c3a0-0000-7000-8000-000000000001',
    toOrganisationId: '0190c3a0-0000-7000-8000-000000000002',
    reason: 'Guvohnoma',
  };

  it('defaults to a routine referral and leaves the shared fields to the server’s default', () => {
    expect(referralCreate.parse(base)).toMatchObject({ urgency: 'routine' });
    expect(referralCreate.parse(base).sharedFields).toBeUndefined();
  });

  it('refuses a consent and an override together, an unknown shared field and an empty reason', () => {
    const both = referralCreate.safeParse({ ...base, consentId: base.caseId, consentOverrideReason: 'Xavf' });
    expect(both.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['consentOverrideReason', 'consent_or_override']]);
    expect(referralCreate.safeParse({ ...base, sharedFields: ['pinfl'] }).error?.issues[0]?.path).toEqual(['sharedFields', 0]);
    expect(referralCreate.safeParse({ ...base, reason: ' ' }).error?.issues[0]?.message).toBe('required');
  });
});
