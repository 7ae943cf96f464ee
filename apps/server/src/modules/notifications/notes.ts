import { Conflict, can, NotFound, schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { caseResource } from '../cases/access.ts';
import { findCase } from '../cases/repo.ts';
import { findUserById, toActor } from '../users/repo.ts';
import { notify } from './repo.ts';

/**
 * A note to the caller's own supervisor, arriving as a notification: what the worker typed in a change the
 * server refused after work offline (the case was reassigned or closed meanwhile). The supervisor is the one
 * set on the worker's account, so a note can reach no one else; the case is named only if the supervisor
 * may read it. The audit records who wrote to whom, never the text.
 */
export async function sendSupervisorNote(ctx: RequestContext, body: schemas.SupervisorNoteCreate) {
  if (!can(ctx.actor, 'note.send', { type: 'note' })) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const worker = await findUserById(trx, ctx.actor.id);
    const supervisor = worker?.supervisor_id ? await findUserById(trx, worker.supervisor_id) : undefined;
    if (!worker || !supervisor?.active) throw new Conflict('no_supervisor');
    const organisation = await trx
      .selectFrom('organisations')
      .select(['region_code', 'territories'])
      .where('id', '=', supervisor.organisation_id)
      .executeTakeFirstOrThrow();
    const theCase = body.caseId ? await findCase(trx, body.caseId) : undefined;
    const shown = theCase && can(toActor(supervisor, organisation.territories), 'case.read', caseResource(theCase)) ? theCase : undefined;
    const id = await notify(trx, {
      userId: supervisor.id,
      regionCode: shown?.region_code ?? organisation.region_code,
      kind: 'worker_note',
      caseId: shown?.id ?? null,
      params: { workerName: worker.display_name, caseNumber: shown?.number ?? '', text: body.text },
    });
    await audit(trx, ctx, 'notification.worker_note', { type: 'user', id: supervisor.id }, { caseId: shown?.id ?? null });
    return { id, supervisorName: supervisor.display_name };
  });
}

export const supervisorNoteRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.post(
    '/api/notifications/supervisor-note',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send your supervisor a note (what you typed in a change the server refused)',
        body: schemas.supervisorNoteCreate,
        response: { 201: schemas.supervisorNoteOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await sendSupervisorNote(contextOf(request, db), request.body)),
  );
};
