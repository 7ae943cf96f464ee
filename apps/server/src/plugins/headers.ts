import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * The web app's policy: scripts, styles and everything else only from this server, no inline script, and
 * no page may frame it. The built index.html has no inline script or style (the service worker is
 * registered from the app's own bundle once the first screen is shown), so nothing needs a nonce or a hash.
 */
export const APP_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Vite inlines small images referenced from CSS as data: URLs.
  imgSrc: ["'self'", 'data:'],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  workerSrc: ["'self'"],
};

/**
 * Swagger UI at /api/docs styles its elements inline; its policy is applied to its own routes only
 * (see the `staticCSP` option of @fastify/swagger-ui in app.ts).
 */
export const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; connect-src 'self'; font-src 'self' data:; form-action 'self'; frame-ancestors 'none'; " +
  "img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'";

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Replies that carry the CSRF token are never compressed: their length would otherwise let an attacker who
 * can reflect text into the same reply guess the token a byte at a time (BREACH).
 */
const carriesSecret = (url: string) => url.startsWith('/api/auth/') || url === '/api/me';

/** API replies hold, or may hold, personal data; Swagger UI's own files are the exception. */
const mayHoldPersonalData = (url: string) => url.startsWith('/api/') && !url.startsWith('/api/docs/static/');

/**
 * Security headers on every reply (helmet), `Cache-Control: no-store` on every API reply, and compression
 * of replies over 1 kB (brotli or gzip). Register before any route: both act through route hooks.
 */
export const headersPlugin = fp(async (app: FastifyInstance) => {
  // Helmet's headers are worked out once, here; @fastify/helmet built them again for every request (about 2 %
  // of an API request's time).
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: APP_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Sent below, only on replies to requests that came over TLS (a browser ignores it over plain HTTP).
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));

  app.addHook('onRoute', (route) => {
    if (carriesSecret(route.url)) route.compress = false;
  });
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    // Request bodies are never inflated: a small compressed body must not become a large one.
    globalDecompression: false,
  });

  // onSend runs for every reply, errors and not-found answers included.
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    if (mayHoldPersonalData(request.url) && !String(reply.getHeader('cache-control') ?? '').includes('no-store'))
      reply.header('cache-control', 'no-store');
  });
});
