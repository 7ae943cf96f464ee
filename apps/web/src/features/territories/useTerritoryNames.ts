import { territoryLevel } from '@hamkor/domain';
import { regionOfCode, useDistricts, useRegions } from '../../api/territories.ts';
import { useNamer } from '../../i18n/useLocale.ts';

/** Looks up region and district names for the codes on a page, in the interface language. */
export function useTerritoryNames(codes: readonly (string | null)[]): (code: string) => string {
  const name = useNamer();
  const regions = useRegions();
  const isDistrict = (code: string | null): code is string => !!code && territoryLevel(code) === 'district';
  const districts = useDistricts(codes.filter(isDistrict).map(regionOfCode));
  return (code) => name((isDistrict(code) ? districts : regions).find((territory) => territory.code === code)?.name) || code;
}
