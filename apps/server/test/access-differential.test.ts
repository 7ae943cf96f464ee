import { type Actor, type CaseResource, can, dueBounds, EVERYTHING, ROLES, SCOPE_LEVELS } from '@hamkor/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { resolveSession } from '../src/modules/auth/service.ts';
import { overdueWork } from '../src/modules/dashboards/repo.ts';
import { toActor } from '../src/modules/users/repo.ts';
import { type Session, useTestServer } from './harness.ts';

/**
 * The lists and the per-record check agree: for accounts of every role and scope, over the demo data
 * shuffled by generated assignments, supervisors, shares, organisations and districts, every list route
 * returns exactly the records `can` allows, no more and no fewer. A filter loosened in SQL (or a check
 * tightened in the policy alone) fails here.
 */
const server = useTestServer();
const SEED = 20261203;

type Reader = { label: string; actor: Actor; session: Session };
let readers: Reader[] = [];

const pickFrom = <T>(items: readonly T[]) => fc.constantFrom(...items);
const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number, seed: number) => fc.sample(arbitrary, { seed, numRuns: count });

/** Accounts of every role at every scope, in organisations and territories that hold cases, with teams. */
async function makeReaders(): Promise<Reader[]> {
  const db = server.db;
  const template = await db.selectFrom('users').selectAll().where('username', '=', 'worker').executeTakeFirstOrThrow();
  const caseOrganisations = (await db.selectFrom('cases').select('organisation_id').distinct().execute()).map((r) => r.organisation_id);
  const organisations = (await db.selectFrom('organisations').select('id').execute()).map((r) => r.id);
  const districts = (await db.selectFrom('cases').select('district_code').distinct().execute()).map((r) => r.district_code);
  const combinations = ROLES.flatMap((role) => SCOPE_LEVELS.map((level) => ({ role, level })));
  const choices = sample(
    fc.record({ organisation: pickFrom([...caseOrganisations, ...caseOrganisations, ...organisations]), district: pickFrom(districts) }),
    combinations.length,
    SEED,
  );
  const rows = combinations.map(({ role, level }, index) => {
    const { organisation, district } = choices[index] as { organisation: string; district: string };
    const territory = level === 'district' ? district : level === 'region' ? district.slice(0, 4) : null;
    return {
      ...template,
      id: newId(),
      username: `differential_${role}_${level}`,
      display_name: `${role} ${level}`,
      organisation_id: organisation,
      roles: [role],
      scope_level: level,
      scope_territory_code: territory,
      supervisor_id: null,
      pinfl: null,
      version: 1,
      created_at: new Date(),
      updated_at: new Date(),
    };
  });
  await db.insertInto('users').values(rows).execute();
  // Teams: workers (generated and demo) report to generated supervisors, some of another organisation.
  const supervisors = rows.filter((row) => row.roles.includes('supervisor')).map((row) => row.id);
  const workers = await db.selectFrom('users').select('id').where(sql<boolean>`'social_worker' = ANY(roles)`).execute();
  const bosses = sample(fc.option(pickFrom(supervisors), { freq: 4 }), workers.length, SEED + 1);
  for (const [index, worker] of workers.entries())
    if (bosses[index]) await db.updateTable('users').set({ supervisor_id: bosses[index] }).where('id', '=', worker.id).execute();
  const readers: Reader[] = [];
  for (const row of rows) {
    const session = await server.login(row.username);
    const resolved = await resolveSession(db, decodeURIComponent(session.cookie.split('=')[1] ?? ''));
    if (!resolved) throw new Error(`no session for ${row.username}`);
    readers.push({ label: `${row.roles[0]} at ${row.scope_level}`, actor: toActor(resolved.user, resolved.territories), session });
  }
  return readers;
}

/** Generated records: the demo's cases, referrals and services given other workers, supervisors, shares, owners. */
async function shuffleRecords(readers: Reader[]): Promise<void> {
  const db = server.db;
  const staff = readers.filter((r) => r.actor.roles.some((role) => role !== 'agency_focal_point')).map((r) => r.actor.id);
  const supervisors = readers.filter((r) => r.actor.roles.includes('supervisor')).map((r) => r.actor.id);
  const organisations = [...new Set(readers.map((r) => r.actor.organisationId))];
  const cases = await db.selectFrom('cases').select(['id', 'region_code', 'district_code']).orderBy('id').execute();
  const districts = await db.selectFrom('cases').select(['district_code', 'region_code']).distinct().execute();
  const changes = sample(
    fc.record({
      change: fc.boolean(),
      assignee: fc.option(pickFrom(staff)),
      supervisor: fc.option(pickFrom(supervisors)),
      organisation: pickFrom(organisations),
      district: fc.nat(),
      shares: fc.uniqueArray(pickFrom(staff), { maxLength: 2 }),
    }),
    cases.length,
    SEED + 2,
  );
  for (const [index, theCase] of cases.entries()) {
    const change = changes[index];
    if (!change?.change) continue;
    // Another district of the same region: the region is part of every case record's key.
    const sameRegion = districts.filter((d) => d.region_code === theCase.region_code);
    const district = sameRegion[change.district % sameRegion.length]?.district_code ?? theCase.district_code;
    await db
      .updateTable('cases')
      .set({
        assigned_user_id: change.assignee,
        supervisor_id: change.supervisor,
        organisation_id: change.organisation,
        district_code: district,
      })
      .where('id', '=', theCase.id)
      .execute();
    for (const user of change.shares)
      await db
        .insertInto('case_shares')
        .values({ case_id: theCase.id, user_id: user, region_code: theCase.region_code, created_at: new Date(), created_by: null })
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
  const referrals = await db.selectFrom('referrals').select(['id', 'from_organisation_id']).orderBy('id').execute();
  const receivers = sample(fc.option(pickFrom(organisations)), referrals.length, SEED + 3);
  for (const [index, referral] of referrals.entries()) {
    const to = receivers[index];
    if (to && to !== referral.from_organisation_id)
      await db.updateTable('referrals').set({ to_organisation_id: to }).where('id', '=', referral.id).execute();
  }
  const services = await db.selectFrom('services').select('id').orderBy('id').execute();
  const owners = sample(fc.record({ active: fc.boolean(), owner: fc.option(pickFrom(organisations)) }), services.length, SEED + 4);
  for (const [index, service] of services.entries()) {
    const owner = owners[index];
    if (!owner) continue;
    await db
      .updateTable('services')
      .set({ active: owner.active, ...(owner.owner ? { organisation_id: owner.owner } : {}) })
      .where('id', '=', service.id)
      .execute();
  }
}

/**
 * Emergency accesses (break-the-glass): some case workers and supervisors hold an opened family, which their
 * lists must show as `can` does, its cases included (docs/access.md).
 */
async function grantEmergencies(readers: Reader[]): Promise<void> {
  const db = server.db;
  const families = await db.selectFrom('families').select(['id', 'organisation_id', 'region_code']).orderBy('id').execute();
  const holders = readers.filter((r) => r.actor.roles.some((role) => role === 'social_worker' || role === 'supervisor'));
  const picks = sample(fc.option(fc.nat(), { freq: 2 }), holders.length, SEED + 5);
  for (const [index, reader] of holders.entries()) {
    const pick = picks[index];
    const family = pick === null || pick === undefined ? undefined : families[pick % families.length];
    if (!family) continue;
    await db
      .insertInto('emergency_accesses')
      .values({
        id: newId(),
        user_id: reader.actor.id,
        entity_type: 'family',
        entity_id: family.id,
        family_id: family.id,
        organisation_id: family.organisation_id,
        region_code: family.region_code,
        reason_code: 'other',
        reason: 'differential',
        expires_at: new Date(Date.now() + 3_600_000),
      })
      .execute();
    reader.actor = { ...reader.actor, emergencyFamilyIds: [family.id] };
  }
}

/** Every item a list route returns to the reader, all pages; a route that refuses the reader lists nothing. */
async function listed(reader: Reader, url: string, pick: (body: Record<string, unknown>) => { id: string }[] = itemsOf): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page = `${url}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await server.as(reader.session, { method: 'GET', url: page });
    if (response.statusCode === 404) return [];
    expect(response.statusCode, `${reader.label} ${page}: ${response.body}`).toBe(200);
    const body = response.json();
    ids.push(...pick(body).map((item) => item.id));
    cursor = body.nextCursor ?? undefined;
  } while (cursor);
  return ids.sort();
}
const itemsOf = (body: Record<string, unknown>) => body.items as { id: string }[];

/** Every case as the policy sees it. */
async function caseResources(): Promise<Map<string, CaseResource>> {
  const rows = await server.db
    .selectFrom('cases')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assigned_user_id')
    .select([
      'cases.id',
      'cases.organisation_id',
      'cases.district_code',
      'cases.assigned_user_id',
      'cases.supervisor_id',
      'cases.family_id',
      'assignee.supervisor_id as assignee_supervisor_id',
      sql<string[]>`coalesce((SELECT array_agg(user_id) FROM case_shares WHERE case_id = cases.id), '{}'::uuid[])`.as('shared_with'),
    ])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        type: 'case',
        organisationId: row.organisation_id,
        districtCode: row.district_code,
        assignedUserId: row.assigned_user_id,
        supervisorId: row.supervisor_id,
        assigneeSupervisorId: row.assignee_supervisor_id,
        sharedWith: row.shared_with,
        familyId: row.family_id,
      },
    ]),
  );
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('list routes return exactly what the per-record check allows', () => {
  let cases: Map<string, CaseResource>;
  beforeAll(async () => {
    readers = await makeReaders();
    await shuffleRecords(readers);
    await grantEmergencies(readers);
    cases = await caseResources();
  }, 120_000);

  const readable = (actor: Actor, caseId: string) => {
    const theCase = cases.get(caseId);
    return !!theCase && can(actor, 'case.read', theCase);
  };

  it('covers every role at every scope, and each reader reaches some cases and misses others', () => {
    expect(readers).toHaveLength(ROLES.length * SCOPE_LEVELS.length);
    const reached = readers.map((r) => [...cases.keys()].filter((id) => readable(r.actor, id)).length);
    expect(reached.some((n) => n > 0 && n < cases.size)).toBe(true);
  });

  it('GET /api/cases', async () => {
    for (const reader of readers) {
      const expected = sorted([...cases.keys()].filter((id) => readable(reader.actor, id)));
      expect(await listed(reader, '/api/cases'), reader.label).toEqual(expected);
    }
  });

  it('GET /api/tasks', async () => {
    const tasks = await server.db.selectFrom('tasks').select(['id', 'case_id']).execute();
    for (const reader of readers) {
      const expected = sorted(tasks.filter((t) => readable(reader.actor, t.case_id)).map((t) => t.id));
      expect(await listed(reader, '/api/tasks'), reader.label).toEqual(expected);
    }
  });

  it('GET /api/approvals?box=mine', async () => {
    const approvals = await server.db.selectFrom('approvals').select(['id', 'case_id', 'status', 'assigned_to', 'requested_by']).execute();
    for (const reader of readers) {
      const me = reader.actor.id;
      const mine = approvals.filter((a) => (a.assigned_to === me && a.status === 'pending') || a.requested_by === me);
      const expected = sorted(mine.filter((a) => readable(reader.actor, a.case_id)).map((a) => a.id));
      expect(await listed(reader, '/api/approvals?box=mine'), reader.label).toEqual(expected);
    }
  });

  it('GET /api/referrals, outbox and inbox', async () => {
    const referrals = await server.db
      .selectFrom('referrals')
      .select(['id', 'case_id', 'from_organisation_id', 'to_organisation_id'])
      .execute();
    const resources = referrals.map((r) => ({
      id: r.id,
      resource: {
        type: 'referral' as const,
        fromOrganisationId: r.from_organisation_id,
        toOrganisationId: r.to_organisation_id,
        case: cases.get(r.case_id) as CaseResource,
      },
    }));
    for (const reader of readers) {
      // The outbox: referrals of the cases the reader reads as case staff (a co-worker's shared case too), not
      // of a family opened with a reason: that opening reads the family and its cases, not their referrals.
      const staff = { ...reader.actor, emergencyFamilyIds: [] };
      const outbox = sorted(resources.filter((r) => can(staff, 'case.read', r.resource.case)).map((r) => r.id));
      const inbox = sorted(resources.filter((r) => can(reader.actor, 'referral.respond', r.resource)).map((r) => r.id));
      expect(await listed(reader, '/api/referrals?box=outbox'), `${reader.label} outbox`).toEqual(outbox);
      expect(await listed(reader, '/api/referrals?box=inbox'), `${reader.label} inbox`).toEqual(inbox);
    }
  });

  it('GET /api/transfers, outbox (of cases read) and inbox (to organisations decided for)', async () => {
    const db = server.db;
    const organisations = (await db.selectFrom('organisations').select('id').orderBy('id').execute()).map((r) => r.id);
    const consent = await db.selectFrom('consents').select('id').executeTakeFirstOrThrow();
    const sender = await db.selectFrom('users').select('id').where('username', '=', 'worker').executeTakeFirstOrThrow();
    const regions = new Map((await db.selectFrom('cases').select(['id', 'region_code']).execute()).map((r) => [r.id, r.region_code]));
    const statuses = ['pending', 'accepted', 'returned'] as const;
    const chosen = [...cases.entries()].filter((_, index) => index % 3 === 0).slice(0, 40);
    const targets = sample(fc.record({ to: pickFrom(organisations), status: pickFrom(statuses) }), chosen.length, SEED + 5);
    await db
      .insertInto('case_transfers')
      .values(
        chosen.map(([caseId, theCase], index) => {
          const { to, status } = targets[index] as { to: string; status: (typeof statuses)[number] };
          return {
            id: newId(),
            case_id: caseId,
            region_code: regions.get(caseId) as string,
            from_organisation_id: theCase.organisationId,
            to_organisation_id: to,
            reason: 'Koʻchish',
            consent_id: consent.id,
            status,
            sent_by: sender.id,
            ...(status === 'returned' && { return_reason: 'Yoʻq' }),
          };
        }),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    const transfers = await db.selectFrom('case_transfers').select(['id', 'case_id', 'to_organisation_id']).execute();
    const resources = transfers.map((t) => ({
      id: t.id,
      caseId: t.case_id,
      resource: { type: 'transfer' as const, toOrganisationId: t.to_organisation_id, case: cases.get(t.case_id) as CaseResource },
    }));
    for (const reader of readers) {
      const outbox = sorted(resources.filter((t) => readable(reader.actor, t.caseId)).map((t) => t.id));
      const inbox = sorted(resources.filter((t) => can(reader.actor, 'transfer.respond', t.resource)).map((t) => t.id));
      expect(await listed(reader, '/api/transfers?box=outbox'), `${reader.label} outbox`).toEqual(outbox);
      expect(await listed(reader, '/api/transfers?box=inbox'), `${reader.label} inbox`).toEqual(inbox);
    }
  });

  it('GET /api/care-arrangements: children in care whose family is in reach, or placed with the reader', async () => {
    const db = server.db;
    const organisations = [...new Set(readers.map((r) => r.actor.organisationId))];
    const children = await db
      .selectFrom('persons')
      .select(['id', 'region_code'])
      .where('relationship', '=', 'child')
      .where('merged_into', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('care_arrangements').select('id').whereRef('person_id', '=', 'persons.id'))))
      .orderBy('id')
      .limit(80)
      .execute();
    const types = ['kinship', 'mehribonlik_home', 'baby_home', 'guardianship', 'parents'] as const;
    const placements = sample(
      fc.record({ type: pickFrom(types), organisation: fc.option(pickFrom(organisations)) }),
      children.length,
      SEED + 6,
    );
    await db
      .insertInto('care_arrangements')
      .values(
        children.map((child, index) => {
          const { type, organisation } = placements[index] as { type: string; organisation: string | null };
          return {
            id: newId(),
            person_id: child.id,
            region_code: child.region_code,
            type,
            start_date: '2026-01-15',
            organisation_id: type === 'kinship' || type === 'parents' ? null : organisation,
            authority: 'Vasiylik organi',
            change_reason: 'other',
          };
        }),
      )
      .execute();
    const current = await db
      .selectFrom('care_arrangements')
      .innerJoin('persons', 'persons.id', 'care_arrangements.person_id')
      .select(['care_arrangements.id', 'care_arrangements.organisation_id as placed', 'persons.organisation_id', 'persons.district_code'])
      .where('care_arrangements.end_date', 'is', null)
      .where('care_arrangements.type', '!=', 'parents')
      .execute();
    expect(current.length).toBeLessThan(200);
    for (const reader of readers) {
      const expected = sorted(
        current
          .filter((c) =>
            can(reader.actor, 'care.read', {
              type: 'care',
              organisationId: c.organisation_id,
              districtCode: c.district_code,
              placedWith: c.placed,
            }),
          )
          .map((c) => c.id),
      );
      expect(await listed(reader, '/api/care-arrangements'), reader.label).toEqual(expected);
    }
  });

  it('GET /api/services, with the inactive ones of those who keep them', async () => {
    const services = await server.db
      .selectFrom('services')
      .innerJoin('organisations', 'organisations.id', 'services.organisation_id')
      .where('organisations.active', '=', true)
      .select(['services.id', 'services.organisation_id', 'services.active'])
      .execute();
    for (const reader of readers) {
      const expected = sorted(
        services
          .filter((s) => can(reader.actor, 'service.read', { type: 'service', organisationId: s.organisation_id }))
          .filter((s) => s.active || can(reader.actor, 'service.manage', { type: 'service', organisationId: s.organisation_id }))
          .map((s) => s.id),
      );
      expect(await listed(reader, '/api/services?includeInactive=true'), reader.label).toEqual(expected);
    }
  });

  it('GET /api/users', async () => {
    const users = await server.db.selectFrom('users').select(['id', 'organisation_id']).execute();
    for (const reader of readers) {
      const expected = sorted(
        users.filter((u) => can(reader.actor, 'user.read', { type: 'user', organisationId: u.organisation_id })).map((u) => u.id),
      );
      expect(await listed(reader, '/api/users'), reader.label).toEqual(expected);
    }
  });

  // A search answers with exact name matches when there are some in reach, else with similar names: where
  // the country's exact matches include some in reach, those are the answer; otherwise all it shows is in reach.
  it('GET /api/persons: of the persons a search finds in the whole country, those whose family is in reach', async () => {
    const common = await server.db
      .selectFrom('persons')
      .select(['surname', sql<number>`count(*)::int`.as('n')])
      .where('merged_into', 'is', null)
      .groupBy('surname')
      .orderBy('n', 'desc')
      .limit(3)
      .execute();
    const everywhere = readers.find((r) => r.actor.roles.includes('system_admin')) as Reader;
    const persons = new Map(
      (await server.db.selectFrom('persons').select(['id', 'organisation_id', 'district_code', 'family_id']).execute()).map((p) => [
        p.id,
        p,
      ]),
    );
    for (const { surname } of common) {
      const url = `/api/persons?q=${encodeURIComponent(surname)}`;
      const found = await listed(everywhere, url);
      expect(found.length).toBeGreaterThan(0);
      for (const reader of readers) {
        const inReach = (id: string) => {
          const p = persons.get(id);
          return (
            !!p &&
            can(reader.actor, 'family.read', {
              type: 'family',
              organisationId: p.organisation_id,
              districtCode: p.district_code,
              familyId: p.family_id,
            })
          );
        };
        const expected = found.filter(inReach);
        const shown = await listed(reader, url);
        if (expected.length) expect(shown, `${reader.label} ${surname}`).toEqual(expected);
        else
          expect(
            shown.filter((id) => !inReach(id)),
            `${reader.label} ${surname}`,
          ).toEqual([]);
      }
    }
  });

  it("the supervisor dashboard's cases without a recent contact", async () => {
    const days = 14;
    const { rows } = await sql<{ id: string }>`
      SELECT cases.id FROM cases
        LEFT JOIN LATERAL (SELECT max(contacts.date) AS date FROM contacts WHERE contacts.case_id = cases.id) last ON true
      WHERE cases.status <> 'closed' AND cases.risk_level IN ('high', 'critical')
        AND cases.opened_at < (now() AT TIME ZONE 'Asia/Tashkent')::date - ${days}::int
        AND (last.date IS NULL OR last.date < (now() AT TIME ZONE 'Asia/Tashkent')::date - ${days}::int)
      ORDER BY last.date NULLS FIRST, cases.risk_level = 'critical' DESC, cases.id`.execute(server.db);
    let compared = 0;
    for (const reader of readers) {
      const response = await server.as(reader.session, { method: 'GET', url: `/api/dashboards/supervisor?noContactDays=${days}` });
      if (response.statusCode === 404) continue;
      compared++;
      const shown = (response.json().noContact.items as { caseId: string }[]).map((item) => item.caseId);
      const expected = rows
        .map((row) => row.id)
        .filter((id) => readable(reader.actor, id))
        .slice(0, 50);
      expect(shown, reader.label).toEqual(expected);
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("the supervisor dashboard's counts of overdue assessments, plan actions and reviews", async () => {
    const bounds = dueBounds(new Date());
    // Every overdue item in the country, through the same query with a reach of everything.
    const all = await overdueWork(
      server.db,
      EVERYTHING,
      { now: new Date(bounds.now), today: bounds.today, endOfToday: new Date(bounds.endOfToday) },
      100_000,
    );
    expect(all.items.length).toBeGreaterThan(0);
    let compared = 0;
    for (const reader of readers) {
      const response = await server.as(reader.session, { method: 'GET', url: '/api/dashboards/supervisor' });
      if (response.statusCode === 404) continue;
      compared++;
      const overdue = response.json().overdue as Record<'assessments' | 'plans' | 'reviews', number>;
      const counted = (kind: string) => all.items.filter((item) => item.kind === kind && readable(reader.actor, item.case_id)).length;
      expect(overdue, reader.label).toMatchObject({
        assessments: counted('assessment'),
        plans: counted('plan'),
        reviews: counted('review'),
      });
    }
    expect(compared).toBeGreaterThan(0);
  });
});
