import type { schemas } from '@hamkor/domain';
import type { Person } from './columns.ts';

const PRECISION_RANK = { exact: 3, age: 2, year: 1 } as const;
const rank = (precision: Person['birthPrecision']) => (precision ? PRECISION_RANK[precision] : 0);
const union = <T>(...lists: T[][]) => [...new Set(lists.flat())];

/**
 * What the surviving record takes from its duplicate: whatever it lacks (patronymic, a more precise birth
 * date, document numbers, disability, schooling) and every document and marker either one recorded.
 * Where both know something, the survivor's word stands.
 */
export function takenFromDuplicate(survivor: Person, duplicate: Person): Omit<schemas.PersonUpdate, 'version'> {
  const held = union(survivor.documentsHeld, duplicate.documentsHeld);
  return {
    ...(survivor.patronymic === null && duplicate.patronymic !== null && { patronymic: duplicate.patronymic }),
    ...(rank(duplicate.birthPrecision) > rank(survivor.birthPrecision) && {
      birthDate: duplicate.birthDate,
      birthYear: duplicate.birthPrecision === 'year' ? duplicate.birthYear : null,
      ageStated: duplicate.ageStated,
    }),
    ...(survivor.pinfl === null && duplicate.pinfl !== null && { pinfl: duplicate.pinfl }),
    ...(survivor.idCard === null && duplicate.idCard !== null && { idCard: duplicate.idCard }),
    ...(survivor.birthCertificate === null && duplicate.birthCertificate !== null && { birthCertificate: duplicate.birthCertificate }),
    ...(survivor.disability === null && duplicate.disability !== null && { disability: duplicate.disability }),
    ...(survivor.schooling === null && duplicate.schooling !== null && { schooling: duplicate.schooling }),
    documentsHeld: held,
    documentsMissing: union(survivor.documentsMissing, duplicate.documentsMissing).filter((kind) => !held.includes(kind)),
    vulnerabilityMarkers: union(survivor.vulnerabilityMarkers, duplicate.vulnerabilityMarkers),
  };
}
