import {
  type Actor,
  can,
  foldForSearch,
  type MatchReason,
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

function describe(actor: Actor, row: PersonRow, match: PersonMatch): schemas.DuplicateCandidate {
  const score = round(match.score);
  const reasons = match.reasons as MatchReason[];
  if (!can(actor, 'family.read', { type: 'family', organisationId: row.organisation_id, districtCode: row.district_code })) {
    return { inScope: false, score, reasons, districtCode: row.district_code, birthYear: row.birth_year };
  }
  return {
    inScope: true,
    personId: row.id,
    familyId: row.family_id,
    surname: row.surname,
    givenName: row.given_name,
    patronymic: row.patronymic,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    districtCode: row.district_code,
    score,
    reasons,
  };
}

/** The likeliest duplicates of `probe` among `rows`, best first, each told only as far as the actor may know. */
export function rankCandidates(actor: Actor, probe: PersonLike, rows: PersonRow[], exclude: ReadonlySet<string> = new Set()) {
  return rows
    .filter((row) => !exclude.has(row.id))
    .map((row) => ({ row, match: personMatchScore(probe, asPersonLike(row)) }))
    .filter(({ match }) => match.score >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.match.score - a.match.score || a.row.id.localeCompare(b.row.id))
    .slice(0, MAX_CANDIDATES)
    .map(({ row, match }) => describe(actor, row, match));
}
