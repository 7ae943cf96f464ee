import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, useTestServer } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';
import { deliverDue, planDigests, planImmediate, runReminders } from './delivery.ts';
import { startReminderScheduler } from './scheduler.ts';
import type { ReminderSettings } from './settings.ts';
import { type SmsMessage, type StandIn, smsStandIn, type TelegramMessage, telegramStandIn } from './stand-ins.ts';
import { transportsFor } from './transports.ts';

type Session = { cookie: string; csrfToken: string; userId: string };
const SECRET = 'webhook-secret-of-the-test';

describe('reminders by Telegram and SMS', () => {
  const server = useTestServer();
  let telegram: StandIn<TelegramMessage> & { token: string };
  let sms: StandIn<SmsMessage> & { logins: number; expireToken(): void };
  let settings: ReminderSettings;
  let app: FastifyInstance;

  beforeAll(async () => {
    telegram = await telegramStandIn();
    sms = await smsStandIn();
    settings = {
      telegram: { token: telegram.token, apiRoot: telegram.url, botUsername: undefined, webhookSecret: SECRET, polling: false },
      sms: { url: sms.url, email: 'hamkor@example.uz', password: 'stand-in-secret', from: '4546', callbackUrl: undefined },
      publicUrl: 'https://hamkor.example.uz',
      digestHour: 0,
      scheduler: false,
      intervalMs: 1000,
      maxAttempts: 3,
      backoffMs: 1000,
    };
    // The app of the test file, with the reminders pointed at the stand-ins, on the same database.
    app = await buildApp({ database: server.database, reminders: settings });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await telegram?.close();
    await sms?.close();
  });

  const login = async (username: string): Promise<Session> => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    const body = response.json();
    return {
      cookie: `hamkor_session=${response.cookies.find((c) => c.name === 'hamkor_session')?.value}`,
      csrfToken: body.csrfToken,
      userId: body.user.id,
    };
  };
  const as = (session: Session, options: InjectOptions) =>
    app.inject({ ...options, headers: { ...options.headers, cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
  const webhook = (text: string, chatId: number, secret = SECRET) =>
    app.inject({
      method: 'POST',
      url: '/api/telegram/webhook',
      headers: { 'x-telegram-bot-api-secret-token': secret },
      payload: { update_id: Date.now(), message: { message_id: 1, date: 0, text, chat: { id: chatId, type: 'private' } } },
    });
  /** Links the user's Telegram chat as the page does: choose Telegram, get a start code, the bot's update arrives. */
  const linkTelegram = async (session: Session, chatId: number) => {
    const mine = (await as(session, { method: 'GET', url: '/api/me/reminders' })).json();
    await as(session, { method: 'PUT', url: '/api/me/reminders', payload: { channel: 'telegram', version: mine.version } });
    const { code } = (await as(session, { method: 'POST', url: '/api/me/reminders/telegram-link' })).json();
    expect((await webhook(`/start ${code}`, chatId)).statusCode).toBe(200);
  };
  const allSurnames = async () =>
    (await server.db.selectFrom('persons').select('surname').distinct().execute())
      .map((row) => row.surname)
      .filter((name) => name.length >= 4);

  it('links a chat through the webhook with the one-time start code, and refuses a wrong secret or a used code', async () => {
    const worker = await login('worker');
    const before = (await as(worker, { method: 'GET', url: '/api/me/reminders' })).json();
    expect(before).toMatchObject({ channel: 'none', available: { telegram: true, sms: true }, telegram: { linked: false } });
    const put = await as(worker, { method: 'PUT', url: '/api/me/reminders', payload: { channel: 'telegram', version: before.version } });
    expect(put.statusCode).toBe(200);
    const link = (await as(worker, { method: 'POST', url: '/api/me/reminders/telegram-link' })).json();
    // The bot's name came from the Bot API (getMe) since none was configured.
    expect(link.link).toBe(`https://t.me/hamkor_test_bot?start=${link.code}`);

    expect((await webhook(`/start ${link.code}`, 5551, 'not-the-secret')).statusCode).toBe(401);
    expect((await as(worker, { method: 'GET', url: '/api/me/reminders' })).json().telegram.linked).toBe(false);
    expect((await webhook(`/start ${link.code}`, 5551)).statusCode).toBe(200);
    const after = (await as(worker, { method: 'GET', url: '/api/me/reminders' })).json();
    expect(after).toMatchObject({ channel: 'telegram', telegram: { linked: true } });
    // The code is used up: another chat cannot take the account over with it.
    expect((await webhook(`/start ${link.code}`, 6662)).statusCode).toBe(200);
    const row = await server.db
      .selectFrom('reminder_settings')
      .select(['telegram_chat_id', 'link_code_hash'])
      .where('user_id', '=', worker.userId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ telegram_chat_id: '5551', link_code_hash: null });

    // The greeting goes to the chat.
    await deliverDue(server.db, settings, transportsFor(settings));
    expect(telegram.sent.filter((m) => m.chatId === '5551').map((m) => m.text)).toEqual([expect.stringContaining('Hamkor')]);
    const audited = await server.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', worker.userId)
      .where('action', 'like', 'reminders.%')
      .execute();
    expect(audited.map((e) => e.action)).toEqual(
      expect.arrayContaining(['reminders.update', 'reminders.telegram_link_start', 'reminders.telegram_linked']),
    );

    // Unlinking forgets the chat and turns Telegram off.
    expect((await as(worker, { method: 'DELETE', url: '/api/me/reminders/telegram-link' })).statusCode).toBe(204);
    expect((await as(worker, { method: 'GET', url: '/api/me/reminders' })).json()).toMatchObject({
      channel: 'none',
      telegram: { linked: false },
    });
  });

  it('checks the SMS number and the version it was read at', async () => {
    const worker2 = await login('worker2');
    const { version } = (await as(worker2, { method: 'GET', url: '/api/me/reminders' })).json();
    const noPhone = await as(worker2, { method: 'PUT', url: '/api/me/reminders', payload: { channel: 'sms', version } });
    expect(noPhone.statusCode).toBe(400);
    expect(noPhone.json().error.fields).toEqual([expect.objectContaining({ path: 'phone', code: 'required' })]);
    const badPhone = await as(worker2, {
      method: 'PUT',
      url: '/api/me/reminders',
      payload: { channel: 'sms', phone: '+7 912 000 00 00', version },
    });
    expect(badPhone.json().error.fields).toEqual([expect.objectContaining({ path: 'phone', code: 'phone' })]);
    const badChannel = await as(worker2, { method: 'PUT', url: '/api/me/reminders', payload: { channel: 'email', version } });
    expect(badChannel.statusCode).toBe(400);
    const ok = await as(worker2, { method: 'PUT', url: '/api/me/reminders', payload: { channel: 'sms', phone: '90 123 45 67', version } });
    expect(ok.json()).toMatchObject({ channel: 'sms', phone: '+998901234567', version: version + 1 });
    const stale = await as(worker2, { method: 'PUT', url: '/api/me/reminders', payload: { channel: 'none', version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
  });

  it('sends one digest a day per user, with counts and a link but no name, even when two processes plan it at once', async () => {
    const supervisor = await login('supervisor');
    await linkTelegram(supervisor, 7001);
    const worker2 = await login('worker2');
    // worker2 chose SMS in the test above; give them an overdue task so their digest has something to say.
    const caseRow = await server.db.selectFrom('cases').select('id').where('assigned_user_id', '=', worker2.userId).executeTakeFirst();
    if (caseRow)
      await server.db
        .insertInto('tasks')
        .values({
          id: crypto.randomUUID(),
          case_id: caseRow.id,
          region_code: '1722',
          title: 'Uyga tashrif',
          due_date: '2026-01-05',
          due_sort: new Date('2026-01-05T00:00:00Z'),
          assignee_id: worker2.userId,
          source: 'manual',
        })
        .execute();
    const now = new Date();
    // Not before the digest hour.
    expect(await planDigests(server.db, { ...settings, digestHour: 23 }, new Date('2026-12-04T05:00:00Z'))).toBe(0);
    await Promise.all([planDigests(server.db, settings, now), planDigests(server.db, settings, now)]);
    await Promise.all([
      deliverDue(server.db, settings, transportsFor(settings), now),
      deliverDue(server.db, settings, transportsFor(settings), now),
    ]);
    await runReminders(server.db, settings, transportsFor(settings), now);

    const digests = await server.db.selectFrom('reminder_deliveries').selectAll().where('kind', '=', 'digest').execute();
    const keys = digests.map((d) => d.dedupe_key);
    expect(new Set(keys).size).toBe(keys.length);
    const toWorker2 = digests.filter((d) => d.recipient_user_id === worker2.userId);
    expect(toWorker2).toHaveLength(1);
    expect(toWorker2[0]).toMatchObject({ status: 'sent', channel: 'sms', attempts: 1 });
    expect(Number((toWorker2[0]?.params as { tasksOverdue?: number } | undefined)?.tasksOverdue)).toBeGreaterThan(0);

    const texts = sms.sent.filter((m) => m.mobilePhone === '998901234567').map((m) => m.message);
    expect(texts).toHaveLength(1);
    const text = texts[0] ?? '';
    expect(text).toContain('https://hamkor.example.uz/');
    for (const surname of await allSurnames()) expect(text).not.toContain(surname);
    expect(text).not.toMatch(/[A-Z]{3}-[A-Z]{3}-\d{4}-\d+/);
    // The log holds neither the text nor the number.
    expect(JSON.stringify(digests)).not.toContain('901234567');
    const audit = await server.db.selectFrom('audit_events').select('details').where('action', 'like', 'reminders.%').execute();
    expect(JSON.stringify(audit)).not.toContain('901234567');
  });

  it('sends an immediate message when a case is assessed at critical risk, once, to its worker', async () => {
    const worker = await login('worker');
    await linkTelegram(worker, 7002);
    const assessment = await server.db
      .selectFrom('assessments')
      .innerJoin('cases', 'cases.id', 'assessments.case_id')
      .select(['assessments.id', 'assessments.case_id'])
      .where('cases.assigned_user_id', '=', worker.userId)
      .executeTakeFirstOrThrow();
    const now = new Date();
    await server.db
      .updateTable('assessments')
      .set({ computed_risk: 'critical', submitted_at: now, status: 'submitted' })
      .where('id', '=', assessment.id)
      .execute();
    expect(await planImmediate(server.db, now)).toBeGreaterThan(0);
    expect(await planImmediate(server.db, now)).toBe(0);
    await deliverDue(server.db, settings, transportsFor(settings), now);
    const texts = telegram.sent.filter((m) => m.chatId === '7002').map((m) => m.text);
    const critical = texts.filter((text) => text.includes(`/cases/${assessment.case_id}`));
    expect(critical).toHaveLength(1);
    for (const surname of await allSurnames()) expect(critical[0]).not.toContain(surname);
  });

  it('sends an immediate message to the receiving side of an emergency referral', async () => {
    const worker = await login('worker');
    const agency = await login('agency');
    await linkTelegram(agency, 7003);
    const registry = await server.db
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', 'civil_registry')
      .where('district_code', '=', '1722226')
      .executeTakeFirstOrThrow();
    const theCase = await server.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.family_id', 'cases.family_id')
      .select(['cases.id', 'persons.id as person_id'])
      .where('cases.assigned_user_id', '=', worker.userId)
      .where('cases.status', 'not in', ['closed', 'closing'])
      .executeTakeFirstOrThrow();
    const consent = await as(worker, {
      method: 'POST',
      url: `/api/cases/${theCase.id}/consents`,
      payload: { givenByPersonId: theCase.person_id, scope: ['civil_registry', registry.id], date: '2026-11-20' },
    });
    const payload = {
      caseId: theCase.id,
      toOrganisationId: registry.id,
      reason: 'Bola hujjatsiz, shoshilinch',
      urgency: 'emergency',
      consentId: consent.json().id,
      personIds: [theCase.person_id],
    };
    const referral = await as(worker, { method: 'POST', url: '/api/referrals', payload });
    expect(referral.statusCode).toBe(201);
    const now = new Date();
    await planImmediate(server.db, now);
    await deliverDue(server.db, settings, transportsFor(settings), now);
    const texts = telegram.sent.filter((m) => m.chatId === '7003').map((m) => m.text);
    expect(texts.filter((text) => text.includes(`/referrals/${referral.json().id}`))).toHaveLength(1);
    for (const text of texts) expect(text).not.toContain('hujjatsiz');
  });

  it('tries again after a doubled wait, honours Telegram’s retry_after, and gives up after the last try', async () => {
    const analyst = await login('analyst');
    const { version } = (await as(analyst, { method: 'GET', url: '/api/me/reminders' })).json();
    await as(analyst, { method: 'PUT', url: '/api/me/reminders', payload: { channel: 'sms', phone: '+998935550011', version } });
    const start = new Date('2030-01-01T00:00:00Z');
    await server.db
      .insertInto('reminder_deliveries')
      .values({
        id: crypto.randomUUID(),
        dedupe_key: `test:${Date.now()}`,
        channel: 'sms',
        recipient_user_id: analyst.userId,
        kind: 'digest',
        params: JSON.stringify({ tasksToday: 1, tasksOverdue: 0, referrals: 0, returned: 0 }),
        next_attempt_at: start,
      })
      .execute();
    const row = () =>
      server.db.selectFrom('reminder_deliveries').selectAll().where('recipient_user_id', '=', analyst.userId).executeTakeFirstOrThrow();
    sms.failNext(3, { status: 500 });
    await deliverDue(server.db, settings, transportsFor(settings), start);
    expect(await row()).toMatchObject({
      status: 'pending',
      attempts: 1,
      error_code: 'sms_500',
      next_attempt_at: new Date(start.getTime() + 1000),
    });
    // Not due yet: nothing happens.
    await deliverDue(server.db, settings, transportsFor(settings), new Date(start.getTime() + 999));
    expect((await row()).attempts).toBe(1);
    await deliverDue(server.db, settings, transportsFor(settings), new Date(start.getTime() + 1000));
    expect(await row()).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: new Date(start.getTime() + 1000 + 2000) });
    await deliverDue(server.db, settings, transportsFor(settings), new Date(start.getTime() + 3000));
    expect(await row()).toMatchObject({ status: 'failed', attempts: 3, error_code: 'sms_500' });

    // An administrator sees the failure, without a number or a text; others are answered 404.
    const admin = await login('admin');
    const failures = (await as(admin, { method: 'GET', url: '/api/reminders/deliveries?status=failed' })).json().items;
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipient: { type: 'user', id: analyst.userId }, errorCode: 'sms_500', attempts: 3 }),
      ]),
    );
    expect(JSON.stringify(failures)).not.toContain('935550011');
    expect((await as(analyst, { method: 'GET', url: '/api/reminders/deliveries' })).statusCode).toBe(404);

    // Telegram's 429 says how long to wait, and that wait is kept.
    const supervisor = await login('supervisor');
    const later = new Date('2030-02-01T00:00:00Z');
    await server.db
      .insertInto('reminder_deliveries')
      .values({
        id: crypto.randomUUID(),
        dedupe_key: `test-429:${Date.now()}`,
        channel: 'telegram',
        recipient_user_id: supervisor.userId,
        kind: 'critical_risk',
        params: JSON.stringify({ caseId: crypto.randomUUID() }),
        next_attempt_at: later,
      })
      .execute();
    telegram.failNext(1, { status: 429, retryAfter: 30 });
    await deliverDue(server.db, settings, transportsFor(settings), later);
    const limited = await server.db
      .selectFrom('reminder_deliveries')
      .selectAll()
      .where('dedupe_key', 'like', 'test-429:%')
      .executeTakeFirstOrThrow();
    expect(limited).toMatchObject({ status: 'pending', error_code: 'telegram_429', next_attempt_at: new Date(later.getTime() + 30_000) });
  });

  it('signs in to the SMS gateway again when its token has expired, and sends', async () => {
    const worker2 = await login('worker2');
    const queue = async (at: Date) =>
      server.db
        .insertInto('reminder_deliveries')
        .values({
          id: crypto.randomUUID(),
          dedupe_key: `token-test:${at.getTime()}`,
          channel: 'sms',
          recipient_user_id: worker2.userId,
          kind: 'digest',
          params: JSON.stringify({ tasksToday: 2, tasksOverdue: 0, referrals: 0, returned: 0 }),
          next_attempt_at: at,
        })
        .execute();
    // One transport, as in the server process: it keeps its token between messages.
    const transports = transportsFor(settings);
    const first = new Date('2031-01-01T00:00:00Z');
    await queue(first);
    await deliverDue(server.db, settings, transports, first);
    const before = { logins: sms.logins, sent: sms.sent.length };
    sms.expireToken();
    const second = new Date('2031-01-02T00:00:00Z');
    await queue(second);
    await deliverDue(server.db, settings, transports, second);
    expect(sms.logins).toBe(before.logins + 1);
    expect(sms.sent.length).toBe(before.sent + 1);
  });

  it('runs its rounds inside the server process until it is stopped', async () => {
    const staff = await login('worker.denov');
    await linkTelegram(staff, 7004);
    const logs: string[] = [];
    const scheduler = startReminderScheduler(server.db, { ...settings, intervalMs: 100 }, (line) => logs.push(line));
    await expect.poll(() => telegram.sent.some((m) => m.chatId === '7004'), { timeout: 10_000 }).toBe(true);
    await scheduler.stop();
    const after = telegram.sent.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.sent.length).toBe(after);
    // The log says how many, never to whom or what.
    expect(logs.join('\n')).not.toMatch(/7004|\+998/);
  });

  it('reminds a family of an appointment only with a consent for it, and never with case details', async () => {
    const worker = await login('worker');
    const theCase = await server.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.family_id', 'cases.family_id')
      .select(['cases.id', 'persons.id as person_id', 'persons.surname'])
      .where('cases.assigned_user_id', '=', worker.userId)
      .where('cases.status', '<>', 'closed')
      .where('persons.relationship', '=', 'head')
      .executeTakeFirstOrThrow();
    const at = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const appointment = { personId: theCase.person_id, at, place: 'Inson markazi, 2-xona', phone: '+998 91 777 66 55', locale: 'uz-Latn' };
    const refused = await as(worker, { method: 'POST', url: `/api/cases/${theCase.id}/appointments`, payload: appointment });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('consent_required_reminders');

    const consent = await as(worker, {
      method: 'POST',
      url: `/api/cases/${theCase.id}/consents`,
      payload: { givenByPersonId: theCase.person_id, scope: ['appointment_reminders'], date: '2026-11-20' },
    });
    expect(consent.statusCode).toBe(201);
    expect(consent.json()).toMatchObject({ purposes: ['appointment_reminders'], scopeCategories: [] });
    const created = await as(worker, { method: 'POST', url: `/api/cases/${theCase.id}/appointments`, payload: appointment });
    expect(created.statusCode).toBe(201);
    const reminder = created.json().reminder;
    expect(reminder.status).toBe('pending');
    // The day before, not now.
    expect(new Date(reminder.sendAt).getTime()).toBe(new Date(at).getTime() - 24 * 3600_000);
    await deliverDue(server.db, settings, transportsFor(settings), new Date(reminder.sendAt));
    const message = sms.sent.find((m) => m.mobilePhone === '998917776655');
    expect(message?.message).toContain('Inson markazi, 2-xona');
    for (const surname of await allSurnames()) expect(message?.message).not.toContain(surname);

    // A withdrawn consent stops a reminder not yet sent.
    const second = await as(worker, {
      method: 'POST',
      url: `/api/cases/${theCase.id}/appointments`,
      payload: { ...appointment, phone: '+998917776656' },
    });
    expect(second.statusCode).toBe(201);
    const { id: consentId, version } = consent.json();
    expect((await as(worker, { method: 'POST', url: `/api/consents/${consentId}/withdraw`, payload: { version } })).statusCode).toBe(200);
    await deliverDue(server.db, settings, transportsFor(settings), new Date(second.json().reminder.sendAt));
    expect(sms.sent.find((m) => m.mobilePhone === '998917776656')).toBeUndefined();
    const list = (await as(worker, { method: 'GET', url: `/api/cases/${theCase.id}/appointments` })).json().items;
    expect(list.find((item: { id: string }) => item.id === second.json().id).reminder.status).toBe('cancelled');
  });
});
