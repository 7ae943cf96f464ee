export * from './cyrillic.ts';
export * from './family.ts';
export * from './instrument.ts';
export * from './reintegration.ts';
export * from './rules.ts';
