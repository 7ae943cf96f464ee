export * from './codes.ts';
export * from './deadlines.ts';
export * from './number.ts';
export * from './schemas.ts';
export * from './status.ts';
