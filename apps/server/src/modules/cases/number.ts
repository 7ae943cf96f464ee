import { districtAbbreviations, formatCaseNumber, tashkentDate } from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import * as repo from './repo.ts';

/** District letters change only when reference data does, so each process computes them once per database. */
const abbreviationsOf = new WeakMap<object, Promise<Map<string, string>>>();

/** The districts' letters, read through the transaction that issues the number (cached per connection or transaction). */
export function abbreviations(db: Db): Promise<Map<string, string>> {
  let cached = abbreviationsOf.get(db);
  if (!cached) {
    cached = repo.districtNames(db).then(({ districts, inUse }) => districtAbbreviations(districts, inUse));
    cached.catch(() => abbreviationsOf.delete(db));
    abbreviationsOf.set(db, cached);
  }
  return cached;
}

/**
 * Issues the next number of the district for the year the case opens in Tashkent, inside the
 * transaction that opens the case. Letters once used for a district stay its letters.
 */
export async function issueCaseNumber(
  trx: Tx,
  letterMap: ReadonlyMap<string, string>,
  place: { districtCode: string; regionCode: string },
  openedAt: Date,
): Promise<string> {
  const letters = letterMap.get(place.districtCode);
  if (!letters) throw new RangeError(`No abbreviation for district ${place.districtCode}`);
  const year = Number(tashkentDate(openedAt).slice(0, 4));
  const taken = await repo.takeCaseSequence(trx, { ...place, year, abbreviation: letters });
  return formatCaseNumber(
    { regionCode: place.regionCode, districtCode: place.districtCode, year, sequence: taken.sequence },
    new Map([[place.districtCode, taken.abbreviation]]),
  );
}
