import { type FieldProblem, Invalid, schemas } from '@hamkor/domain';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { translator } from '../lib/i18n.ts';

/** Bodies read as text: JSON, CSV and other text. Their charset, when named, must be UTF-8. */
const TEXT_MEDIA_TYPE = /^\s*(application\/([\w.+-]+\+)?json|text\/[\w.+-]+)\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/** The charset a text body declares, lower-cased, or null when it is not text or declares none. */
export function declaredCharset(contentType: string | undefined): string | null {
  if (!contentType || !TEXT_MEDIA_TYPE.test(contentType)) return null;
  const match = CHARSET.exec(contentType);
  if (!match) return null;
  return (match[1] ?? match[2] ?? '').trim().toLowerCase();
}

/**
 * The first text in `value` holding a character no text may hold, with its path (`members.0.surname`).
 * Line breaks are allowed only where `multiline`, since a query or a path parameter never holds one;
 * in bodies, the schema of each field says whether it is one line. Object keys are checked as well.
 * The walk keeps its own stack, so that no nesting depth can exhaust the call stack.
 */
export function findTextProblem(value: unknown, multiline: boolean): FieldProblem | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value: node, path } = item;
    if (typeof node === 'string') {
      const code = schemas.textProblem(node, multiline);
      if (code) return { path, code };
    } else if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--)
        stack.push({ value: node[index], path: path ? `${path}.${index}` : String(index) });
    } else if (node && typeof node === 'object' && !Buffer.isBuffer(node)) {
      const entries = Object.entries(node);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index] as [string, unknown];
        const code = schemas.textProblem(key, false);
        if (code) return { path, code };
        stack.push({ value: child, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return null;
}

/**
 * Guards every route's input at one depth, before any schema or handler sees it:
 * - a text body in a charset other than UTF-8 is answered 415, since it would be misread as UTF-8;
 * - control characters, bidirectional overrides and lone surrogates in the body, the query or the path
 *   parameters are answered 400 naming the field, since they would either fail in PostgreSQL (a 500) or
 *   disguise what a text says. Multipart file names are checked where the file is read.
 */
export const inputPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request, reply) => {
    const charset = declaredCharset(request.headers['content-type']);
    if (charset === null || charset === 'utf-8' || charset === 'utf8') return;
    const t = translator(request.locale);
    return reply.status(415).send({
      error: {
        code: 'unsupported_media_type',
        message: t('errors.unsupported_media_type'),
        fields: [{ path: 'content-type', code: 'charset', message: t('fields.charset') }],
      },
    });
  });

  app.addHook('preValidation', async (request) => {
    const problem = findTextProblem(request.params, false) ?? findTextProblem(request.query, false) ?? findTextProblem(request.body, true);
    if (problem) throw new Invalid([problem]);
  });
});
