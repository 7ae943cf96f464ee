export * from './access/policy.ts';
export * from './access/roles.ts';
export * from './errors.ts';
export { serverMessages } from './i18n/index.ts';
export * from './locales.ts';
export * as schemas from './schemas/index.ts';
export {
  ORGANISATION_KINDS,
  type OrganisationKind,
} from './schemas/organisation.ts';
export * from './access/grants.ts';
