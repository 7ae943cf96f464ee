import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { readConfig } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Lifecycle } from './lib/lifecycle.ts';
import { accessRoutes } from './modules/access/routes.ts';
import { approvalRoutes } from './modules/approvals/routes.ts';
import { assessmentRoutes } from './modules/assessments/routes.ts';
import { attachmentRoutes } from './modules/attachments/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { careRoutes } from './modules/care/routes.ts';
import { caseFileRoutes } from './modules/casefile/routes.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { consentRoutes } from './modules/consents/routes.ts';
import { contactRoutes } from './modules/contacts/routes.ts';
import { dashboardRoutes } from './modules/dashboards/routes.ts';
import { familyRoutes } from './modules/families/routes.ts';
import { APP_VERSION, healthRoutes } from './modules/health/routes.ts';
import { importRoutes } from './modules/imports/routes.ts';
import { instrumentRoutes } from './modules/instruments/routes.ts';
import { supervisorNoteRoutes } from './modules/notifications/notes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import type { IdentitySettings } from './modules/oidc/providers.ts';
import { identityRoutes } from './modules/oidc/routes.ts';
import { organisationRoutes } from './modules/organisations/routes.ts';
import { personRoutes } from './modules/persons/routes.ts';
import { planRoutes } from './modules/plans/routes.ts';
import { referralRoutes } from './modules/referrals/routes.ts';
import { reminderRoutes } from './modules/reminders/routes.ts';
import { type ReminderSettings, readReminderSettings } from './modules/reminders/settings.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { retentionRoutes } from './modules/retention/routes.ts';
import { serviceRoutes } from './modules/services/routes.ts';
import { sessionRoutes } from './modules/sessions/routes.ts';
import { syncRoutes } from './modules/sync/routes.ts';
import { taskRoutes } from './modules/tasks/routes.ts';
import { territoryRoutes } from './modules/territories/routes.ts';
import { tracingRoutes } from './modules/tracing/routes.ts';
import { transferRoutes } from './modules/transfers/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { workforceRoutes } from './modules/workforce/routes.ts';
import { authPlugin } from './plugins/auth.ts';
import { errorsPlugin, frameworkErrors } from './plugins/errors.ts';
import { DOCS_CSP, headersPlugin } from './plugins/headers.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import { inputPlugin } from './plugins/input.ts';
import { readYourWritesPlugin } from './plugins/read-your-writes.ts';

export type AppOptions = {
  database: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
  /** The built web app to serve at /, if present. */
  webDist?: string;
  /** Addresses or CIDR ranges of the proxies whose forwarded headers are believed (config.ts); tests may say true. */
  trustProxy?: string[] | boolean;
  /** Where attachment files are stored; by default `attachments` under the configured data directory. */
  attachmentsDir?: string;
  /** Called for every route as it is registered (the authorisation matrix test lists them). */
  onRoute?: (route: { method: string | string[]; url: string; public: boolean }) => void;
  /** Demo mode (config.ts): the sign-in page then lists the demo accounts. Off unless said. */
  demo?: boolean;
  /** The server's phase, for `/api/ready`; serving when not given (tests build the app ready to serve). */
  lifecycle?: Lifecycle;
  /** Telegram, SMS and digest settings; from the environment when not given (tests point them at stand-ins). */
  reminders?: ReminderSettings;
  /** Identity providers to sign in with; by default those the environment configures (modules/oidc/providers.ts). */
  identity?: IdentitySettings;
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Request logs carry method and route only: URLs may hold names typed into a search box.
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Documentation and the web app's files are open; the rest of the API needs a session.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) route.config = { ...route.config, public: true };
  });
  if (options.onRoute) {
    const onRoute = options.onRoute;
    app.addHook('onRoute', (route) =>
      onRoute({
        method: route.method,
        url: route.url,
        public: route.config?.public === true,
      }),
    );
  }

  await app.register(fastifyCookie);
  // Registered before the headers plugin: its onSend keeps the answer before compression.
  await app.register(idempotencyPlugin, { db: options.database.db });
  await app.register(headersPlugin);
  await app.register(errorsPlugin, { db: options.database.db });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hamkor API',
        version: APP_VERSION,
        description: 'Case management for social work with families and children.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hamkor_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
    staticCSP: DOCS_CSP,
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());

  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  await app.register(authPlugin, { db: options.database.db });
  await app.register(readYourWritesPlugin, { db: options.database.db });
  await app.register(inputPlugin);

  const db = options.database.db;
  await app.register(healthRoutes, {
    db,
    kind: options.database.kind,
    demo: options.demo ?? false,
    lifecycle: options.lifecycle ?? { phase: 'serving' },
  });
  await app.register(authRoutes, { db });
  await app.register(identityRoutes, { db, ...(options.identity ? { identity: options.identity } : {}) });
  await app.register(sessionRoutes, { db });
  await app.register(userRoutes, { db });
  await app.register(territoryRoutes, { db });
  await app.register(organisationRoutes, { db });
  await app.register(auditRoutes, { db });
  await app.register(accessRoutes, { db });
  await app.register(familyRoutes, { db });
  await app.register(personRoutes, { db });
  await app.register(careRoutes, { db });
  await app.register(importRoutes, { db });
  await app.register(caseRoutes, { db });
  await app.register(contactRoutes, { db });
  await app.register(attachmentRoutes, { db, attachmentsDir: options.attachmentsDir ?? join(readConfig().dataDir, 'attachments') });
  await app.register(taskRoutes, { db });
  await app.register(approvalRoutes, { db });
  await app.register(instrumentRoutes, { db });
  await app.register(assessmentRoutes, { db });
  await app.register(notificationRoutes, { db });
  await app.register(supervisorNoteRoutes, { db });
  await app.register(reportRoutes, { db });
  await app.register(dashboardRoutes, { db });
  await app.register(caseFileRoutes, { db });
  await app.register(serviceRoutes, { db });
  await app.register(consentRoutes, { db });
  await app.register(planRoutes, { db });
  await app.register(referralRoutes, { db });
  await app.register(transferRoutes, { db });
  await app.register(tracingRoutes, { db });
  await app.register(syncRoutes, { db });
  await app.register(workforceRoutes, { db });
  await app.register(retentionRoutes, { db, attachmentsDir: options.attachmentsDir ?? join(readConfig().dataDir, 'attachments') });
  await app.register(reminderRoutes, { db, settings: options.reminders ?? readReminderSettings() });

  if (options.webDist && existsSync(options.webDist)) await registerWebApp(app, options.webDist);
  return app;
}

/**
 * Serves the built web app. Files are looked up at request time, so a rebuild needs no restart; hashed
 * assets are cached for good, everything else is revalidated. Unknown pages fall back to index.html in
 * the not-found handler. The build writes brotli and gzip copies beside each text file; the one the client
 * accepts is sent as it is.
 */
async function registerWebApp(app: FastifyInstance, root: string) {
  await app.register(fastifyStatic, {
    root,
    index: ['index.html'],
    cacheControl: false,
    preCompressed: true,
    setHeaders: (res, path) => {
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
