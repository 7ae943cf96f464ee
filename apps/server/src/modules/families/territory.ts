import { Invalid } from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { findDistrict, findMahallaByCode } from '../territories/repo.ts';

/** The region of a family's district, once the district and the mahalla (which must lie in it) are known. */
export async function regionOfPlace(db: Db | Tx, districtCode: string, mahallaCode: string | null | undefined): Promise<string> {
  const district = await findDistrict(db, districtCode);
  if (!district) throw new Invalid([{ path: 'districtCode', code: 'unknown_district' }]);
  if (mahallaCode) {
    const mahalla = await findMahallaByCode(db, mahallaCode);
    if (!mahalla || mahalla.district_code !== districtCode) throw new Invalid([{ path: 'mahallaCode', code: 'unknown_mahalla' }]);
  }
  return district.region_code;
}
