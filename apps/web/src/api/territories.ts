import { regionOf } from '@hamkor/domain';
import { useEffect, useState } from 'react';
import { api } from './client.ts';
import type { District, Mahalla, Region } from './types.ts';

/** Regions and districts are reference data: fetched once per page load and shared. */
let regions: Promise<Region[]> | undefined;
const districtsByRegion = new Map<string, Promise<District[]>>();

export function loadRegions(): Promise<Region[]> {
  regions ??= api.get<Region[]>('/api/territories/regions').catch((error) => {
    regions = undefined;
    throw error;
  });
  return regions;
}

export function loadDistricts(regionCode: string): Promise<District[]> {
  let districts = districtsByRegion.get(regionCode);
  if (!districts) {
    districts = api.get<District[]>('/api/territories/districts', { region: regionCode });
    districts.catch(() => districtsByRegion.delete(regionCode));
    districtsByRegion.set(regionCode, districts);
  }
  return districts;
}

export function useRegions(): Region[] {
  const [list, setList] = useState<Region[]>([]);
  useEffect(() => {
    let live = true;
    loadRegions()
      .then((value) => live && setList(value))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/** The districts of each of the given regions, for selects and for showing district names. */
export function useDistricts(regionCodes: readonly string[]): District[] {
  const [list, setList] = useState<District[]>([]);
  const key = [...new Set(regionCodes.filter(Boolean))].sort().join(',');
  useEffect(() => {
    let live = true;
    const codes = key ? key.split(',') : [];
    Promise.all(codes.map(loadDistricts))
      .then((lists) => live && setList(lists.flat()))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [key]);
  return list;
}

/** The region a district or region code belongs to (SOATO: 17RR for regions, 17RRDDD for districts). */
export const regionOfCode = (code: string | null | undefined): string => (code ? regionOf(code) : '');

/** The mahallas of a district, for a select or to name the mahalla of a family. */
export function useMahallas(districtCode: string): Mahalla[] {
  const [list, setList] = useState<Mahalla[]>([]);
  useEffect(() => {
    let live = true;
    setList([]);
    if (/^17\d{5}$/.test(districtCode)) {
      api
        .get<Mahalla[]>('/api/territories/mahallas', { district: districtCode })
        .then((value) => live && setList(value))
        .catch(() => {});
    }
    return () => {
      live = false;
    };
  }, [districtCode]);
  return list;
}
