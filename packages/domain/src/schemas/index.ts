export * from './common.ts';
export * from './organisation.ts';
export * from './territory.ts';
export * from './user.ts';
