import {
  Conflict,
  DomainError,
  type FieldProblem,
  Forbidden,
  Invalid,
  localeFromAcceptLanguage,
  NotFound,
  StorageUnavailable,
  TooLarge,
  TooManyRequests,
  Unauthenticated,
} from '@hamkor/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type Db, databaseUnavailable } from '../db/database.ts';
import { translator } from '../lib/i18n.ts';
import { RETRY_AFTER_SECONDS } from '../lib/lifecycle.ts';
import { validationToProblems } from '../lib/validation.ts';
import { type Refusal, recordRefusal } from '../modules/audit/refusals.ts';

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  params: Record<string, unknown> = {},
  fields?: FieldProblem[],
) {
  const t = translator(request.locale);
  const error: Record<string, unknown> = {
    code,
    message: t(`errors.${code}`, params),
  };
  if (fields)
    error.fields = fields.map((f) => ({
      path: f.path,
      code: f.code,
      message: t(`fields.${f.code}`, f.params ?? {}),
    }));
  return reply.status(status).send({ error, ...extra });
}

/**
 * Errors Fastify meets while routing, before any hook or handler (a URL that does not decode, a path
 * parameter longer than the router takes): bad input like any other, in the same shape. Fastify's own
 * answer to a long parameter is a 414 without the contract's `{error:{code, message}}`.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const header = request.headers['accept-language'];
  request.locale = localeFromAcceptLanguage(Array.isArray(header) ? header[0] : header);
  if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const code = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'too_long' : 'invalid';
    return send(request, reply, 400, 'invalid_input', {}, {}, [{ path: 'url', code }]);
  }
  return send(request, reply, 500, 'internal');
}

/** The refused attempt a request ended in, to be audited once its answer has gone. */
const refusals = new WeakMap<FastifyRequest, Refusal>();

/** A refusal worth auditing: a 404 for a record that exists outside the actor's reach, or a CSRF 403. */
function refusalOf(err: unknown, request: FastifyRequest): Refusal | undefined {
  if (!request.actor) return undefined;
  const kind = err instanceof NotFound && err.refused ? 'access' : err instanceof Forbidden && err.code === 'csrf' ? 'csrf' : null;
  if (!kind) return undefined;
  return {
    kind,
    actorId: request.actor.id,
    entity: err instanceof NotFound ? (err.refused ?? null) : null,
    route: `${request.method} ${request.routeOptions.url ?? ''}`,
    ip: request.ip ?? null,
  };
}

/**
 * Maps every error to the one error shape, `{error: {code, message, fields: [{path, code, message}]}}`, in the user's language. Refused attempts are audited
 * (thinned) after the answer is sent, so a 404 for a record out of reach looks and takes the same as one for a
 * record that does not exist.
 */
export const errorsPlugin = fp(async (app: FastifyInstance, options: { db?: Db }) => {
  const { db } = options;
  if (db)
    app.addHook('onResponse', async (request) => {
      const refusal = refusals.get(request);
      if (!refusal) return;
      await recordRefusal(db, refusal).catch((err: Error & { code?: string }) =>
        request.log.error({ err: { name: err.name, code: err.code } }, 'refused attempt not audited'),
      );
    });

  app.setErrorHandler(async (caught: FastifyError, request, reply) => {
    let err = caught;
    // Refused before its route ran, on a session held from an earlier request: answered as the session now stands.
    if (request.heldSession)
      await request.server.confirmHeldSession?.(request).catch((refused: FastifyError) => {
        err = refused;
      });
    const refusal = db && refusalOf(err, request);
    if (refusal) refusals.set(request, refusal);
    if (hasZodFastifySchemaValidationErrors(err)) {
      return send(request, reply, 400, 'invalid_input', {}, {}, validationToProblems(err.validation));
    }
    if (err instanceof Invalid) return send(request, reply, 400, err.code, {}, err.params, err.fields);
    if (err instanceof Unauthenticated) return send(request, reply, 401, err.code);
    if (err instanceof NotFound) return send(request, reply, 404, err.code);
    if (err instanceof Conflict)
      return send(request, reply, 409, err.code, err.current === undefined ? {} : { current: err.current }, err.params);
    if (err instanceof TooManyRequests) {
      reply.header('retry-after', String(err.retryAfterSeconds));
      return send(request, reply, 429, err.code, {}, err.params);
    }
    if (err instanceof TooLarge) return send(request, reply, 413, err.code, {}, err.params);
    if (err instanceof StorageUnavailable) return send(request, reply, 507, err.code);
    if (err instanceof DomainError) return send(request, reply, 403, err.code, {}, err.params);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(request, reply, 413, 'payload_too_large');
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(request, reply, 415, 'unsupported_media_type');
    if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (err.statusCode === 400 && err.code?.startsWith('FST_'))
    ) {
      return send(request, reply, 400, 'invalid_input', {}, {}, [{ path: '', code: 'invalid' }]);
    }
    // The database stopped, restarting, or every connection busy past the wait: try again shortly.
    if (databaseUnavailable(err)) {
      request.log.warn({ code: (err as { code?: unknown }).code ?? 'timeout' }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return send(request, reply, 503, 'unavailable');
    }
    // A record created with an id that is already taken (a client-given id sent twice, or two creates racing).
    if ((err as { code?: unknown }).code === '23505') return send(request, reply, 409, 'already_exists');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(request, reply, err.statusCode, err.statusCode === 429 ? 'too_many_requests' : 'invalid_input', {}, { minutes: 1 });
    }
    // Log the failure without request data: bodies and parameters may hold personal data.
    // Database and library messages can quote the values involved, so only the kind and the frames are kept.
    request.log.error({ err: { name: err.name, code: err.code, frames: err.stack?.split('\n').slice(1).join('\n') } }, 'request failed');
    return send(request, reply, 500, 'internal');
  });

  app.setNotFoundHandler((request, reply) => {
    // Deep links of the web app (e.g. /admin/users) get its page; missing API routes and files get a 404.
    const page = request.method === 'GET' && !/^\/(api|assets)\//.test(request.url) && 'sendFile' in reply;
    if (page) return reply.type('text/html').sendFile('index.html');
    return send(request, reply, 404, 'route_not_found');
  });
});
