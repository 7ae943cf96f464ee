import { Conflict, can, Invalid, NotFound } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { hashToken } from '../../lib/tokens.ts';
import { findUserById } from '../users/repo.ts';
import * as repo from './repo.ts';
import { acceptedStep, newEnrolment, newRecoveryCodes, openSecret, recoveryCodeHash, sealSecret } from './totp.ts';

/**
 * Starts enrolment: a new secret, shown once as a URI and a QR code, kept sealed until a first code confirms
 * it. A second factor already on is not replaced this way (an administrator resets it first).
 */
export async function enrolTotp(ctx: RequestContext) {
  const user = await findUserById(ctx.db, ctx.actor.id);
  if (!user) throw new NotFound();
  const enrolment = await newEnrolment(user.username);
  const sealed = await sealSecret(ctx.db, enrolment.secret);
  await withTx(ctx.db, async (trx) => {
    if ((await repo.findTotp(trx, ctx.actor.id))?.confirmed_at) throw new Conflict('totp_already_on');
    await repo.putPendingTotp(trx, ctx.actor.id, sealed);
    await audit(trx, ctx, 'auth.totp_enrol', { type: 'user', id: ctx.actor.id });
  });
  return enrolment;
}

/** Turns the pending second factor on with a first code; returns ten recovery codes, shown this once. */
export async function confirmTotp(ctx: RequestContext, sessionToken: string, code: string) {
  return withTx(ctx.db, async (trx) => {
    const totp = await repo.findTotp(trx, ctx.actor.id);
    if (!totp || totp.confirmed_at) throw new Conflict(totp ? 'totp_already_on' : 'totp_not_enrolling');
    const step = acceptedStep(await openSecret(trx, totp.secret_sealed), code, null);
    if (step === null) throw new Invalid([{ path: 'code', code: 'totp_invalid' }]);
    const recoveryCodes = newRecoveryCodes();
    if (!(await repo.confirmTotp(trx, ctx.actor.id, step, recoveryCodes.map(recoveryCodeHash)))) throw new Conflict('totp_already_on');
    await repo.completeEnrolment(trx, hashToken(sessionToken));
    await audit(trx, ctx, 'auth.totp_confirm', { type: 'user', id: ctx.actor.id }, { recoveryCodes: recoveryCodes.length });
    return { recoveryCodes };
  });
}

/** Whether the signed-in user has a second factor on, and how many recovery codes are left. */
export async function secondFactorStatus(ctx: RequestContext) {
  const totp = await repo.findTotp(ctx.db, ctx.actor.id);
  const on = !!totp?.confirmed_at;
  return { on, recoveryCodesLeft: on ? await repo.unusedRecoveryCodes(ctx.db, ctx.actor.id) : 0 };
}

/**
 * An administrator removes a user's second factor (a lost phone): the user signs in with the password and
 * enrols again. Every remembered device is forgotten with it, since the cookies name the old factor.
 */
export async function resetTotp(ctx: RequestContext, userId: string): Promise<void> {
  await withTx(ctx.db, async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user || !can(ctx.actor, 'user.update', { type: 'user', organisationId: user.organisation_id, id: userId }))
      throw new NotFound(user && { type: 'user', id: user.id });
    const had = await repo.deleteTotp(trx, userId);
    await audit(trx, ctx, 'user.totp_reset', { type: 'user', id: userId }, { had });
  });
}
