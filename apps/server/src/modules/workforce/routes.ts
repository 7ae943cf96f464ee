import fastifyMultipart from '@fastify/multipart';
import {
  assigneesOut,
  assigneesParams,
  Invalid,
  participantsAdd,
  participantsQuery,
  participantsReportOut,
  schemas,
  staffCreate,
  staffListOut,
  staffParams,
  staffProfileOut,
  staffProfileUpdate,
  staffQuery,
  supervisionCreate,
  supervisionOut,
  supervisionQuery,
  supervisionsOut,
  trainingCreate,
  trainingOut,
  trainingParams,
  trainingsOut,
} from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { zodIssuesToProblems } from '../../lib/validation.ts';
import { contextOf } from '../../plugins/auth.ts';
import { uploadOf, XLSX_MEDIA_TYPE } from '../imports/upload.ts';
import * as service from './service.ts';

const tags = ['workforce'];
const errors = schemas.commonErrors;
/** A participants sheet is small: a training's list of names. */
const MAX_SHEET_BYTES = 5 * 1024 * 1024;

export const workforceRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_SHEET_BYTES, files: 1, fields: 10, fieldSize: 1024 } });
  app.removeContentTypeParser('text/csv');
  for (const type of ['text/csv', XLSX_MEDIA_TYPE, 'application/octet-stream']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_SHEET_BYTES }, (_request, body, done) => done(null, body));
  }

  app.get(
    '/api/staff',
    {
      schema: {
        tags,
        summary:
          "Staff profiles: the organisation's for its head and supervisors (everyone's for a system administrator), otherwise one's own",
        querystring: staffQuery,
        response: { 200: staffListOut, ...errors },
      },
    },
    (request) => service.listStaff(contextOf(request, db), request.query.organisationId),
  );
  app.post(
    '/api/staff',
    {
      schema: {
        tags,
        summary: 'Record a member of staff without an account (a trainee)',
        body: staffCreate,
        response: { 201: staffProfileOut, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createStaff(contextOf(request, db), request.body)),
  );
  app.get(
    '/api/staff/:userId/profile',
    {
      schema: {
        tags,
        summary: 'A staff profile, by account id (or the staff record id of a trainee): qualifications, diplomas, languages, trainings',
        params: staffParams,
        response: { 200: staffProfileOut, ...errors },
      },
    },
    (request) => service.getProfile(contextOf(request, db), request.params.userId),
  );
  app.put(
    '/api/staff/:userId/profile',
    {
      schema: {
        tags,
        summary: 'Replace a profile’s position, qualifications and languages (409 with the current profile when its version moved on)',
        params: staffParams,
        body: staffProfileUpdate,
        response: { 200: staffProfileOut, ...errors },
      },
    },
    (request) => service.updateProfile(contextOf(request, db), request.params.userId, request.body),
  );
  app.get(
    '/api/trainings',
    {
      schema: {
        tags,
        summary: 'Training events of the reader’s organisation with participants, scores and certificates, and the course catalogue',
        response: { 200: trainingsOut, ...errors },
      },
    },
    (request) => service.listTrainings(contextOf(request, db)),
  );
  app.post(
    '/api/trainings',
    {
      schema: {
        tags,
        summary: 'Record a training event, of a course in the catalogue (courseId) or a new one (course)',
        body: trainingCreate,
        response: { 201: trainingOut, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createTraining(contextOf(request, db), request.body)),
  );
  app.post(
    '/api/trainings/:id/participants',
    {
      bodyLimit: MAX_SHEET_BYTES,
      schema: {
        tags,
        summary:
          'Add participants: JSON {participants:[{staffId | name, attended, preScore, postScore, certificateNumber, certificateExpiry}]}, ' +
          'or an XLSX/CSV sheet with columns name, attended, pre_score, post_score, certificate_number, certificate_expiry. ' +
          'dryRun=true lists every problem by row and column and writes nothing; a name nobody on the staff has becomes a trainee.',
        params: trainingParams,
        querystring: participantsQuery,
        consumes: ['application/json', 'multipart/form-data', 'text/csv', XLSX_MEDIA_TYPE],
        response: { 200: participantsReportOut, ...errors, 413: schemas.errorReply, 415: schemas.errorReply },
      },
    },
    async (request) => {
      const ctx = contextOf(request, db);
      const { dryRun } = request.query;
      if (request.isMultipart() || Buffer.isBuffer(request.body))
        return service.importParticipants(ctx, request.params.id, () => uploadOf(request), dryRun);
      const parsed = participantsAdd.safeParse(request.body);
      if (!parsed.success) throw new Invalid(zodIssuesToProblems(parsed.error.issues));
      return service.addParticipants(ctx, request.params.id, parsed.data, dryRun);
    },
  );
  app.get(
    '/api/supervision-sessions',
    {
      schema: {
        tags,
        summary:
          'Supervision sessions the reader was in (and, for the head of an organisation, its own); notes included; every read audited',
        querystring: supervisionQuery,
        response: { 200: supervisionsOut, ...errors },
      },
    },
    (request) => service.listSupervision(contextOf(request, db), request.query.workerId),
  );
  app.post(
    '/api/supervision-sessions',
    {
      schema: {
        tags,
        summary:
          'Record a supervision session: workers of the organisation, cases the supervisor may read, actions (a case’s become its tasks)',
        body: supervisionCreate,
        response: { 201: supervisionOut, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createSupervision(contextOf(request, db), request.body)),
  );
  app.get(
    '/api/cases/:id/assignees',
    {
      schema: {
        tags,
        summary: 'Who the case can be given to: each worker’s open caseload and the trainings the case calls for',
        params: assigneesParams,
        response: { 200: assigneesOut, ...errors },
      },
    },
    (request) => service.assignees(contextOf(request, db), request.params.id),
  );
};
