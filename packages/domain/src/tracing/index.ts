export * from './schemas.ts';
export * from './score.ts';
export * from './steps.ts';
