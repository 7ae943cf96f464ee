export * from './birth.ts';
export * from './pinfl.ts';
export * from './search-query.ts';
