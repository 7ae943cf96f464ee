import { z } from 'zod';
import { clientId, districtCode, id, line, listQuery, nonEmptyLine, phone, searchText, text, version } from '../schemas/common.ts';
import { ORGANISATION_KINDS, otherScriptNames, scriptNamesOut } from '../schemas/organisation.ts';
import { choice, optional } from '../schemas/person.ts';

/**
 * The service directory: what organisations offer families, where, and who to ask. Referrals choose a
 * receiving organisation and service from it; consent may name a category of service.
 */
export const SERVICE_CATEGORIES = [
  'health',
  'education',
  'civil_registry',
  'employment',
  'legal_aid',
  'financial_assistance',
  'psychosocial',
  'housing',
  'police_protection',
  'other',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const isServiceCategory = (value: string): value is ServiceCategory => (SERVICE_CATEGORIES as readonly string[]).includes(value);

const serviceFields = z.object({
  organisationId: id,
  name: nonEmptyLine(300),
  names: otherScriptNames,
  category: choice(SERVICE_CATEGORIES),
  description: optional(text(2000)),
  /** The districts where the service is offered; none means the districts its organisation serves. */
  territories: z.array(districtCode).max(300, { error: 'too_long' }),
  /** The user at the organisation who receives referrals for this service. */
  focalPointUserId: id.nullish(),
  contactName: optional(line(200)),
  contactPhone: optional(phone),
  active: z.boolean(),
});

export const serviceCreate = serviceFields.extend({
  id: clientId.optional(),
  names: otherScriptNames.optional(),
  territories: serviceFields.shape.territories.default([]),
  active: serviceFields.shape.active.default(true),
});
export type ServiceCreate = z.infer<typeof serviceCreate>;

/** Only the fields sent change; the organisation of a service never does. */
export const serviceUpdate = serviceFields.omit({ organisationId: true }).partial().extend({ version });
export type ServiceUpdate = z.infer<typeof serviceUpdate>;

export const serviceParams = z.object({ id });
export const servicesQuery = listQuery.extend({
  district: districtCode.optional(),
  category: choice(SERVICE_CATEGORIES).optional(),
  organisationId: id.optional(),
  q: searchText.optional(),
  /** Inactive services are listed only when asked for (directory maintenance). */
  includeInactive: z
    .enum(['true', 'false'], { error: 'choice' })
    .transform((value) => value === 'true')
    .optional(),
});
export type ServicesQuery = z.infer<typeof servicesQuery>;

export const serviceOut = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisation: z.object({
    id: z.uuid(),
    name: z.string(),
    names: scriptNamesOut,
    kind: z.enum(ORGANISATION_KINDS),
    districtCode: z.string(),
    phone: z.string().nullable(),
  }),
  name: z.string(),
  names: scriptNamesOut,
  category: z.enum(SERVICE_CATEGORIES),
  description: z.string().nullable(),
  /** The districts served: the service's own list, or its organisation's when it names none. */
  territories: z.array(z.string()),
  focalPoint: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceOut = z.infer<typeof serviceOut>;
export const servicesPageOut = z.object({ items: z.array(serviceOut), nextCursor: z.string().nullable() });
