/**
 * Where generated families live. The reference data has no population figures, so each region's share is
 * its resident population at the start of 2024 as published by the Statistics Agency, rounded to tens of
 * thousands (an approximation, documented in docs/benchmark.md); within a region, every district and
 * city of regional subordination gets an equal share.
 */
export const REGION_POPULATION_THOUSANDS: Readonly<Record<string, number>> = {
  '1703': 3300, // Andijon
  '1706': 2000, // Buxoro
  '1708': 1480, // Jizzax
  '1710': 3550, // Qashqadaryo
  '1712': 1060, // Navoiy
  '1714': 3010, // Namangan
  '1718': 4160, // Samarqand
  '1722': 2810, // Surxondaryo
  '1724': 910, // Sirdaryo
  '1726': 3000, // Toshkent shahri
  '1727': 3030, // Toshkent viloyati
  '1730': 3980, // Fargʻona
  '1733': 1940, // Xorazm
  '1735': 1980, // Qoraqalpogʻiston
};

export type District = { code: string; regionCode: string; nameUzLatn: string };

/**
 * Splits `total` over the districts in proportion to population, by largest remainder, so the parts add
 * up exactly and every district gets at least `minimum`.
 */
export function apportion(districts: readonly District[], total: number, minimum = 0): Map<string, number> {
  const perRegion = new Map<string, number>();
  for (const d of districts) perRegion.set(d.regionCode, (perRegion.get(d.regionCode) ?? 0) + 1);
  const weightOf = (d: District) => (REGION_POPULATION_THOUSANDS[d.regionCode] ?? 1000) / (perRegion.get(d.regionCode) ?? 1);
  const totalWeight = districts.reduce((sum, d) => sum + weightOf(d), 0);
  const spare = Math.max(0, total - minimum * districts.length);
  const shares = districts.map((d) => {
    const exact = (spare * weightOf(d)) / totalWeight;
    return { code: d.code, whole: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = spare - shares.reduce((sum, s) => sum + s.whole, 0);
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || (a.code < b.code ? -1 : 1))) {
    if (left <= 0) break;
    share.whole += 1;
    left -= 1;
  }
  return new Map(shares.map((s) => [s.code, s.whole + minimum]));
}

export const MAHALLA_NAMES = [
  'Navbahor',
  'Guliston',
  'Bogʻishamol',
  'Yangiobod',
  'Doʻstlik',
  'Paxtakor',
  'Mustaqillik',
  'Obod',
  'Tinchlik',
  'Bahor',
  'Istiqlol',
  'Navroʻz',
  'Oltinsoy',
  'Sharq',
  'Gulzor',
  'Mehnatobod',
  'Olmazor',
  'Chinor',
  'Bunyodkor',
  'Ittifoq',
  'Yangi hayot',
  'Nurafshon',
  'Qahramon',
  'Bogʻbon',
  'Ulugʻbek',
  'Fayzobod',
  'Oqtepa',
  'Koʻksaroy',
  'Zarafshon',
  'Sohil',
] as const;

export const STREETS = [
  'Mustaqillik',
  'Navoiy',
  'Amir Temur',
  'Bogʻbon',
  'Alpomish',
  'Bobur',
  'Istiqlol',
  'Tinchlik',
  'Paxtakor',
  'Doʻstlik',
  'Ibn Sino',
  'Oybek',
  'Chinobod',
  'Gulobod',
  'Yoshlik',
] as const;
