export * from './definitions.ts';
export * from './disclosure.ts';
export * from './schemas.ts';
export * from './suppression.ts';
