import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Moment = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Kysely's view of the retention tables (0030_retention.sql). */
export type RetentionTables = {
  retention_schedule: {
    record_type: string;
    years: number;
    version: ColumnType<number, number | undefined, number>;
    updated_at: Timestamp;
    updated_by: string | null;
  };
  legal_holds: {
    id: string;
    case_id: string;
    reason: string;
    set_by: string;
    set_at: Timestamp;
    lifted_by: string | null;
    lifted_at: Moment;
    lift_reason: string | null;
  };
  erasure_proposals: {
    id: string;
    family_id: string;
    region_code: string;
    status: ColumnType<string, string | undefined, string>;
    items: ColumnType<Record<string, unknown>, string, string>;
    approval_id: string | null;
    proposed_by: string | null;
    proposed_at: Timestamp;
    decided_by: string | null;
    decided_at: Moment;
  };
  audit_personal_values: {
    event_id: string;
    field: string;
    subject_id: string;
    value: string;
    at: Timestamp;
  };
};
