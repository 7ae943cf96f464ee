import { regionOfCode, useDistricts, useRegions } from '../../api/territories.ts';
import { useNamer } from '../../i18n/useLocale.ts';

/** Looks up region and district names for the codes on a page, in the interface language. */
export function useTerritoryNames(codes: readonly (string | null)[]): (code: string) => string {
  const name = useNamer();
  const regions = useRegions();
  const districts = useDistricts(codes.filter((code): code is string => !!code && code.length > 4).map(regionOfCode));
  return (code) => name((code.length > 4 ? districts : regions).find((territory) => territory.code === code)?.name) || code;
}
