import type { schemas } from '@hamkor/domain';

/** Shapes of the server's replies: the domain's reply schemas, which the server also answers with. */
export type Organisation = schemas.OrganisationOut;
export type User = schemas.UserOut;
export type Scope = User['scope'];
export type Me = User & { organisation: Organisation | null };
export type Region = schemas.RegionOut;
export type District = schemas.DistrictOut;
export type Mahalla = schemas.MahallaOut;
export type MahallaImportResult = schemas.MahallaImportOut;
export type SyncConflict = schemas.SyncConflict;
export type SyncConflictField = schemas.SyncConflictField;
export type SyncConflictChoice = schemas.SyncConflictChoice;
export type SyncResolved = schemas.SyncResolved;
