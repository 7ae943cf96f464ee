export * from './definitions.ts';
export * from './schemas.ts';
export * from './suppression.ts';
