import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import { notificationOut, notificationsOut } from './replies.ts';
import * as service from './service.ts';

const tags = ['notifications'];

export const notificationRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first, with the number unread',
        querystring: schemas.listQuery,
        response: { 200: notificationsOut, ...schemas.commonErrors },
      },
    },
    (request) => service.listNotifications(contextOf(request, db), request.query),
  );
  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your notifications read',
        params: z.object({ id: schemas.id }),
        response: { 200: notificationOut, ...schemas.commonErrors },
      },
    },
    (request) => service.markNotificationRead(contextOf(request, db), request.params.id),
  );
};
