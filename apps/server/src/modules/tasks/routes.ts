import { caseParams, schemas, taskCreate, taskParams, tasksQuery, taskUpdate } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { taskOut } from './replies.ts';
import * as service from './service.ts';

const tags = ['tasks'];

export const taskRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/tasks',
    {
      config: { readTransaction: true },
      schema: {
        tags,
        summary: 'Tasks on the cases you may see, soonest due first; assignee=me for your own, due=overdue|today|upcoming (open tasks)',
        querystring: tasksQuery,
        response: { 200: schemas.pageOf(taskOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listTasks(contextOf(request, db), request.query),
  );
  app.post(
    '/api/cases/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Add a task to a case, due on a day (dueDate) or at a moment (dueAt); assigned to the case worker unless named',
        params: caseParams,
        body: taskCreate,
        response: { 201: taskOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createTask(contextOf(request, db), request.params.id, request.body)),
  );
  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Change a task or mark it done; send the version you read (409 with the current task if it moved on)',
        params: taskParams,
        body: taskUpdate,
        response: { 200: taskOut, ...schemas.commonErrors },
      },
    },
    (request) => service.updateTask(contextOf(request, db), request.params.id, request.body),
  );
};
