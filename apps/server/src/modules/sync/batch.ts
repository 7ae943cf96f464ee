import { type CaseStatus, can, FAMILY_INSTRUMENT_KEY, type InstrumentDefinition, referralSide } from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import type { RequestContext } from '../../lib/context.ts';
import { toReply as toScreening } from '../assessments/screening.ts';
import { toAssessment } from '../assessments/service.ts';
import { caseResource } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { caseReply } from '../cases/service.ts';
import { consentNames, toConsent } from '../consents/repo.ts';
import { toFamily } from '../families/repo.ts';
import { listInstruments, toInstrument } from '../instruments/repo.ts';
import { toPerson } from '../persons/columns.ts';
import { toPlans } from '../plans/service.ts';
import { findReferrals } from '../referrals/repo.ts';
import { referralResource, sidesOf, toReferral } from '../referrals/service.ts';
import { toTask } from '../tasks/service.ts';
import type { PulledEntity } from './pull.ts';
import * as repo from './repo.ts';

type Wanted = { entity: PulledEntity; id: string };

const group = <T, K>(rows: readonly T[], key: (row: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
};

/**
 * The records of one page of the offline set, in the shape their own GET routes reply with and under the same
 * access policy, each kind read in one or a few statements for the whole page (a per-record read costs about 18
 * statements a case). The replies are built by the functions the routes' use cases build them with. A record
 * the worker may no longer read is left out. Returns `entity:id` → the record.
 */
export async function readRecords(
  ctx: RequestContext,
  trx: Tx,
  wanted: readonly Wanted[],
  directory: Map<string, unknown>,
): Promise<Map<string, unknown>> {
  const ids = (entity: PulledEntity) => wanted.filter((one) => one.entity === entity).map((one) => one.id);
  const read = new Map<string, unknown>();
  const put = (entity: PulledEntity, id: string, data: unknown) => read.set(`${entity}:${id}`, data);

  const [instrumentRows, familyRows, screeningRows, assessmentRows, planRows, consentRows, referralRows] = await Promise.all([
    // The instruments: sent as such, and the forms screenings and assessments are made with.
    ids('instrument').length + ids('screening').length + ids('assessment').length ? listInstruments(trx) : Promise.resolve([]),
    repo.familiesByIds(trx, ids('family')),
    repo.screeningsOf(trx, ids('screening')),
    repo.assessmentsByIds(trx, ids('assessment')),
    repo.plansByIds(trx, ids('plan')),
    repo.consentsByIds(trx, ids('consent')),
    findReferrals(trx, ids('referral')),
  ]);

  // Every case the page's records hang on, read once; a record of a case the worker may not read is left out.
  const caseRows = await cases.findCases(trx, [
    ...new Set([
      ...ids('case'),
      ...ids('screening'),
      ...[...assessmentRows, ...planRows, ...consentRows, ...referralRows].map((row) => row.case_id),
    ]),
  ]);
  const caseById = new Map(caseRows.map((row) => [row.id, row]));
  const readable = new Map(caseRows.filter((row) => can(ctx.actor, 'case.read', caseResource(row))).map((row) => [row.id, row]));

  for (const id of ids('instrument')) {
    const row = instrumentRows.find((one) => one.id === id);
    if (row) put('instrument', id, toInstrument(row));
  }
  for (const id of ids('service')) if (directory.has(id)) put('service', id, directory.get(id));

  const families = familyRows.filter((row) =>
    can(ctx.actor, 'family.read', { type: 'family', organisationId: row.organisation_id, districtCode: row.district_code }),
  );
  const members = group(
    await repo.membersOf(
      trx,
      families.map((row) => row.id),
    ),
    (row) => row.family_id,
  );
  for (const row of families) put('family', row.id, { ...toFamily(row), members: (members.get(row.id) ?? []).map(toPerson) });

  const caseList = ids('case').flatMap((id) => readable.get(id) ?? []);
  const [users, heads, pending] = await Promise.all([
    repo.usersNamed(trx, [...new Set(caseList.flatMap((row) => [row.assigned_user_id, row.supervisor_id].filter((id) => id !== null)))]),
    repo.familyHeads(trx, [...new Set(caseList.map((row) => row.family_id))]),
    repo.pendingApprovals(
      trx,
      caseList.map((row) => row.id),
    ),
  ]);
  const user = (id: string | null) => {
    const found = users.find((one) => one.id === id);
    return found ? { id: found.id, displayName: found.display_name } : null;
  };
  const headOf = new Map(heads.map((head) => [head.family_id, head]));
  const pendingOf = new Map(pending.map((row) => [row.case_id, row]));
  for (const row of caseList) {
    const head = headOf.get(row.family_id);
    const names = {
      assignee: user(row.assigned_user_id),
      supervisor: user(row.supervisor_id),
      familyHead: head ? { id: head.id, surname: head.surname, givenName: head.given_name, patronymic: head.patronymic } : null,
    };
    put('case', row.id, caseReply(row, names, pendingOf.get(row.id), ctx.actor));
  }

  // A screening is made with the instrument it was first saved with; an unscreened case shows the newest family form.
  const instrumentOf = (id: string | undefined) => {
    const row = id
      ? instrumentRows.find((one) => one.id === id)
      : instrumentRows.filter((one) => one.key === FAMILY_INSTRUMENT_KEY).sort((a, b) => b.version - a.version)[0];
    if (!row) throw new Error('no assessment instrument to screen with');
    return { id: row.id, key: row.key, version: row.version, definition: row.definition as InstrumentDefinition };
  };
  const screeningOf = new Map(screeningRows.map((row) => [row.case_id, row]));
  for (const id of ids('screening')) {
    const theCase = readable.get(id);
    if (!theCase) continue;
    const row = screeningOf.get(id);
    const reply = toScreening(ctx, theCase, instrumentOf(row?.instrument_id), row);
    put('screening', id, { ...reply, version: reply.screening?.version ?? null });
  }

  const assessments = assessmentRows.filter((row) => readable.has(row.case_id));
  const reworked = assessments.filter((row) => row.status === 'returned' || row.status === 'draft');
  const comments = await repo.returnComments(trx, reworked);
  for (const row of assessments) {
    const comment = reworked.includes(row)
      ? (comments.find((one) => one.assessment_id === row.id && one.case_id === row.case_id)?.comment ?? null)
      : null;
    put('assessment', row.id, toAssessment(row, instrumentOf(row.instrument_id), comment));
  }

  const plans = planRows.filter((row) => readable.has(row.case_id));
  for (const plan of await toPlans(trx, plans, (row) => readable.get(row.case_id)?.status as CaseStatus)) put('plan', plan.id, plan);

  const taskIds = ids('task');
  if (taskIds.length > 0) {
    const now = new Date();
    for (const row of await repo.tasksOfCasesKeptBy(trx, taskIds, ctx.actor.id)) put('task', row.id, toTask(ctx.locale, row, now));
  }

  const consents = consentRows.filter((row) => readable.has(row.case_id));
  const names = await consentNames(trx, consents);
  for (const row of consents) put('consent', row.id, toConsent(row, names));

  // A referral is read on its own terms (the sender's or the receiver's side), as its route reads it.
  for (const row of referralRows) {
    const theCase = caseById.get(row.case_id);
    if (!theCase) continue;
    const resource = referralResource(row, theCase);
    const view = referralSide(ctx.actor, resource);
    if (view && can(ctx.actor, 'referral.read', resource)) put('referral', row.id, toReferral(row, view, sidesOf(ctx.actor, resource)));
  }
  return read;
}
