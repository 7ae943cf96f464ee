import type { Tx } from '../db/database.ts';
import { newId } from '../lib/ids.ts';
import { insertOrganisation } from '../modules/organisations/repo.ts';
import { demoNameColumns } from './names.ts';

/** A demo organisation as the demo modules describe it. */
export type DemoOrganisation = { name: string; kind: string; district: string; territories: string[]; phone: string; address: string };

/** Inserts demo organisations and returns their new ids by key. */
export async function insertDemoOrganisations<K extends string>(
  trx: Tx,
  organisations: Record<K, DemoOrganisation>,
  regionOf: (districtCode: string) => Promise<string>,
): Promise<Record<K, string>> {
  const ids = {} as Record<K, string>;
  for (const [key, org] of Object.entries(organisations) as [K, DemoOrganisation][]) {
    ids[key] = newId();
    await insertOrganisation(trx, {
      id: ids[key],
      name: org.name,
      ...demoNameColumns(org.name),
      kind: org.kind,
      district_code: org.district,
      region_code: await regionOf(org.district),
      territories: org.territories,
      address: org.address,
      phone: org.phone,
      approval_gates: true,
      active: true,
      created_by: null,
      updated_by: null,
    });
  }
  return ids;
}
