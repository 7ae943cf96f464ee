import { schemas } from '@hamkor/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleOptions } from '../../lib/http.ts';
import { contextOf } from '../../plugins/auth.ts';
import * as service from './service.ts';

const tags = ['territories'];
const oneMahalla = { 200: schemas.mahallaOut, ...schemas.commonErrors };

export const territoryRoutes: FastifyPluginAsyncZod<ModuleOptions> = async (app, { db }) => {
  app.get(
    '/api/territories/regions',
    {
      schema: {
        tags,
        summary: 'The 14 regions, names in every script',
        response: { 200: z.array(schemas.regionOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listRegions(contextOf(request, db)),
  );
  app.get(
    '/api/territories/districts',
    {
      schema: {
        tags,
        summary: 'Districts and cities, optionally of one region',
        querystring: schemas.districtsQuery,
        response: { 200: z.array(schemas.districtOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listDistricts(contextOf(request, db), request.query.region),
  );
  app.get(
    '/api/territories/mahallas',
    {
      schema: {
        tags,
        summary: 'Mahallas of a district, keyed by code',
        querystring: schemas.mahallasQuery,
        response: { 200: z.array(schemas.mahallaOut), ...schemas.commonErrors },
      },
    },
    (request) => service.listMahallas(contextOf(request, db), request.query.district),
  );
  app.post(
    '/api/territories/mahallas',
    {
      schema: {
        tags,
        summary: 'Add a mahalla (admin)',
        body: schemas.mahallaCreate,
        response: { 201: schemas.mahallaOut, ...schemas.commonErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createMahalla(contextOf(request, db), request.body)),
  );
  app.patch(
    '/api/territories/mahallas/:id',
    {
      schema: {
        tags,
        summary: 'Rename or deactivate a mahalla (admin)',
        params: schemas.mahallaParams,
        body: schemas.mahallaUpdate,
        response: oneMahalla,
      },
    },
    (request) => service.updateMahalla(contextOf(request, db), request.params.id, request.body),
  );
  app.post(
    '/api/territories/mahallas/import',
    {
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags,
        summary: `Import a district's mahallas from CSV (${schemas.MAHALLA_CSV_COLUMNS.join(',')}); dryRun=true checks only`,
        querystring: z.object({ district: schemas.districtCode, dryRun: z.stringbool().default(false) }),
        consumes: ['text/csv'],
        body: z.string(),
        response: { 200: schemas.mahallaImportOut, ...schemas.commonErrors },
      },
    },
    (request) => service.importMahallas(contextOf(request, db), request.query.district, request.body, request.query.dryRun),
  );
};
