import {
  type Actor,
  can,
  foldForSearch,
  type MatchReason,
  mayEver,
  nameKey,
  type PersonLike,
  type PersonMatch,
  personMatchScore,
  type schemas,
} from '@hamkor/domain';
import type { PersonRow } from './columns.ts';

/** Below this the scorer's evidence is too thin to interrupt a worker (names alike, nothing else). */
export const DUPLICATE_THRESHOLD = 0.6;
const MAX_CANDIDATES = 10;
/** How many rows the database hands over for scoring. */
export const CANDIDATE_POOL = 100;

export function asPersonLike(row: PersonRow): PersonLike {
  return {
    surname: row.surname,
    givenName: row.given_name,
    patronymic: row.patronymic,
    birthDate: row.birth_date ?? (row.birth_year ? String(row.birth_year) : null),
    pinfl: row.pinfl,
    districtCode: row.district_code,
  };
}

/** The keys the database looks a probe up by. */
export function probeKeys(probe: PersonLike) {
  return {
    searchKey: foldForSearch(`${probe.surname} ${probe.givenName}`),
    surnameKey: nameKey(probe.surname),
    givenNameKey: nameKey(probe.givenName),
    pinfl: probe.pinfl ?? null,
  };
}

const round = (score: number) => Math.round(score * 1000) / 1000;

function describe(row: PersonRow, match: PersonMatch): schemas.DuplicateCandidate {
  return {
    personId: row.id,
    familyId: row.family_id,
    surname: row.surname,
    givenName: row.given_name,
    patronymic: row.patronymic,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    districtCode: row.district_code,
    score: round(match.score),
    reasons: match.reasons as MatchReason[],
  };
}

/**
 * Who can settle a match outside the caller's reach: a worker's supervisor; for those who merge records
 * themselves (supervisors, organisation admins), an administrator whose reach covers both records.
 */
export const resolverOf = (actor: Actor): schemas.OutsideReach['resolvedBy'] =>
  mayEver(actor, 'family.merge') ? 'system_admin' : 'supervisor';

export type RankedDuplicates = {
  /** The likeliest duplicates within the actor's reach, best first. */
  candidates: schemas.DuplicateCandidate[];
  /** How many likely duplicates lie outside it: for the audit only, never for the caller. */
  outside: number;
};

/**
 * The likely duplicates of `probe` among `rows`. Those within the actor's reach (the policy's `family.read`)
 * are described, best first; those outside it are only counted.
 */
export function rankCandidates(
  actor: Actor,
  probe: PersonLike,
  rows: PersonRow[],
  exclude: ReadonlySet<string> = new Set(),
): RankedDuplicates {
  const likely = rows
    .filter((row) => !exclude.has(row.id))
    .map((row) => ({ row, match: personMatchScore(probe, asPersonLike(row)) }))
    .filter(({ match }) => match.score >= DUPLICATE_THRESHOLD);
  const inReach = likely.filter(({ row }) =>
    can(actor, 'family.read', { type: 'family', organisationId: row.organisation_id, districtCode: row.district_code }),
  );
  const candidates = inReach
    .sort((a, b) => b.match.score - a.match.score || a.row.id.localeCompare(b.row.id))
    .slice(0, MAX_CANDIDATES)
    .map(({ row, match }) => describe(row, match));
  return { candidates, outside: likely.length - inReach.length };
}

/** What the caller is told of matches outside their reach: that there is one, and whom to ask. */
export const outsideReachOf = (actor: Actor, ranked: RankedDuplicates): schemas.OutsideReach | null =>
  ranked.outside > 0 ? { resolvedBy: resolverOf(actor) } : null;
