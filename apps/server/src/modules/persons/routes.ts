import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['persons'];

export const personRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/persons',
    {
      config: { readTransaction: true },
      schema: {
        tags,
        summary:
          'Search persons within your reach by name in Latin, Cyrillic or Russian spelling; a birth year, birth date (DD.MM.YYYY) or PINFL in q narrows it',
        querystring: schemas.personSearchQuery.extend(schemas.listQuery.shape),
        response: { 200: schemas.pageOf(schemas.personSearchItemOut), ...schemas.commonErrors },
      },
    },
    (request) => service.searchPersons(contextOf(request, db), request.query),
  );
  app.patch(
    '/api/persons/:id',
    {
      schema: {
        tags,
        summary: 'Change a person; send the version you read (409 with the current record if it moved on)',
        params: schemas.personParams,
        body: schemas.personUpdate,
        response: { 200: schemas.personSavedOut, ...schemas.commonErrors },
      },
    },
    (request) => service.updatePerson(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/persons/duplicates',
    {
      schema: {
        tags,
        summary:
          'Likely duplicates of someone about to be registered, within your reach; of those outside it only that one exists and whom to ask (outsideReach). At most 120 checks an hour (429)',
        body: schemas.duplicatesCheck,
        response: { 200: schemas.duplicatesOut, ...schemas.commonErrors },
      },
    },
    (request) => service.checkDuplicates(contextOf(request, db), request.body),
  );
  app.get(
    '/api/persons/:id/duplicates',
    {
      schema: {
        tags,
        summary: 'Likely duplicates of a registered person, without those marked as not the same person; counted as a duplicate check',
        params: schemas.personParams,
        response: { 200: schemas.duplicatesOut, ...schemas.commonErrors },
      },
    },
    (request) => service.duplicatesOfPerson(contextOf(request, db), request.params.id),
  );
  app.post(
    '/api/persons/:id/not-duplicates',
    {
      schema: {
        tags,
        summary: 'Record that another person is not the same person, so the pair is no longer suggested',
        params: schemas.personParams,
        body: schemas.notDuplicate,
        response: { 200: schemas.notDuplicateOut, ...schemas.commonErrors },
      },
    },
    (request) => service.recordNotDuplicate(contextOf(request, db), request.params.id, request.body.otherPersonId),
  );
  app.post(
    '/api/persons/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge a duplicate person into this one (supervisors); the duplicate is kept, marked merged',
        params: schemas.personParams,
        body: schemas.personMerge,
        response: { 200: schemas.personOut, ...schemas.commonErrors },
      },
    },
    (request) => service.mergePersons(contextOf(request, db), request.params.id, request.body),
  );
};
