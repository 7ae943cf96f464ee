import { territoryLevel } from '../access/reach.ts';
import { CLOSURE_REASONS, RISK_LEVELS } from '../cases/codes.ts';
import { IDENTIFICATION_SOURCES } from '../schemas/family.ts';

/**
 * The reports of Hamkor (the names the report endpoints take) and their columns. Every report is a table: one row per
 * group (a territory, a month or a service category) and one column per figure. Labels are message keys
 * (`reports.*` in the server translations), so titles and column names follow the user's language.
 */
export const REPORT_NAMES = [
  'caseload',
  'risk',
  'referrals',
  'timeliness',
  'sources',
  'closures',
  'migration',
  'tracing',
  'workforce',
  'care',
  'gatekeeping',
  'reintegration',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** How rows are grouped. Territorial levels drill down region → district → mahalla. */
export const REPORT_GROUPINGS = ['region', 'district', 'mahalla', 'month', 'category'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/**
 * `count`: a number of families (or persons), subject to suppression; `days`: a duration in days (median
 * or 90th percentile), withheld when the count it rests on (`basis`) is small; `rate`: a ratio or a share (per
 * cent) of counts, withheld in the same way.
 */
export type ColumnKind = 'count' | 'days' | 'rate';
export type ColumnDefinition = { key: string; kind: ColumnKind; basis?: string };

export type ReportDefinition = {
  name: ReportName;
  columns: readonly ColumnDefinition[];
  /**
   * Whether the count columns split one whole, so that a `total` column (their sum) is published and each
   * row is a relation the suppression must respect. Otherwise each column stands alone.
   */
  partition: boolean;
  groupings: readonly ReportGrouping[];
  /** Whether the table ends with a totals row (column sums; for `days` columns, the figure over all rows). */
  totals: boolean;
};

const count = (key: string): ColumnDefinition => ({ key, kind: 'count' });
const days = (key: string, basis: string): ColumnDefinition => ({ key, kind: 'days', basis });
const TERRITORIAL: readonly ReportGrouping[] = ['region', 'district', 'mahalla', 'month'];
/** Figures taken at the end of the period (current risk, members abroad) have no month to group by. */
const PLACES: readonly ReportGrouping[] = ['region', 'district', 'mahalla'];

/** Referral outcomes counted per row; a referral past its answer or completion date counts as overdue. */
export const REFERRAL_OUTCOME_COLUMNS = ['sent', 'accepted', 'declined', 'completed', 'overdue'] as const;
/** Cases without an assessed risk yet. */
export const NOT_ASSESSED = 'not_assessed';

export const REPORTS: { readonly [N in ReportName]: ReportDefinition } = {
  // Cases opened and closed within the period, and open at its end.
  caseload: { name: 'caseload', columns: ['opened', 'closed', 'open'].map(count), partition: false, groupings: TERRITORIAL, totals: true },
  // Cases open at the end of the period, by their current risk.
  risk: { name: 'risk', columns: [...RISK_LEVELS, NOT_ASSESSED].map(count), partition: true, groupings: PLACES, totals: true },
  // Referrals sent within the period, by what became of them.
  referrals: {
    name: 'referrals',
    columns: REFERRAL_OUTCOME_COLUMNS.map(count),
    partition: false,
    groupings: ['category', ...TERRITORIAL],
    totals: true,
  },
  // Cases opened within the period: days from opening to the first submitted assessment and to the first plan.
  timeliness: {
    name: 'timeliness',
    columns: [
      count('assessed'),
      days('assessment_median_days', 'assessed'),
      days('assessment_p90_days', 'assessed'),
      count('planned'),
      days('plan_median_days', 'planned'),
      days('plan_p90_days', 'planned'),
    ],
    partition: false,
    groupings: TERRITORIAL,
    totals: true,
  },
  // Cases opened within the period, by who identified the family.
  sources: { name: 'sources', columns: IDENTIFICATION_SOURCES.map(count), partition: true, groupings: TERRITORIAL, totals: true },
  // Cases closed within the period, by reason.
  closures: { name: 'closures', columns: CLOSURE_REASONS.map(count), partition: true, groupings: TERRITORIAL, totals: true },
  // Families with a case open at the end of the period; those with a member abroad (labour migration); the members abroad.
  migration: {
    name: 'migration',
    columns: ['families', 'families_migration', 'persons_abroad'].map(count),
    partition: false,
    groupings: PLACES,
    totals: true,
  },
  // Tracing requests of the period: open at its end, verified and reunified within it, median days to each.
  tracing: {
    name: 'tracing',
    columns: [
      count('tracing_open'),
      count('tracing_verified'),
      days('verification_median_days', 'tracing_verified'),
      count('tracing_reunified'),
      days('reunification_median_days', 'tracing_reunified'),
    ],
    partition: false,
    groupings: TERRITORIAL,
    totals: true,
  },
  // Children in residential care or the transit centre at the end of the period, by type of care (docs/care.md).
  care: {
    name: 'care',
    columns: ['mehribonlik_home', 'baby_home', 'boarding_school', 'muruvvat_home', 'transit_centre'].map(count),
    partition: true,
    groupings: PLACES,
    totals: true,
  },
  // Placements outside the family started within the period, after gatekeeping or as emergencies; placements avoided.
  gatekeeping: {
    name: 'gatekeeping',
    columns: ['placements_gatekept', 'placements_emergency', 'placements_avoided'].map(count),
    partition: false,
    groupings: TERRITORIAL,
    totals: true,
  },
  // Returns home from residential care within the period and their 12-month outcomes.
  reintegration: {
    name: 'reintegration',
    columns: ['returned_home', 'stable_at_home', 'returned_to_care'].map(count),
    partition: false,
    groupings: TERRITORIAL,
    totals: true,
  },
  // The social service workforce by place, now: children on the register, staff, trained, supervised, open cases,
  // certificates to renew; and the rates made of them (withheld where the staff counted are few).
  workforce: {
    name: 'workforce',
    columns: [
      count('children'),
      count('staff'),
      count('trained'),
      count('supervised'),
      count('open_cases'),
      count('certificates_expiring'),
      { key: 'staff_per_10000_children', kind: 'rate', basis: 'staff' },
      { key: 'trained_share', kind: 'rate', basis: 'staff' },
      { key: 'supervised_share', kind: 'rate', basis: 'staff' },
      { key: 'cases_per_worker', kind: 'rate', basis: 'staff' },
      { key: 'cases_per_trained_worker', kind: 'rate', basis: 'trained' },
    ],
    partition: false,
    groupings: PLACES,
    totals: true,
  },
};

/** The column every partitioned report adds: the sum of its counts. */
export const TOTAL_COLUMN = 'total';

/** The columns a report publishes, in order: its own, then `total` when they split one whole. */
export function publishedColumns(definition: ReportDefinition): ColumnDefinition[] {
  return definition.partition ? [...definition.columns, count(TOTAL_COLUMN)] : [...definition.columns];
}

/** The message key of a report's title and of a column's name. */
export const reportTitleKey = (name: ReportName) => `reports.titles.${name}`;
export const columnLabelKey = (key: string) => `reports.columns.${key}`;
export const groupingLabelKey = (grouping: ReportGrouping) => `reports.groupings.${grouping}`;

/** A report's rows when none is asked for: the next level down from the territory (national → region → district → mahalla). */
export function defaultGrouping(definition: ReportDefinition, territoryCode: string | null | undefined): ReportGrouping {
  if (definition.name === 'referrals') return 'category';
  if (!territoryCode) return 'region';
  return territoryLevel(territoryCode) === 'region' ? 'district' : 'mahalla';
}

/** Whether rows grouped this way can be opened one level further down, and to which. */
export function drillDownOf(grouping: ReportGrouping): ReportGrouping | null {
  if (grouping === 'region') return 'district';
  if (grouping === 'district') return 'mahalla';
  return null;
}

/**
 * Whether a report can be grouped this way for a territory: the grouping must be one of the report's, and
 * a territorial one must lie below the territory asked for (a district report has no regions).
 */
export function groupingFits(definition: ReportDefinition, grouping: ReportGrouping, territoryCode: string | null | undefined): boolean {
  if (!definition.groupings.includes(grouping)) return false;
  if (!territoryCode) return true;
  if (grouping === 'region') return false;
  if (grouping === 'district') return territoryLevel(territoryCode) === 'region';
  return true;
}
