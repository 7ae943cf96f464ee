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
export type CaseDetail = schemas.CaseOut;
export type CaseloadItem = schemas.CaseloadItemOut;
export type TimelineEvent = schemas.TimelineEventOut;
export type Task = schemas.TaskOut;
export type Approval = schemas.ApprovalOut;
export type Notification = schemas.NotificationOut;
/** A user as the list of colleagues shows them (to assign a case). */
export type Worker = Pick<User, 'id' | 'displayName' | 'roles' | 'active'>;
export type Assessment = schemas.AssessmentOut;
export type AssessmentStatus = schemas.AssessmentStatus;
export type AssessmentSummary = schemas.AssessmentSummaryOut;
export type DomainScoreOut = schemas.DomainScoreOut;
export type CaseScreening = schemas.ScreeningOut;
export type Instrument = schemas.InstrumentOut;
