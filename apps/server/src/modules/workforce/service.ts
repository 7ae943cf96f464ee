import {
  type AssigneesOut,
  addDays,
  Conflict,
  can,
  hasRole,
  Invalid,
  mayEver,
  NotFound,
  type PARTICIPANT_COLUMNS,
  type ParticipantIn,
  type ParticipantsAdd,
  reachOf,
  type StaffCreate,
  type StaffProfileOut,
  type StaffProfileUpdate,
  type SupervisionCreate,
  type SupervisionOut,
  type TrainingCreate,
  type TrainingOut,
  type TrainingTopic,
  tashkentDate,
} from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import { caseFor } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { readSheet, type Upload } from '../imports/read-file.ts';
import { dueSort, insertTask } from '../tasks/repo.ts';
import * as repo from './repo.ts';

const staffResource = (row: { organisation_id: string; user_id: string | null }) => ({
  type: 'staff' as const,
  organisationId: row.organisation_id,
  userId: row.user_id,
});

function toProfile(ctx: RequestContext, row: repo.StaffRow, trainings: Awaited<ReturnType<typeof repo.trainingRecords>>): StaffProfileOut {
  return {
    id: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    position: row.position,
    degree:
      row.degree_field && row.degree_institution && row.degree_year
        ? { field: row.degree_field as 'social_work' | 'other', institution: row.degree_institution, year: row.degree_year }
        : null,
    diploma: row.diploma_number && row.diploma_date ? { number: row.diploma_number, date: row.diploma_date } : null,
    languages: row.languages,
    trainings: trainings
      .filter((t) => t.staff_id === row.id)
      .map((t) => ({
        eventId: t.event_id,
        title: t.title,
        topics: t.topics,
        endDate: t.end_date,
        attended: t.attended,
        certificateNumber: t.certificate_number,
        certificateExpiry: t.certificate_expiry,
      })),
    openCases: row.open_cases,
    lastSupervised: row.last_supervised,
    canEdit: can(ctx.actor, 'staff.update', staffResource(row)),
    version: row.version,
  };
}

/** The staff record by account or record id, if the reader may see it; 404 otherwise. */
async function readableStaff(ctx: RequestContext, trx: Tx, id: string, action: 'staff.read' | 'staff.update' = 'staff.read') {
  await repo.ensureStaffRecords(trx, { userId: id });
  const row = await repo.findStaff(trx, id);
  if (!row || !can(ctx.actor, action, staffResource(row))) throw new NotFound(row ? { type: 'staff', id: row.id } : undefined);
  return row;
}

export async function getProfile(ctx: RequestContext, id: string): Promise<StaffProfileOut> {
  return withTx(ctx.db, async (trx) => {
    const row = await readableStaff(ctx, trx, id);
    await audit(trx, ctx, 'staff.read', { type: 'staff', id: row.id }, { userId: row.user_id });
    return toProfile(ctx, row, await repo.trainingRecords(trx, [row.id]));
  });
}

const profileColumns = (input: Omit<StaffProfileUpdate, 'version'>) => ({
  position: input.position ?? null,
  degree_field: input.degree?.field ?? null,
  degree_institution: input.degree?.institution ?? null,
  degree_year: input.degree?.year ?? null,
  diploma_number: input.diploma?.number ?? null,
  diploma_date: input.diploma?.date ?? null,
  languages: input.languages,
});

/** Replaces a profile's qualifications and languages, if nobody changed it since it was read (409 otherwise). */
export async function updateProfile(ctx: RequestContext, id: string, input: StaffProfileUpdate): Promise<StaffProfileOut> {
  return withTx(ctx.db, async (trx) => {
    const row = await readableStaff(ctx, trx, id, 'staff.update');
    const updated = await updateVersioned(trx, 'staff', row.id, input.version, { ...profileColumns(input), updated_by: ctx.actor.id });
    const current = await repo.findStaff(trx, row.id);
    if (!current) throw new NotFound();
    const profile = toProfile(ctx, current, await repo.trainingRecords(trx, [row.id]));
    if (!updated) throw new Conflict('version_conflict', profile);
    await audit(trx, ctx, 'staff.update', { type: 'staff', id: row.id }, { userId: row.user_id });
    return profile;
  });
}

/** The staff the reader may see (their organisation's; everyone's for a system administrator). */
export async function listStaff(ctx: RequestContext, organisationId?: string) {
  if (!mayEver(ctx.actor, 'staff.create')) {
    // Anyone else sees only their own profile.
    return { items: [await getProfile(ctx, ctx.actor.id)] };
  }
  return withTx(ctx.db, async (trx) => {
    const filter = reachOf(ctx.actor, 'staff.create');
    await repo.ensureStaffRecords(trx, repo.everything(filter) ? { organisationId } : { organisationId: ctx.actor.organisationId });
    const rows = (await repo.listStaff(trx, filter)).filter((row) => !organisationId || row.organisation_id === organisationId);
    const trainings = await repo.trainingRecords(
      trx,
      rows.map((row) => row.id),
    );
    await audit(trx, ctx, 'staff.list', null, { results: rows.length, staffIds: rows.map((row) => row.id) });
    return { items: rows.map((row) => toProfile(ctx, row, trainings)) };
  });
}

/** Records a trainee without an account, on the reader's organisation (or the one named, for an administrator). */
export async function createStaff(ctx: RequestContext, input: StaffCreate): Promise<StaffProfileOut> {
  return withTx(ctx.db, async (trx) => {
    const organisationId = input.organisationId ?? ctx.actor.organisationId;
    if (!can(ctx.actor, 'staff.create', { type: 'staff', organisationId, userId: null })) {
      if (input.organisationId) throw new Invalid([{ path: 'organisationId', code: 'unknown_organisation' }]);
      throw new NotFound();
    }
    const exists = await trx.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
    if (!exists) throw new Invalid([{ path: 'organisationId', code: 'unknown_organisation' }]);
    const id = newId();
    await repo.insertStaff(trx, {
      id,
      organisation_id: organisationId,
      display_name: input.displayName,
      ...profileColumns(input),
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await audit(trx, ctx, 'staff.create', { type: 'staff', id }, { organisationId });
    const row = await repo.findStaff(trx, id);
    if (!row) throw new NotFound();
    return toProfile(ctx, row, []);
  });
}

const average = (values: (number | null)[]) => {
  const given = values.filter((value): value is number => value !== null);
  return given.length ? Math.round((given.reduce((sum, value) => sum + value, 0) / given.length) * 10) / 10 : null;
};

async function trainingsOut(ctx: RequestContext, db: Db | Tx, events: repo.EventRow[]): Promise<TrainingOut[]> {
  const people = await repo.participants(
    db,
    events.map((event) => event.id),
  );
  return events.map((event) => {
    const mine = people.filter((p) => p.event_id === event.id);
    return {
      id: event.id,
      course: { id: event.course_id, title: event.title, topics: event.topics, hours: event.hours, organiser: event.organiser },
      organisation: { id: event.organisation_id, name: event.organisation_name },
      startDate: event.start_date,
      endDate: event.end_date,
      place: event.place,
      trainers: event.trainers,
      participants: mine.map((p) => ({
        staffId: p.staff_id,
        displayName: p.display_name,
        organisationName: p.organisation_name,
        attended: p.attended,
        preScore: p.pre_score,
        postScore: p.post_score,
        certificateNumber: p.certificate_number,
        certificateExpiry: p.certificate_expiry,
      })),
      preScoreAverage: average(mine.map((p) => p.pre_score)),
      postScoreAverage: average(mine.map((p) => p.post_score)),
      canManage: can(ctx.actor, 'training.manage', { type: 'training', organisationId: event.organisation_id }),
    };
  });
}

export async function listTrainings(ctx: RequestContext) {
  if (!mayEver(ctx.actor, 'training.read')) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const events = await repo.listEvents(trx, reachOf(ctx.actor, 'training.read'));
    const items = await trainingsOut(ctx, trx, events);
    await audit(trx, ctx, 'training.list', null, { results: items.length, trainingIds: items.map((item) => item.id) });
    return { items, courses: await repo.courses(trx) };
  });
}

/** Records a training event, of a course in the catalogue or a new one, held by the reader's organisation. */
export async function createTraining(ctx: RequestContext, input: TrainingCreate): Promise<TrainingOut> {
  const organisationId = ctx.actor.organisationId;
  if (!can(ctx.actor, 'training.manage', { type: 'training', organisationId })) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    let courseId = input.courseId ?? null;
    if (courseId) {
      if (!(await repo.findCourse(trx, courseId))) throw new Invalid([{ path: 'courseId', code: 'unknown_course' }]);
    } else if (input.course) {
      courseId = newId();
      await trx
        .insertInto('training_courses')
        .values({ id: courseId, ...input.course, created_by: ctx.actor.id, updated_by: ctx.actor.id })
        .execute();
    }
    const id = newId();
    await trx
      .insertInto('training_events')
      .values({
        id,
        course_id: courseId ?? '',
        organisation_id: organisationId,
        start_date: input.startDate,
        end_date: input.endDate,
        place: input.place,
        trainers: input.trainers,
        created_by: ctx.actor.id,
        updated_by: ctx.actor.id,
      })
      .execute();
    await audit(trx, ctx, 'training.create', { type: 'training', id }, { courseId });
    const event = await repo.findEvent(trx, id);
    if (!event) throw new NotFound();
    return (await trainingsOut(ctx, trx, [event]))[0] as TrainingOut;
  });
}

async function manageableEvent(ctx: RequestContext, trx: Tx, id: string) {
  const event = await repo.findEvent(trx, id);
  if (!event || !can(ctx.actor, 'training.manage', { type: 'training', organisationId: event.organisation_id }))
    throw new NotFound(event ? { type: 'training', id } : undefined);
  return event;
}

type Problem = { row: number; column: string; code: string; message: string };

/**
 * Writes participants (unless a dry run): each names someone on the staff of the training's organisation,
 * by id or by name; a name nobody has becomes a new trainee record.
 */
async function applyParticipants(
  ctx: RequestContext,
  trx: Tx,
  event: repo.EventRow,
  list: { row: number; input: ParticipantIn }[],
  dryRun: boolean,
) {
  const t = translator(ctx.locale);
  const problem = (row: number, column: string, code: string): Problem => ({ row, column, code, message: t(`fields.${code}`) });
  const errors: Problem[] = [];
  await repo.ensureStaffRecords(trx, { organisationId: event.organisation_id });
  const byName = await repo.staffByName(trx, event.organisation_id);
  const known = new Set(byName.values());
  const resolved: { staffId: string | null; name: string | null; input: ParticipantIn }[] = [];
  const seen = new Set<string>();
  let matched = 0;
  let created = 0;
  for (const { row, input } of list) {
    let staffId = input.staffId ?? null;
    if (staffId && !known.has(staffId)) {
      errors.push(problem(row, 'staffId', 'unknown_staff'));
      continue;
    }
    if (!staffId && input.name) staffId = byName.get(repo.nameKey(input.name)) ?? null;
    const key = staffId ?? repo.nameKey(input.name ?? '');
    if (seen.has(key)) {
      errors.push(problem(row, staffId && !input.name ? 'staffId' : 'name', 'duplicate'));
      continue;
    }
    seen.add(key);
    if (staffId) matched++;
    else created++;
    resolved.push({ staffId, name: staffId ? null : (input.name ?? null), input });
  }
  if (!dryRun && !errors.length) {
    const rows = [];
    for (const item of resolved) {
      let staffId = item.staffId;
      if (!staffId) {
        staffId = newId();
        await repo.insertStaff(trx, {
          id: staffId,
          organisation_id: event.organisation_id,
          display_name: item.name ?? '',
          created_by: ctx.actor.id,
          updated_by: ctx.actor.id,
        });
      }
      rows.push({
        id: newId(),
        event_id: event.id,
        staff_id: staffId,
        attended: item.input.attended,
        pre_score: item.input.preScore ?? null,
        post_score: item.input.postScore ?? null,
        certificate_number: item.input.certificateNumber ?? null,
        certificate_expiry: item.input.certificateExpiry ?? null,
        created_by: ctx.actor.id,
      });
    }
    await repo.upsertParticipants(trx, rows);
    await audit(trx, ctx, 'training.participants', { type: 'training', id: event.id }, { added: rows.length, created });
  }
  return { errors, matched, created };
}

export async function addParticipants(ctx: RequestContext, id: string, input: ParticipantsAdd, dryRun: boolean) {
  return withTx(ctx.db, async (trx) => {
    const event = await manageableEvent(ctx, trx, id);
    const list = input.participants.map((participant, index) => ({ row: index, input: participant }));
    const result = await applyParticipants(ctx, trx, event, list, dryRun);
    // Rows of a JSON list are its indexes, so a problem points at `participants.N.field`.
    if (!dryRun && result.errors.length)
      throw new Invalid(result.errors.map((e) => ({ path: `participants.${e.row}.${e.column}`, code: e.code })));
    return report(ctx, trx, event, list.length, result, dryRun);
  });
}

async function report(
  ctx: RequestContext,
  trx: Tx,
  event: repo.EventRow,
  rows: number,
  result: { errors: Problem[]; matched: number; created: number },
  dryRun: boolean,
) {
  const written = !dryRun && !result.errors.length;
  return {
    dryRun,
    rows,
    matched: result.matched,
    created: result.created,
    errors: result.errors,
    training: written ? ((await trainingsOut(ctx, trx, [event]))[0] ?? null) : null,
  };
}

const YES = new Set(['1', 'yes', 'y', 'ha', 'да', 'ҳа', 'true', '+', 'x']);
const NO = new Set(['0', 'no', 'n', 'yoʻq', "yo'q", 'yoq', 'нет', 'йўқ', 'false', '-']);

/** A participants sheet: one row per person, columns by header name (PARTICIPANT_COLUMNS). */
export async function importParticipants(ctx: RequestContext, id: string, upload: () => Promise<Upload>, dryRun: boolean) {
  return withTx(ctx.db, async (trx) => {
    const event = await manageableEvent(ctx, trx, id);
    const sheet = await readSheet(await upload());
    const t = translator(ctx.locale);
    const header = sheet.header.map((name) => name.trim().toLowerCase());
    const missing = !header.includes('name');
    if (missing) throw new Invalid([{ path: 'file', code: 'participants_missing_name' }]);
    const errors: Problem[] = [];
    const list: { row: number; input: ParticipantIn }[] = [];
    const cell = (cells: string[], column: (typeof PARTICIPANT_COLUMNS)[number]) => {
      const at = header.indexOf(column);
      return at < 0 ? '' : (cells[at] ?? '').trim();
    };
    for (const { row, cells } of sheet.rows) {
      const rowErrors: Problem[] = [];
      const fail = (column: string, code: string) => rowErrors.push({ row, column, code, message: t(`fields.${code}`) });
      const name = cell(cells, 'name');
      if (!name) fail('name', 'required');
      else if (name.length > 120) fail('name', 'too_long');
      const attendedText = cell(cells, 'attended').toLowerCase();
      const attended = attendedText === '' || YES.has(attendedText) ? true : NO.has(attendedText) ? false : null;
      if (attended === null) fail('attended', 'invalid');
      const score = (column: 'pre_score' | 'post_score') => {
        const text = cell(cells, column).replace(',', '.');
        if (!text) return null;
        const value = Number(text);
        if (!Number.isInteger(value) || value < 0 || value > 100) fail(column, 'invalid');
        return value;
      };
      const preScore = score('pre_score');
      const postScore = score('post_score');
      const certificateNumber = cell(cells, 'certificate_number') || null;
      if (certificateNumber && certificateNumber.length > 50) fail('certificate_number', 'too_long');
      const expiry = cell(cells, 'certificate_expiry') || null;
      if (expiry && !/^\d{4}-\d{2}-\d{2}$/.test(expiry)) fail('certificate_expiry', 'date');
      if (rowErrors.length) errors.push(...rowErrors);
      else
        list.push({
          row,
          input: { name, staffId: null, attended: attended ?? true, preScore, postScore, certificateNumber, certificateExpiry: expiry },
        });
    }
    const result = await applyParticipants(ctx, trx, event, list, dryRun || errors.length > 0);
    const all = { ...result, errors: [...errors, ...result.errors].sort((a, b) => a.row - b.row) };
    if (!dryRun && all.errors.length) return report(ctx, trx, event, sheet.rows.length, all, true);
    return report(ctx, trx, event, sheet.rows.length, all, dryRun);
  });
}

const supervisionResource = (session: { organisation_id: string; supervisor_id: string }, workerIds: readonly string[]) => ({
  type: 'supervision' as const,
  organisationId: session.organisation_id,
  participantIds: [session.supervisor_id, ...workerIds],
});

async function sessionsOut(db: Db | Tx, sessions: repo.SessionRow[]): Promise<SupervisionOut[]> {
  const parts = await repo.sessionParts(
    db,
    sessions.map((s) => s.id),
  );
  return sessions.map((s) => ({
    id: s.id,
    organisationId: s.organisation_id,
    supervisor: { id: s.supervisor_id, displayName: s.supervisor_name },
    workers: parts.workers.filter((w) => w.session_id === s.id).map((w) => ({ id: w.id, displayName: w.display_name })),
    date: s.date,
    minutes: s.minutes,
    topics: s.topics,
    cases: parts.cases.filter((c) => c.session_id === s.id).map((c) => ({ id: c.id, number: c.number })),
    notes: s.notes,
    actions: parts.actions
      .filter((a) => a.session_id === s.id)
      .map((a) => ({
        id: a.id,
        title: a.title,
        assignee: a.assignee_id ? { id: a.assignee_id, displayName: a.assignee_name ?? '' } : null,
        dueDate: a.due_date,
        caseId: a.case_id,
        taskId: a.task_id,
      })),
  }));
}

/** Sessions the reader was in, and (for the head of an organisation) its own; every read is audited. */
export async function listSupervision(ctx: RequestContext, workerId?: string) {
  return withTx(ctx.db, async (trx) => {
    const heads = hasRole(ctx.actor, 'org_admin') ? [ctx.actor.organisationId] : [];
    const rows = await repo.listSessions(trx, { userId: ctx.actor.id, organisationIds: heads }, workerId);
    const items = await sessionsOut(trx, rows);
    // The policy decides each one: the list's filter only narrows what is read.
    const readable = items.filter((item) =>
      can(
        ctx.actor,
        'supervision.read',
        supervisionResource(
          { organisation_id: item.organisationId, supervisor_id: item.supervisor.id },
          item.workers.map((w) => w.id),
        ),
      ),
    );
    await audit(trx, ctx, 'supervision.list', null, { results: readable.length, sessionIds: readable.map((s) => s.id) });
    return { items: readable };
  });
}

/**
 * Records a session the reader led: the workers must be of their organisation, the cases ones they may
 * read (404 for any other), and each agreed action about a case becomes a task on it.
 */
export async function createSupervision(ctx: RequestContext, input: SupervisionCreate): Promise<SupervisionOut> {
  const organisationId = ctx.actor.organisationId;
  const resource = { type: 'supervision' as const, organisationId, participantIds: [ctx.actor.id, ...input.workerIds] };
  if (!can(ctx.actor, 'supervision.record', resource)) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const workers = await repo.usersOf(trx, input.workerIds);
    input.workerIds.forEach((workerId, index) => {
      const worker = workers.find((w) => w.id === workerId);
      if (!worker || worker.organisation_id !== organisationId || workerId === ctx.actor.id)
        throw new Invalid([{ path: `workerIds.${index}`, code: 'unknown_worker' }]);
    });
    const theCases = [];
    for (const caseId of input.caseIds) theCases.push(await caseFor(ctx, trx, caseId, 'case.read'));
    const assignees = await repo.usersOf(
      trx,
      input.actions.map((a) => a.assigneeId).filter((v): v is string => !!v),
    );
    input.actions.forEach((action, index) => {
      const assignee = action.assigneeId && assignees.find((a) => a.id === action.assigneeId);
      if (action.assigneeId && (!assignee || assignee.organisation_id !== organisationId))
        throw new Invalid([{ path: `actions.${index}.assigneeId`, code: 'unknown_worker' }]);
    });
    const id = newId();
    await trx
      .insertInto('supervision_sessions')
      .values({
        id,
        organisation_id: organisationId,
        supervisor_id: ctx.actor.id,
        date: input.date,
        minutes: input.minutes,
        topics: input.topics,
        notes: input.notes,
        created_by: ctx.actor.id,
        updated_by: ctx.actor.id,
      })
      .execute();
    await trx
      .insertInto('supervision_workers')
      .values(input.workerIds.map((userId) => ({ session_id: id, user_id: userId })))
      .execute();
    if (theCases.length)
      await trx
        .insertInto('supervision_cases')
        .values(theCases.map((c) => ({ session_id: id, case_id: c.id })))
        .execute();
    const today = tashkentDate(new Date());
    for (const action of input.actions) {
      const theCase = theCases.find((c) => c.id === action.caseId);
      const assigneeId = action.assigneeId ?? (input.workerIds.length === 1 ? (input.workerIds[0] ?? null) : null);
      let taskId: string | null = null;
      if (theCase) {
        const dueDate = action.dueDate ?? addDays(today, 14);
        taskId = newId();
        await insertTask(trx, {
          id: taskId,
          case_id: theCase.id,
          region_code: theCase.region_code,
          title: action.title,
          due_date: dueDate,
          due_sort: dueSort({ dueDate }),
          assignee_id: assigneeId ?? theCase.assigned_user_id,
          source: 'manual',
          created_by: ctx.actor.id,
          updated_by: ctx.actor.id,
        });
        await cases.recordCaseEvent(trx, {
          caseId: theCase.id,
          regionCode: theCase.region_code,
          kind: 'task.created',
          actorId: ctx.actor.id,
          details: { taskId, assigneeId: assigneeId ?? theCase.assigned_user_id, supervisionId: id },
        });
      }
      await trx
        .insertInto('supervision_actions')
        .values({
          id: newId(),
          session_id: id,
          title: action.title,
          assignee_id: assigneeId,
          due_date: action.dueDate ?? null,
          case_id: theCase?.id ?? null,
          task_id: taskId,
        })
        .execute();
    }
    await audit(
      trx,
      ctx,
      'supervision.create',
      { type: 'supervision', id },
      {
        workerIds: input.workerIds,
        caseIds: input.caseIds,
        actions: input.actions.length,
      },
    );
    const row = await repo.findSession(trx, id);
    if (!row) throw new NotFound();
    return (await sessionsOut(trx, [row]))[0] as SupervisionOut;
  });
}

/** Topics a case calls for in its worker: disability, migrant families; child protection when the risk is high. */
function relevantTopics(needs: { disability: boolean; abroad: boolean }, risk: string | null): TrainingTopic[] {
  const topics: TrainingTopic[] = [];
  if (needs.disability) topics.push('disability');
  if (needs.abroad) topics.push('migrant_families');
  if (risk === 'high' || risk === 'critical') topics.push('child_protection');
  return topics;
}

/** Who may be given the case: its organisation's workers, each with their open caseload and relevant trainings. */
export async function assignees(ctx: RequestContext, caseId: string): Promise<AssigneesOut> {
  return withTx(ctx.db, async (trx) => {
    const theCase = await caseFor(ctx, trx, caseId, 'case.assign');
    const relevant = relevantTopics(await repo.caseNeeds(trx, theCase.family_id), theCase.risk_level);
    const workers = await repo.caseWorkers(trx, theCase.organisation_id);
    await audit(trx, ctx, 'case.assignees', { type: 'case', id: theCase.id }, { results: workers.length });
    return {
      relevantTopics: relevant,
      items: workers.map((w) => ({
        id: w.id,
        displayName: w.display_name,
        openCases: w.open_cases,
        topics: w.topics,
        relevant: relevant.filter((topic) => w.topics.includes(topic)),
      })),
    };
  });
}
