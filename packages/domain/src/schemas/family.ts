import { z } from 'zod';
import { RISK_LEVELS, URGENCIES } from '../cases/codes.ts';
import { CASE_STATUSES } from '../cases/status.ts';
import { clientId, districtCode, id, int32, listQuery, mahallaCode, nonEmptyLine, phone, text, version } from './common.ts';
import { choice, optional, personCreate, personOut, warningOut } from './person.ts';

export const IDENTIFICATION_SOURCES = [
  'mahalla_social_worker',
  'mahalla_seven',
  'school',
  'clinic',
  'police',
  'hotline',
  'self_referral',
  'other_agency',
  'social_register',
] as const;
export type IdentificationSource = (typeof IDENTIFICATION_SOURCES)[number];
/** Categories of the Social Register ("Ijtimoiy himoya yagona reyestri"), when the family is on it. */
export const SOCIAL_REGISTER_CATEGORIES = ['state_supported', 'poor', 'at_risk_of_poverty'] as const;
export const HOUSING_KINDS = ['own', 'rented', 'with_relatives', 'state_provided', 'temporary', 'homeless'] as const;

const yesNo = z.boolean({ error: 'invalid' }).nullish();

export const livingConditions = z.object({
  housing: choice(HOUSING_KINDS).nullish(),
  rooms: int32().min(0, { error: 'invalid' }).max(50, { error: 'invalid' }).nullish(),
  water: yesNo,
  electricity: yesNo,
  gas: yesNo,
  heating: yesNo,
  note: text(2000).nullish(),
});
export type LivingConditions = z.infer<typeof livingConditions>;

const familyShape = {
  districtCode,
  mahallaCode: optional(mahallaCode),
  address: nonEmptyLine(500),
  /** The family's main phone; `phones` may add others. */
  phone: optional(phone),
  phones: z.array(phone).max(5, { error: 'too_long' }).optional(),
  identificationSource: choice(IDENTIFICATION_SOURCES),
  socialRegisterCategory: choice(SOCIAL_REGISTER_CATEGORIES).nullish(),
  livingConditions: livingConditions.nullish(),
  notes: optional(text(4000)),
};

export const familyFields = z.object(familyShape);
export type FamilyFields = z.infer<typeof familyFields>;

export const familyCreate = z.object({
  id: clientId.optional(),
  ...familyShape,
  members: z.array(personCreate, { error: 'members_required' }).min(1, { error: 'members_required' }).max(30, { error: 'too_long' }),
});
export type FamilyCreate = z.infer<typeof familyCreate>;

export const familyUpdate = z.object(familyShape).partial().extend({ version });
export type FamilyUpdate = z.infer<typeof familyUpdate>;

export const familyParams = z.object({ id });
export const familyMerge = z.object({ otherFamilyId: id, version, otherVersion: version });
export type FamilyMerge = z.infer<typeof familyMerge>;

export const familyOut = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  districtCode: z.string(),
  mahallaCode: z.string().nullable(),
  organisationId: z.uuid(),
  address: z.string(),
  phone: z.string().nullable(),
  phones: z.array(z.string()),
  identificationSource: z.enum(IDENTIFICATION_SOURCES),
  socialRegisterCategory: z.enum(SOCIAL_REGISTER_CATEGORIES).nullable(),
  livingConditions: z
    .object({
      housing: z.enum(HOUSING_KINDS).nullish(),
      rooms: z.number().int().nullish(),
      water: z.boolean().nullish(),
      electricity: z.boolean().nullish(),
      gas: z.boolean().nullish(),
      heating: z.boolean().nullish(),
      note: z.string().nullish(),
    })
    .nullable(),
  notes: z.string().nullable(),
  importId: z.uuid().nullable(),
  mergedInto: z.uuid().nullable(),
  mergedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  createdBy: z.uuid().nullable(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
  members: z.array(personOut),
});
export const familySavedOut = familyOut.extend({ warnings: z.array(warningOut) });

/** "My families": the families of the caller's open cases, and those they registered that have no case yet. */
export const familiesQuery = listQuery.extend({
  assignee: z.literal('me', { error: 'choice' }),
});
export type FamiliesQuery = z.infer<typeof familiesQuery>;

export const familyListItemOut = z.object({
  id: z.uuid(),
  districtCode: z.string(),
  mahallaCode: z.string().nullable(),
  address: z.string(),
  headName: z.string().nullable(),
  memberCount: z.number().int(),
  /** The caller's open cases of the family (none for a family registered without a case), newest first. */
  cases: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      status: z.enum(CASE_STATUSES),
      riskLevel: z.enum(RISK_LEVELS).nullable(),
      urgency: z.enum(URGENCIES),
    }),
  ),
  /** The latest change to the family or to one of those cases (an event on its timeline); the list's order. */
  lastActivityAt: z.string(),
});
export type FamilyListItemOut = z.infer<typeof familyListItemOut>;
export const familyListOut = z.object({ items: z.array(familyListItemOut), nextCursor: z.string().nullable() });
export type FamilyListOut = z.infer<typeof familyListOut>;
