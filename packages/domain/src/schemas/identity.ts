import { z } from 'zod';
import { id } from './common.ts';

/** Sign-in with an identity provider (docs/sign-in.md). */
export const providerName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, { error: 'unknown_provider' });
export const providerParams = z.object({ provider: providerName });
export const providersOut = z.object({
  items: z.array(z.object({ name: z.string(), label: z.string(), kind: z.enum(['oidc', 'oneid']) })),
});
export const oidcStartQuery = z.object({ intent: z.enum(['login', 'link'], { error: 'oidc_intent' }).default('login') });
/** What a provider sends back: the usual OAuth 2 parameters, each a short text; anything else is ignored. */
export const oidcCallbackQuery = z.object({
  code: z.string().max(2000, { error: 'too_long' }).optional(),
  state: z.string().max(200, { error: 'too_long' }).optional(),
  error: z.string().max(200, { error: 'too_long' }).optional(),
  error_description: z.string().max(2000, { error: 'too_long' }).optional(),
  iss: z.string().max(2000, { error: 'too_long' }).optional(),
});
export const oidcSecondFactorBody = z.object({
  totp: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(40, { error: 'too_long' }),
});
export const identitiesOut = z.object({
  items: z.array(
    z.object({ id: z.uuid(), provider: z.string(), label: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() }),
  ),
});
export const identityParams = z.object({ id });
