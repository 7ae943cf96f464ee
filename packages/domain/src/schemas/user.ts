import { z } from 'zod';
import { ROLES, SCOPE_LEVELS } from '../access/roles.ts';
import { clientId, id, locale, nonEmptyLine, territoryCode, version } from './common.ts';
import { pinfl } from './person.ts';

export const username = z
  .string({ error: 'required' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, { error: 'username' });

/** At least 12 characters; the server also refuses common and guessable ones (docs/security.md). */
export const password = z.string({ error: 'required' }).min(12, { error: 'password_short' }).max(200, { error: 'too_long' });

export const scope = z
  .object({
    level: z.enum(SCOPE_LEVELS, { error: 'scope_level' }),
    territoryCode: territoryCode.nullish(),
  })
  .refine((s) => !['district', 'region'].includes(s.level) || !!s.territoryCode, {
    error: 'territory_required',
    path: ['territoryCode'],
  });

export const userCreate = z.object({
  id: clientId.optional(),
  username,
  displayName: nonEmptyLine(200),
  password,
  organisationId: id,
  roles: z.array(z.enum(ROLES, { error: 'role' })).min(1, { error: 'roles_required' }),
  scope: scope.optional(),
  supervisorId: id.nullish(),
  locale: locale.optional(),
  /** The staff member's PINFL, by which OneID finds the account (docs/sign-in.md). */
  pinfl: pinfl.nullish(),
});
export type UserCreate = z.infer<typeof userCreate>;

export const userUpdate = z.object({
  version,
  displayName: nonEmptyLine(200).optional(),
  password: password.optional(),
  organisationId: id.optional(),
  roles: z
    .array(z.enum(ROLES, { error: 'role' }))
    .min(1, { error: 'roles_required' })
    .optional(),
  scope: scope.optional(),
  supervisorId: id.nullish(),
  locale: locale.optional(),
  active: z.boolean().optional(),
  /** null removes it. */
  pinfl: pinfl.nullish(),
});
export type UserUpdate = z.infer<typeof userUpdate>;

export const userParams = z.object({ id });
export const usersQuery = z.object({ organisationId: id.optional() });

export const loginBody = z.object({
  username: z.string({ error: 'required' }).trim().toLowerCase().min(1, { error: 'required' }).max(100),
  password: z.string({ error: 'required' }).min(1, { error: 'required' }).max(200),
  /** A TOTP code or a recovery code, for an account with a second factor. */
  totp: z.string().trim().max(40, { error: 'too_long' }).optional(),
  /** Skip the second factor on this browser for 30 days. */
  rememberDevice: z.boolean().optional(),
});
export const meUpdate = z.object({ locale });

export const userOut = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  organisationId: z.uuid(),
  roles: z.array(z.enum(ROLES)),
  scope: z.object({ level: z.enum(SCOPE_LEVELS), territoryCode: z.string().nullable() }),
  supervisorId: z.uuid().nullable(),
  locale: z.string(),
  active: z.boolean(),
  pinfl: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserOut = z.infer<typeof userOut>;
