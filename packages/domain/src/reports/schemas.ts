import { z } from 'zod';
import { APPROVAL_KINDS, RISK_LEVELS } from '../cases/codes.ts';
import { CASE_STATUSES } from '../cases/status.ts';
import { id, territoryCode } from '../schemas/common.ts';
import { choice, isoDate, optional } from '../schemas/person.ts';
import { REPORT_GROUPINGS, REPORT_NAMES, type ReportName } from './definitions.ts';
import { SMALL_CELL, WITHHELD_CELL } from './suppression.ts';

/** Queries and replies of the reports and dashboards endpoints (described at /api/docs). */

const periodShape = {
  /** The territory the figures cover (a region `17NN` or a district `17NNNNN`); none: the actor's whole reach. */
  territory: optional(territoryCode),
  /** First and last day of the period, inclusive, in Tashkent; by default the twelve months to today. */
  from: optional(isoDate),
  to: optional(isoDate),
};
const fromBeforeTo = (query: { from?: string | null; to?: string | null }) => !query.from || !query.to || query.from <= query.to;

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `:name` of `GET /api/reports/:name`: a report name, optionally with the file kind (`caseload.xlsx`). */
export const reportParams = z.object({
  name: z
    .string({ error: 'choice' })
    .regex(new RegExp(`^(${REPORT_NAMES.join('|')})(\\.(csv|xlsx))?$`), { error: 'choice' })
    .transform((value) => {
      const [name, extension] = value.split('.') as [ReportName, 'csv' | 'xlsx' | undefined];
      return { name, format: extension ?? null };
    }),
});
export type ReportParams = z.infer<typeof reportParams>;

export const reportQuery = z
  .object({
    ...periodShape,
    groupBy: optional(choice(REPORT_GROUPINGS)),
    /** Only the cases worked by this organisation. */
    organisation: optional(id),
    /** The reply's kind, instead of the extension or the Accept header. */
    format: optional(choice(REPORT_FORMATS)),
  })
  .refine(fromBeforeTo, { error: 'invalid', path: ['to'] });
export type ReportQuery = z.infer<typeof reportQuery>;

export const managerDashboardQuery = z.object(periodShape).refine(fromBeforeTo, { error: 'invalid', path: ['to'] });
export type ManagerDashboardQuery = z.infer<typeof managerDashboardQuery>;

export const supervisorDashboardQuery = z.object({
  /** High and critical cases with no contact for this many days are listed. */
  noContactDays: z.coerce
    .number({ error: 'invalid' })
    .int({ error: 'invalid' })
    .min(1, { error: 'invalid' })
    .max(365, { error: 'invalid' })
    .default(14),
});
export type SupervisorDashboardQuery = z.infer<typeof supervisorDashboardQuery>;

/**
 * A figure: a number, `"<5"` for a count of fewer than five families (shown to aggregate-only users), `"x"`
 * for a figure withheld so that a small one cannot be worked out from the totals, or null (no data, e.g.
 * the median of no cases).
 */
export const cellOut = z.union([z.number(), z.literal(SMALL_CELL), z.literal(WITHHELD_CELL), z.null()]);
export type CellOut = z.infer<typeof cellOut>;

export const reportColumnOut = z.object({ key: z.string(), label: z.string(), kind: z.enum(['count', 'days', 'rate']) });
export const reportRowOut = z.object({
  /** A territory's code, a month `YYYY-MM`, a service category code, or `unknown` (e.g. no mahalla recorded). */
  key: z.string(),
  label: z.string(),
  cells: z.record(z.string(), cellOut),
});
export const territoryRefOut = z.object({ code: z.string().nullable(), name: z.string() });

/** One table of figures, as reports and the manager dashboard send them. */
export const reportTableOut = z.object({
  columns: z.array(reportColumnOut),
  rows: z.array(reportRowOut),
  /** Column totals over all rows (for day columns, the figure over all rows' cases); null when none. */
  totals: z.record(z.string(), cellOut).nullable(),
  groupBy: z.enum(REPORT_GROUPINGS),
  /** The grouping a row's key opens one level down (pass the key as `territory`), or null. */
  drillDown: z.enum(REPORT_GROUPINGS).nullable(),
  suppressed: z.boolean(),
});
export type ReportTableOut = z.infer<typeof reportTableOut>;

export const reportOut = reportTableOut.extend({
  name: z.enum(REPORT_NAMES),
  title: z.string(),
  territory: territoryRefOut,
  from: z.string(),
  to: z.string(),
  organisationId: z.string().nullable(),
  /** Whether small figures are hidden for this reader (aggregate-only users). */
  privacy: z.boolean(),
  generatedAt: z.string(),
});
export type ReportOut = z.infer<typeof reportOut>;

const countBy = <T extends readonly [string, ...string[]]>(keys: T) => z.object({ key: z.enum(keys), count: z.number().int() });
const riskOrNone = [...RISK_LEVELS, 'none'] as const;

export const workerDashboardOut = z.object({
  caseload: z.object({
    total: z.number().int(),
    byStatus: z.array(countBy(CASE_STATUSES)),
    byRisk: z.array(countBy(riskOrNone)),
  }),
  tasks: z.object({
    overdue: z.number().int(),
    today: z.number().int(),
    upcoming: z.number().int(),
    /** The next open tasks, soonest first (at most 10). */
    next: z.array(
      z.object({
        id,
        title: z.string(),
        caseId: id,
        caseNumber: z.string(),
        dueDate: z.string().nullable(),
        dueAt: z.string().nullable(),
        due: z.enum(['overdue', 'today', 'upcoming']),
      }),
    ),
  }),
  referralsAwaiting: z.object({
    count: z.number().int(),
    /** The oldest sent referrals of own cases not yet answered (at most 10). */
    items: z.array(
      z.object({ id, caseId: id, caseNumber: z.string(), toOrganisationName: z.string(), sentAt: z.string(), urgency: z.string() }),
    ),
  }),
});
export type WorkerDashboardOut = z.infer<typeof workerDashboardOut>;

const caseRef = { caseId: id, caseNumber: z.string(), assigneeName: z.string().nullable() };
export const supervisorDashboardOut = z.object({
  workers: z.array(
    z.object({
      userId: id,
      displayName: z.string(),
      open: z.number().int(),
      byRisk: z.object({
        low: z.number().int(),
        medium: z.number().int(),
        high: z.number().int(),
        critical: z.number().int(),
        none: z.number().int(),
      }),
      overdueTasks: z.number().int(),
    }),
  ),
  overdue: z.object({
    assessments: z.number().int(),
    plans: z.number().int(),
    reviews: z.number().int(),
    /** The overdue items, oldest first (at most 50). */
    items: z.array(z.object({ ...caseRef, kind: z.enum(['assessment', 'plan', 'review']), dueDate: z.string() })),
  }),
  pendingApprovals: z.object({ count: z.number().int(), byKind: z.array(countBy(APPROVAL_KINDS)) }),
  noContact: z.object({
    days: z.number().int(),
    items: z.array(z.object({ ...caseRef, riskLevel: z.enum(['high', 'critical']), lastContact: z.string().nullable() })),
  }),
});
export type SupervisorDashboardOut = z.infer<typeof supervisorDashboardOut>;

export const managerDashboardOut = z.object({
  territory: territoryRefOut,
  from: z.string(),
  to: z.string(),
  privacy: z.boolean(),
  suppressed: z.boolean(),
  /** Opened / closed / open by the territory's next level down (drill down with `territory=<row key>`). */
  byTerritory: reportTableOut,
  /** Opened / closed / open by month of the period. */
  byMonth: reportTableOut,
  risk: reportTableOut,
  sources: reportTableOut,
  migration: reportTableOut,
  timeliness: reportTableOut,
  referrals: reportTableOut,
  closures: reportTableOut,
  generatedAt: z.string(),
});
export type ManagerDashboardOut = z.infer<typeof managerDashboardOut>;
