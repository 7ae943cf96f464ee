import type { ContactCreate, schemas } from '@hamkor/domain';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { caseFor, writableCase } from '../cases/access.ts';
import { recordCaseEvent } from '../cases/repo.ts';
import { completeDeadlineTasks } from '../tasks/repo.ts';
import * as repo from './repo.ts';

/** Records a home visit, call, office visit or case conference; the timeline names its kind, not its text. */
export async function recordContact(ctx: RequestContext, caseId: string, input: ContactCreate) {
  return withTx(ctx.db, async (trx) => {
    // A co-worker the case is shared with records contacts too.
    const theCase = await writableCase(ctx, trx, caseId, 'case.record_contact');
    const row = await repo.insertContact(trx, {
      id: input.id?.toLowerCase() ?? newId(),
      case_id: caseId,
      region_code: theCase.region_code,
      kind: input.kind,
      date: input.date,
      text: input.text,
      participants: input.participants ?? [],
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'contact.recorded',
      actorId: ctx.actor.id,
      details: { contactId: row.id, contactKind: input.kind, date: input.date },
    });
    // A conversation about the family without it is not the first contact the deadline asks for.
    if (input.kind !== 'case_conference') await completeDeadlineTasks(trx, caseId, 'first_contact', ctx.actor.id);
    await audit(trx, ctx, 'contact.create', { type: 'contact', id: row.id }, { caseId, kind: input.kind });
    return repo.toContact(row);
  });
}

export async function listContacts(ctx: RequestContext, caseId: string, query: schemas.ListQuery) {
  const after = decodeCursor(query.cursor, { date: cursorKey.day, id: cursorKey.id });
  return withTx(ctx.db, async (trx) => {
    await caseFor(ctx, trx, caseId, 'case.read');
    const rows = await repo.listContacts(trx, caseId, { after, limit: query.limit });
    const result = page(rows, query.limit, (row) => ({ date: row.date, id: row.id }));
    await audit(trx, ctx, 'contact.list', { type: 'case', id: caseId }, { results: result.items.length });
    return { items: result.items.map(repo.toContact), nextCursor: result.nextCursor };
  });
}
