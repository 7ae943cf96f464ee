import { Invalid, NotFound, TooManyRequests, Unauthenticated } from '@hamkor/domain';
import * as client from 'openid-client';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { hashToken, newToken, sameToken } from '../../lib/tokens.ts';
import { appendAuditEvent } from '../audit/repo.ts';
import * as authRepo from '../auth/repo.ts';
import { checkSecondFactor, SESSION_LIFETIME_MS, THROTTLE } from '../auth/service.ts';
import { mustHaveSecondFactor } from '../auth/settings.ts';
import { openSecret, sealSecret } from '../auth/totp.ts';
import { summariseDevice } from '../sessions/device.ts';
import { findUserById, toUser, type UserRow } from '../users/repo.ts';
import { type IdentityProvider, type ProviderIdentity, ProviderRefused } from './providers.ts';
import * as repo from './repo.ts';

/** How long a person has at the provider before the sign-in must start again. */
export const FLOW_LIFETIME_MS = 10 * 60 * 1000;

export type Intent = 'login' | 'link';

/** A sign-in or a link that did not happen, for the page the person is sent back to (errors.<code> in every language). */
export class SignInRefused extends Error {
  constructor(
    readonly code:
      | 'oidc_unknown_identity'
      | 'oidc_cancelled'
      | 'oidc_refused'
      | 'oidc_unavailable'
      | 'oidc_identity_taken'
      | 'oidc_already_linked'
      | 'oidc_link_session',
    readonly intent: Intent,
  ) {
    super(code);
  }
}

/** The state is missing, does not match the browser's, is used up or too old: bad input, answered 400. */
const stateInvalid = () => new Invalid([{ path: 'state', code: 'oidc_state' }], 'oidc_state_invalid');

export async function startFlow(
  db: Db,
  provider: IdentityProvider,
  input: { intent: Intent; userId: string | null; redirectUri: string },
): Promise<{ url: URL; state: string }> {
  if (input.intent === 'link' && !input.userId) throw new Unauthenticated();
  // OneID finds the account by the PINFL an administrator recorded: there is nothing for a person to link.
  if (input.intent === 'link' && provider.kind !== 'oidc') throw new Invalid([{ path: 'intent', code: 'oidc_not_linkable' }]);
  await sweepNow(db);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  let url: URL;
  try {
    url = await provider.authorizationUrl({ redirectUri: input.redirectUri, state, nonce, codeVerifier });
  } catch {
    throw new SignInRefused('oidc_unavailable', input.intent);
  }
  await repo.insertFlow(db, {
    state_hash: hashToken(state),
    provider: provider.name,
    intent: input.intent,
    user_id: input.intent === 'link' ? input.userId : null,
    code_verifier: codeVerifier,
    nonce,
    provider_token_sealed: null,
    expires_at: new Date(Date.now() + FLOW_LIFETIME_MS),
  });
  return { url, state };
}

type Browser = { ip: string | null; userAgent: string | undefined; replaces: string | null; sessionUserId: string | null };

export type SessionOpened = {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: ReturnType<typeof toUser>;
  enrolmentRequired: boolean;
};

export type CallbackResult =
  | { kind: 'signed_in'; session: SessionOpened }
  | { kind: 'second_factor'; ticket: string }
  | { kind: 'linked'; provider: string };

/**
 * The provider sent the browser back. The state must be the one this browser's cookie holds and a live flow's;
 * the flow is taken (used once). Then the provider is asked who it is, and the account is found by a linked
 * subject (OIDC) or by PINFL (OneID) — never created. An account with a second factor still gives its code.
 */
export async function completeFlow(
  db: Db,
  provider: IdentityProvider,
  input: { query: Record<string, string>; cookieState: string | undefined; redirectUri: string } & Browser,
): Promise<CallbackResult> {
  const state = input.query.state;
  if (!state || !input.cookieState || !sameToken(state, input.cookieState)) throw stateInvalid();
  const counted = await countTry(db, input.ip);
  const flow = await repo.takeFlow(db, hashToken(state), provider.name, 'redirected');
  if (!flow) throw stateInvalid();
  let identity: ProviderIdentity;
  try {
    identity = await provider.complete({
      query: input.query,
      redirectUri: input.redirectUri,
      state,
      nonce: flow.nonce,
      codeVerifier: flow.code_verifier,
    });
  } catch (error) {
    if (error instanceof ProviderRefused)
      throw new SignInRefused(error.reason === 'cancelled' ? 'oidc_cancelled' : 'oidc_refused', flow.intent);
    throw new SignInRefused('oidc_unavailable', flow.intent);
  }
  if (flow.intent === 'link') return link(db, provider, flow, identity, input);

  const user = await accountOf(db, provider, identity);
  if (!user) {
    await db.transaction().execute((trx) =>
      appendAuditEvent(trx, {
        actorId: null,
        action: 'auth.login_failed',
        ip: input.ip,
        // Neither the subject nor the PINFL is kept: an unknown one says nothing worth the personal data.
        details: { reason: 'unknown_identity', method: provider.name },
      }),
    );
    throw new SignInRefused('oidc_unknown_identity', 'login');
  }
  await giveBack(db, counted);
  const totp = await authRepo.findTotp(db, user.id);
  if (totp?.confirmed_at) {
    // The provider stands for the password; the account's second factor is still asked, on Hamkor's page.
    const ticket = newToken();
    await repo.insertFlow(db, {
      state_hash: hashToken(ticket),
      provider: provider.name,
      intent: 'login',
      stage: 'second_factor',
      user_id: user.id,
      code_verifier: '',
      nonce: '',
      provider_token_sealed: identity.logoutToken ? await sealSecret(db, identity.logoutToken) : null,
      expires_at: new Date(Date.now() + FLOW_LIFETIME_MS),
    });
    return { kind: 'second_factor', ticket };
  }
  const session = await openSession(db, provider, user, {
    ...input,
    providerTokenSealed: identity.logoutToken ? await sealSecret(db, identity.logoutToken) : null,
    secondFactor: null,
  });
  return { kind: 'signed_in', session };
}

/** The code of the account's second factor, after a provider sign-in; one try per trip through the provider. */
export async function completeSecondFactor(
  db: Db,
  provider: IdentityProvider,
  input: { ticket: string | undefined; totp: string } & Browser,
): Promise<SessionOpened> {
  if (!input.ticket) throw stateInvalid();
  const counted = await countTry(db, input.ip);
  const flow = await repo.takeFlow(db, hashToken(input.ticket), provider.name, 'second_factor');
  const user = flow?.user_id ? await findUserById(db, flow.user_id) : undefined;
  if (!flow || !user) throw stateInvalid();
  const factor = await checkSecondFactor(db, user.id, { username: user.username, password: '', totp: input.totp, ip: input.ip });
  if (factor.outcome !== 'totp' && factor.outcome !== 'recovery_code') {
    await db.transaction().execute((trx) =>
      appendAuditEvent(trx, {
        actorId: null,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        ip: input.ip,
        details: { reason: 'totp', method: provider.name },
      }),
    );
    throw new Unauthenticated('totp_invalid');
  }
  await giveBack(db, counted);
  return openSession(db, provider, user, { ...input, providerTokenSealed: flow.provider_token_sealed, secondFactor: factor.outcome });
}

async function accountOf(db: Db, provider: IdentityProvider, identity: ProviderIdentity): Promise<UserRow | undefined> {
  const userId = identity.pinfl
    ? (await repo.findUserByPinfl(db, identity.pinfl))?.id
    : (await repo.findIdentity(db, provider.name, identity.subject))?.user_id;
  const user = userId ? await findUserById(db, userId) : undefined;
  // A deactivated account is answered as an unknown one.
  return user?.active ? user : undefined;
}

/** The same session a password opens: cookie token, CSRF token, the enrolment rule, `auth.login` audited with its method. */
async function openSession(
  db: Db,
  provider: IdentityProvider,
  user: UserRow,
  input: Browser & { providerTokenSealed: string | null; secondFactor: 'totp' | 'recovery_code' | null },
): Promise<SessionOpened> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  const enrolOnly = !input.secondFactor && mustHaveSecondFactor(user.roles);
  await withTx(db, async (trx) => {
    if (input.replaces) await authRepo.deleteSession(trx, hashToken(input.replaces));
    await authRepo.insertSession(trx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: input.ip,
      device: summariseDevice(input.userAgent),
      enrolOnly,
    });
    await trx
      .updateTable('sessions')
      .set({ provider: provider.name, provider_token_sealed: input.providerTokenSealed })
      .where('token_hash', '=', hashToken(token))
      .execute();
    if (provider.kind === 'oidc')
      await trx
        .updateTable('user_identities')
        .set({ last_used_at: new Date() })
        .where('user_id', '=', user.id)
        .where('provider', '=', provider.name)
        .execute();
    await appendAuditEvent(trx, {
      actorId: user.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      ip: input.ip,
      details: {
        method: provider.name,
        ...(input.replaces ? { replacedSession: true } : {}),
        ...(input.secondFactor ? { secondFactor: input.secondFactor } : {}),
        ...(enrolOnly ? { enrolmentRequired: true } : {}),
      },
    });
  });
  return { token, csrfToken, expiresAt, user: toUser(user), enrolmentRequired: enrolOnly };
}

async function link(
  db: Db,
  provider: IdentityProvider,
  flow: repo.FlowRow,
  identity: ProviderIdentity,
  input: Browser,
): Promise<CallbackResult> {
  // The browser must still be signed in as the one who started linking.
  if (!flow.user_id || input.sessionUserId !== flow.user_id) throw new SignInRefused('oidc_link_session', 'link');
  const userId = flow.user_id;
  await withTx(db, async (trx: Tx) => {
    const taken = await repo.findIdentity(trx, provider.name, identity.subject);
    if (taken && taken.user_id !== userId) throw new SignInRefused('oidc_identity_taken', 'link');
    if (taken) return;
    const mine = await trx
      .selectFrom('user_identities')
      .select('id')
      .where('user_id', '=', userId)
      .where('provider', '=', provider.name)
      .executeTakeFirst();
    if (mine) throw new SignInRefused('oidc_already_linked', 'link');
    const row = await trx
      .insertInto('user_identities')
      .values({ user_id: userId, provider: provider.name, subject: identity.subject })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    // Another link of the same subject or provider won the race.
    if (!row) throw new SignInRefused('oidc_identity_taken', 'link');
    await appendAuditEvent(trx, {
      actorId: userId,
      action: 'auth.identity_link',
      entityType: 'user',
      entityId: userId,
      ip: input.ip,
      details: { provider: provider.name, identityId: row.id },
    });
  });
  return { kind: 'linked', provider: provider.name };
}

/** The signed-in user's linked identities (their providers and dates; the subject stays on the server). */
export async function myIdentities(ctx: RequestContext, labels: Map<string, string>) {
  const rows = await repo.identitiesOf(ctx.db, ctx.actor.id);
  return {
    items: rows.map((row) => ({
      id: row.id,
      provider: row.provider,
      label: labels.get(row.provider) ?? row.provider,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at?.toISOString() ?? null,
    })),
  };
}

export async function unlinkIdentity(ctx: RequestContext, id: string): Promise<void> {
  await withTx(ctx.db, async (trx) => {
    const row = await trx
      .deleteFrom('user_identities')
      .where('id', '=', id)
      .where('user_id', '=', ctx.actor.id)
      .returning(['provider'])
      .executeTakeFirst();
    if (!row) {
      // Someone else's identity answers as a missing one, and the refused attempt is audited.
      const other = await trx.selectFrom('user_identities').select('id').where('id', '=', id).executeTakeFirst();
      throw new NotFound(other && { type: 'user_identity', id });
    }
    await audit(trx, ctx, 'auth.identity_unlink', { type: 'user', id: ctx.actor.id }, { provider: row.provider, identityId: id });
  });
}

/**
 * Signing out of Hamkor signs out of the provider too when it keeps a session of its own (OneID), so that the
 * next person at a shared office computer is not let into OneID. Best effort: a provider that is down does not
 * keep anyone signed in to Hamkor.
 */
export async function providerLogout(
  db: Db,
  providers: Map<string, IdentityProvider>,
  which: SessionEnding,
  log: { warn: (details: object, message: string) => void },
): Promise<void> {
  let sessions: readonly authRepo.EndedSession[];
  if ('ended' in which) sessions = which.ended;
  else {
    let query = db.selectFrom('sessions').select(['provider', 'provider_token_sealed']);
    query =
      'token' in which
        ? query.where('token_hash', '=', hashToken(which.token))
        : query.where('id', '=', which.id).where('user_id', '=', which.userId);
    sessions = await query.execute();
  }
  await Promise.all(
    sessions.map(async (session) => {
      const provider = session.provider ? providers.get(session.provider) : undefined;
      if (!session.provider_token_sealed || !provider?.logout) return;
      try {
        await provider.logout(await openSecret(db, session.provider_token_sealed));
      } catch (error) {
        log.warn(
          { provider: provider.name, error: error instanceof Error ? error.name : 'unknown' },
          'the identity provider did not confirm signing out',
        );
      }
    }),
  );
}

/**
 * The sessions ending: the request's own (signing out), one of the user's ended from "My sessions" (both about
 * to end), or those already ended by a change that committed (a new password, a deactivation, an administrator
 * ending every session of a user).
 */
export type SessionEnding = { token: string } | { id: string; userId: string } | { ended: readonly authRepo.EndedSession[] };

/** Callbacks count on the address's sign-in budget, as password tries do; one that signs in gives its try back. */
async function countTry(db: Db, ip: string | null) {
  const key = `ip:${ip ?? 'unknown'}`;
  const now = new Date();
  const admission = await withTx(db, (trx) => authRepo.admitAttempt(trx, key, now, THROTTLE.address));
  if (!admission.admitted) {
    const until =
      admission.nextAt && admission.nextAt > now
        ? admission.nextAt
        : new Date(admission.windowStartedAt.getTime() + THROTTLE.address.windowMs);
    throw new TooManyRequests(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)));
  }
  return { key, admission, now };
}

async function giveBack(db: Db, counted: Awaited<ReturnType<typeof countTry>>) {
  await withTx(db, (trx) => authRepo.giveBackAttempt(trx, counted.key, counted.admission, counted.now, THROTTLE.address, false));
}

let lastSweep = 0;
async function sweepNow(db: Db) {
  if (Date.now() - lastSweep < 10 * 60 * 1000) return;
  lastSweep = Date.now();
  await repo.sweepFlows(db);
}
