import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DistrictName, districtAbbreviations, formatCaseNumber, parseCaseNumber, REGION_ABBREVIATIONS } from './number.ts';

/** The reference list the server loads: code, region_code, name_uz_latn, … (no quoted fields). */
function loadDistricts(): DistrictName[] {
  const csv = readFileSync(new URL('../../../../apps/server/src/db/reference/districts.csv', import.meta.url), 'utf8');
  return csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [code = '', regionCode = '', nameUzLatn = ''] = line.split(',');
      return { code, regionCode, nameUzLatn };
    });
}

const districts = loadDistricts();
const abbreviations = districtAbbreviations(districts);
const abbreviationOf = (name: string) => abbreviations.get(districts.find((d) => d.nameUzLatn === name)?.code ?? '');

describe('district abbreviations', () => {
  it('gives every one of the 206 districts three capital letters', () => {
    expect(districts).toHaveLength(206);
    expect(abbreviations.size).toBe(206);
    for (const abbreviation of abbreviations.values()) expect(abbreviation).toMatch(/^[A-Z]{3}$/);
  });

  it('keeps them unique within every region', () => {
    const regions = new Set(districts.map((d) => d.regionCode));
    expect(regions.size).toBe(14);
    for (const region of regions) {
      const inRegion = districts.filter((d) => d.regionCode === region).map((d) => abbreviations.get(d.code));
      expect(new Set(inRegion).size, region).toBe(inRegion.length);
    }
  });

  it('makes a city differ from the tuman of the same name', () => {
    const stem = (name: string) => name.replace(/ (tumani|shahri)$/, '');
    const cities = districts.filter((d) => d.nameUzLatn.endsWith(' shahri'));
    const pairs = cities.flatMap((city) =>
      districts
        .filter((d) => d.regionCode === city.regionCode && d.nameUzLatn === `${stem(city.nameUzLatn)} tumani`)
        .map((tuman) => [tuman, city] as const),
    );
    expect(pairs.length).toBeGreaterThanOrEqual(10);
    for (const [tuman, city] of pairs) expect(abbreviations.get(city.code), city.nameUzLatn).not.toBe(abbreviations.get(tuman.code));
    expect(abbreviationOf('Andijon tumani')).toBe('AND');
    expect(abbreviationOf('Andijon shahri')).toBe('ANJ');
  });

  it('takes the first letter and the next consonants, reading oʻ, gʻ and ʼ as plain letters', () => {
    expect(abbreviationOf('Denov tumani')).toBe('DNV');
    expect(abbreviationOf('Qoʻqon shahri')).toBe('QQN');
    expect(abbreviationOf('Gʻijduvon tumani')).toBe('GJD');
    expect(abbreviationOf('Tuproqqalʼa tumani')).toBe('TPR');
    expect(abbreviationOf('Mirzo Ulugʻbek tumani')).toBe('MRZ');
  });

  it('resolves a collision in code order: Sherobod (1722223) keeps SHR, Shoʻrchi (1722226) takes the next', () => {
    expect(abbreviationOf('Sherobod tumani')).toBe('SHR');
    expect(abbreviationOf('Shoʻrchi tumani')).toBe('SHC');
    expect(districtAbbreviations([{ code: '1722226', regionCode: '1722', nameUzLatn: 'Shoʻrchi tumani' }]).get('1722226')).toBe('SHR');
  });

  it('lets the same letters serve districts of different regions', () => {
    expect(abbreviationOf('Oltinkoʻl tumani')).toBe('OLT');
    expect(abbreviationOf('Olot tumani')).toBe('OLT');
  });

  it('does not depend on the order the districts are given in', () => {
    expect(districtAbbreviations([...districts].reverse())).toEqual(abbreviations);
  });

  it('keeps abbreviations already in use, so a district added later cannot take them', () => {
    const inUse = new Map(abbreviations);
    const newcomer = { code: '1714201', regionCode: '1714', nameUzLatn: 'Yangi Namangan tumani' };
    const withNewcomer = districtAbbreviations([...districts, newcomer], inUse);
    expect(abbreviations.get('1714242')).toBe('YNG');
    // Recomputed from scratch, Yangiqoʻrgʻon (1714242) would lose YNG to the newcomer's lower code.
    expect(districtAbbreviations([...districts, newcomer]).get('1714242')).toBe('YNQ');
    expect(withNewcomer.get('1714242')).toBe('YNG');
    expect(withNewcomer.get(newcomer.code)).toBe('YNN');
    for (const [code, abbreviation] of abbreviations) expect(withNewcomer.get(code)).toBe(abbreviation);
  });

  it('always finds free letters, even for names too short to give many', () => {
    const shorts = Array.from({ length: 40 }, (_, i) => ({
      code: `17222${String(i).padStart(2, '0')}`,
      regionCode: '1722',
      nameUzLatn: 'Pop tumani',
    }));
    const result = districtAbbreviations(shorts);
    expect(new Set(result.values()).size).toBe(40);
    for (const abbreviation of result.values()) expect(abbreviation).toMatch(/^P[A-Z]{2}$/);
  });
});

describe('case numbers', () => {
  const surxondaryo = new Map([['1722226', 'SHR']]);

  it('writes region, district, year and a five-digit sequence', () => {
    expect(formatCaseNumber({ regionCode: '1722', districtCode: '1722226', year: 2026, sequence: 42 }, surxondaryo)).toBe(
      'SUR-SHR-2026-00042',
    );
    expect(formatCaseNumber({ regionCode: '1722', districtCode: '1722226', year: 2026, sequence: 123_456 }, surxondaryo)).toBe(
      'SUR-SHR-2026-123456',
    );
  });

  it('has an abbreviation for each of the 14 regions, all different', () => {
    expect(Object.keys(REGION_ABBREVIATIONS)).toHaveLength(14);
    expect(new Set(Object.values(REGION_ABBREVIATIONS)).size).toBe(14);
    const regionCodes = new Set(districts.map((d) => d.regionCode));
    expect(new Set(Object.keys(REGION_ABBREVIATIONS))).toEqual(regionCodes);
  });

  it('refuses parts that cannot make a valid number', () => {
    const parts = { regionCode: '1722', districtCode: '1722226', year: 2026, sequence: 1 };
    expect(() => formatCaseNumber({ ...parts, regionCode: '1799' }, surxondaryo)).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...parts, districtCode: '1722210' }, surxondaryo)).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...parts, regionCode: '1703' }, new Map([['1722226', 'SHR']]))).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...parts, sequence: 0 }, surxondaryo)).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...parts, year: 26 }, surxondaryo)).toThrow(RangeError);
  });

  it('reads back what it writes', () => {
    const parts = { regionCode: '1735', districtCode: '1735401', year: 2027, sequence: 7 };
    const number = formatCaseNumber(parts, abbreviations);
    expect(parseCaseNumber(number)).toEqual({ number, regionCode: '1735', districtAbbreviation: 'NUK', year: 2027, sequence: 7 });
  });

  it('reads a number as people type it', () => {
    const expected = { number: 'SUR-SHR-2026-00042', regionCode: '1722', districtAbbreviation: 'SHR', year: 2026, sequence: 42 };
    for (const typed of ['SUR-SHR-2026-00042', ' sur-shr-2026-42 ', 'Sur Shr 2026 042', 'SUR - SHR - 2026 - 42']) {
      expect(parseCaseNumber(typed), typed).toEqual(expected);
    }
  });

  it('answers null for text that is not a case number', () => {
    for (const text of ['Qurbonov', 'XXX-SHR-2026-00042', 'SUR-SHR-26-00042', 'SUR-SHR-2026-00000', 'SUR-SH-2026-00042', 'SUR-SHR-2026']) {
      expect(parseCaseNumber(text), text).toBeNull();
    }
  });
});
