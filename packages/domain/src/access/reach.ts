/**
 * How far an access rule reaches, as data. A reach is a list of criteria, any of which admits a record; an
 * empty list admits none. The policy checks one record against it in memory (`inReach`); the server turns
 * the same list into SQL for lists, dashboards and reports, so a check and a filter can never drift apart.
 */

/** The kinds of territory a SOATO code names: a region (4 digits), a district (7) or a mahalla (anything else). */
export type TerritoryLevel = 'region' | 'district' | 'mahalla';

export function territoryLevel(code: string): TerritoryLevel {
  if (/^\d{4}$/.test(code)) return 'region';
  if (/^\d{7}$/.test(code)) return 'district';
  return 'mahalla';
}

/** The region a district (or region) code lies in: its first four digits. */
export const regionOf = (code: string): string => code.slice(0, 4);

export type Criterion =
  /** Every record. */
  | { kind: 'everything' }
  /** Records of an organisation. */
  | { kind: 'organisation'; organisationId: string }
  /** Records in a region or district (by its code). */
  | { kind: 'territory'; code: string }
  /** Records in one of these districts (those an organisation serves). */
  | { kind: 'districts'; codes: readonly string[] }
  /** Children whose current care arrangement is with an organisation (residential care, transit centre, guardianship). */
  | { kind: 'placed'; organisationId: string }
  /** Cases assigned to or shared with a user. */
  | { kind: 'assigned'; userId: string }
  /** Cases of an organisation that a user supervises, or whose worker they supervise (their team's). */
  | { kind: 'supervised'; userId: string; organisationId: string }
  /** Families (with their members and cases) opened with a reason, outside the user's reach (break-the-glass). */
  | { kind: 'emergency'; familyIds: readonly string[] };

export type Reach = readonly Criterion[];

export const EVERYTHING: Reach = [{ kind: 'everything' }];
export const NOTHING: Reach = [];

/** What a criterion may look at in a record; a record that lacks a field is never admitted by it. */
export type Reachable = {
  organisationId?: string;
  districtCode?: string;
  assignedUserId?: string | null;
  sharedWith?: readonly string[];
  supervisorId?: string | null;
  assigneeSupervisorId?: string | null;
  /** A child's records: the organisation of the child's current care arrangement, if any. */
  placedWith?: string | null;
  /** The family a record belongs to (a family's own id), for emergency access. */
  familyId?: string;
};

/** Whether a district lies within a region or district code. */
export const territoryContains = (code: string, districtCode: string): boolean => districtCode.startsWith(code);

function admits(criterion: Criterion, record: Reachable): boolean {
  switch (criterion.kind) {
    case 'everything':
      return true;
    case 'organisation':
      return record.organisationId === criterion.organisationId;
    case 'territory':
      return !!record.districtCode && territoryContains(criterion.code, record.districtCode);
    case 'districts':
      return !!record.districtCode && criterion.codes.includes(record.districtCode);
    case 'placed':
      return !!record.placedWith && record.placedWith === criterion.organisationId;
    case 'assigned':
      return record.assignedUserId === criterion.userId || !!record.sharedWith?.includes(criterion.userId);
    case 'supervised':
      return (
        record.organisationId === criterion.organisationId &&
        (record.supervisorId === criterion.userId || record.assigneeSupervisorId === criterion.userId)
      );
    case 'emergency':
      return !!record.familyId && criterion.familyIds.includes(record.familyId);
  }
}

export function inReach(reach: Reach, record: Reachable): boolean {
  return reach.some((criterion) => admits(criterion, record));
}

export const reachesEverything = (reach: Reach): boolean => reach.some((criterion) => criterion.kind === 'everything');
export const reachesNothing = (reach: Reach): boolean => reach.length === 0;

/** The union of reaches, reduced to `EVERYTHING` when any part reaches everything. */
export function unionOf(...reaches: Reach[]): Reach {
  const all = reaches.flat();
  return all.some((criterion) => criterion.kind === 'everything') ? EVERYTHING : all;
}
