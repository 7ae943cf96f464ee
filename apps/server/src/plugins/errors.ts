import { Conflict, DomainError, type FieldProblem, Invalid, NotFound, TooManyRequests, Unauthenticated } from '@hamkor/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { translator } from '../lib/i18n.ts';
import { validationToProblems } from '../lib/validation.ts';

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

/** Maps every error to the one error shape of API.md, in the user's language. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
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
