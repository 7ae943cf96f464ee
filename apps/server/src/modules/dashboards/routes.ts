import {
  managerDashboardOut,
  managerDashboardQuery,
  schemas,
  supervisorDashboardOut,
  supervisorDashboardQuery,
  workerDashboardOut,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['dashboards'];

export const dashboardRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/dashboards/worker',
    {
      schema: {
        tags,
        summary: 'Your open cases by status and risk, your tasks by when due, and referrals of your cases awaiting an answer',
        response: { 200: workerDashboardOut, ...schemas.commonErrors },
      },
    },
    (request) => service.workerDashboard(contextOf(request, db)),
  );
  app.get(
    '/api/dashboards/supervisor',
    {
      schema: {
        tags,
        summary:
          'Your team: open cases per worker by risk, overdue assessments, plan actions and reviews, approvals waiting for you, ' +
          'high and critical cases without a contact in the last noContactDays days',
        querystring: supervisorDashboardQuery,
        response: { 200: supervisorDashboardOut, ...schemas.commonErrors },
      },
    },
    (request) => service.supervisorDashboard(contextOf(request, db), request.query),
  );
  app.get(
    '/api/dashboards/manager',
    {
      schema: {
        tags,
        summary:
          'Figures for a territory and period within your reach, as tables: caseload by territory and by month, risk, ' +
          'identification sources, labour migration, time to assessment and plan, referrals by service, closures. ' +
          'Aggregate-only readers see no names or ids, and counts under five hidden.',
        querystring: managerDashboardQuery,
        response: { 200: managerDashboardOut, ...schemas.commonErrors },
      },
    },
    (request) => service.managerDashboard(contextOf(request, db), request.query),
  );
};
