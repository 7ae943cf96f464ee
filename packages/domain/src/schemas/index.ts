export * from './common.ts';
export * from './family.ts';
export * from './import.ts';
export * from './organisation.ts';
export * from './person.ts';
export * from './sync.ts';
export * from './territory.ts';
export * from './user.ts';
