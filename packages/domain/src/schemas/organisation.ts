import { z } from 'zod';
import { clientId, districtCode, id, line, localisedNameOut, nonEmptyLine, phone, version } from './common.ts';

export const ORGANISATION_KINDS = [
  'inson_centre',
  'mahalla',
  'ngo',
  'school',
  'clinic',
  'civil_registry',
  'employment_centre',
  'police',
  // Care of children outside their family (docs/care.md): they see only the children placed with them.
  'residential_care',
  'transit_centre',
  'guardianship_authority',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * A name in the other scripts territories have (the Uzbek Latin one is `name`): Uzbek Cyrillic, Russian,
 * English and Karakalpak, each optional. Sent, it replaces them all; a script left out or empty is unknown,
 * and readers of that language see the Uzbek Latin name.
 */
export const otherScriptNames = z.object({
  uz_cyrl: line(300).optional(),
  ru: line(300).optional(),
  en: line(300).optional(),
  kaa: line(300).optional(),
});
export type OtherScriptNames = z.infer<typeof otherScriptNames>;
/** The name in every script, as territories carry it: `uz_latn` is `name`; an unknown script is '' (kaa null). */
export const scriptNamesOut = localisedNameOut;

const organisationFields = z.object({
  name: nonEmptyLine(300),
  names: otherScriptNames,
  kind: z.enum(ORGANISATION_KINDS, { error: 'organisation_kind' }),
  districtCode,
  territories: z.array(districtCode).max(300, { error: 'too_long' }),
  address: line(500).optional(),
  phone: phone.optional(),
  approvalGates: z.boolean(),
});

export const organisationCreate = organisationFields.extend({
  id: clientId.optional(),
  names: otherScriptNames.optional(),
  territories: organisationFields.shape.territories.default([]),
  approvalGates: organisationFields.shape.approvalGates.default(true),
});
export type OrganisationCreate = z.infer<typeof organisationCreate>;

/** Only the fields sent change: no defaults here, or an edit would reset what it did not mention. */
export const organisationUpdate = organisationFields.partial().extend({ version, active: z.boolean().optional() });
export type OrganisationUpdate = z.infer<typeof organisationUpdate>;

export const organisationParams = z.object({ id });
export const organisationsQuery = z.object({
  district: districtCode.optional(),
  kind: z.enum(ORGANISATION_KINDS, { error: 'organisation_kind' }).optional(),
});

export const organisationOut = z.object({
  id: z.uuid(),
  name: z.string(),
  names: scriptNamesOut,
  kind: z.enum(ORGANISATION_KINDS),
  districtCode: z.string(),
  regionCode: z.string(),
  territories: z.array(z.string()),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  approvalGates: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrganisationOut = z.infer<typeof organisationOut>;
