import { z } from 'zod';
import { districtCode, id, line, localisedName, localisedNameOut, mahallaCode, nonEmptyLine, regionCode, version } from './common.ts';

export const regionsQuery = z.object({});
export const districtsQuery = z.object({ region: regionCode.optional() });
export const mahallasQuery = z.object({ district: districtCode });

export const mahallaCreate = z.object({
  code: mahallaCode,
  districtCode,
  name: localisedName,
});
export type MahallaCreate = z.infer<typeof mahallaCreate>;

export const mahallaUpdate = z.object({
  version,
  name: localisedName.optional(),
  active: z.boolean().optional(),
});
export type MahallaUpdate = z.infer<typeof mahallaUpdate>;

export const mahallaParams = z.object({ id });

/** One row of a mahalla CSV import: `code,name_uz_latn,name_uz_cyrl,name_ru,name_en`. */
export const mahallaCsvRow = z.object({
  code: mahallaCode,
  name_uz_latn: nonEmptyLine(200),
  name_uz_cyrl: line(200).optional(),
  name_ru: line(200).optional(),
  name_en: line(200).optional(),
});
export const MAHALLA_CSV_COLUMNS = ['code', 'name_uz_latn', 'name_uz_cyrl', 'name_ru', 'name_en'] as const;

export const regionOut = z.object({ code: z.string(), name: localisedNameOut });
export const districtOut = regionOut.extend({ regionCode: z.string() });
export const mahallaOut = z.object({
  id: z.uuid(),
  code: z.string(),
  districtCode: z.string(),
  regionCode: z.string(),
  name: localisedNameOut,
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const mahallaImportOut = z.object({ dryRun: z.boolean(), created: z.number().int(), updated: z.number().int() });
export type RegionOut = z.infer<typeof regionOut>;
export type DistrictOut = z.infer<typeof districtOut>;
export type MahallaOut = z.infer<typeof mahallaOut>;
export type MahallaImportOut = z.infer<typeof mahallaImportOut>;
