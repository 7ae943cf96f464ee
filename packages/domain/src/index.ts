export * from './access/grants.ts';
export * from './access/offline.ts';
export * from './access/policy.ts';
export * from './access/reach.ts';
export * from './access/roles.ts';
export * from './assessment/index.ts';
export * from './care/index.ts';
export * from './cases/index.ts';
export * from './consents/index.ts';
export * from './emergency/index.ts';
export * from './errors.ts';
export { serverMessages } from './i18n/index.ts';
export * from './locales.ts';
export * from './names/index.ts';
export * from './persons/index.ts';
export * from './plans/index.ts';
export * from './referrals/index.ts';
export * from './reminders/index.ts';
export * from './reports/index.ts';
export * from './retention/index.ts';
export * as schemas from './schemas/index.ts';
export {
  ORGANISATION_KINDS,
  type OrganisationKind,
} from './schemas/organisation.ts';
export * from './services/index.ts';
export * from './tracing/index.ts';
export * from './transfers/index.ts';
export * from './workforce/index.ts';
