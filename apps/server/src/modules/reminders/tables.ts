import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Moment = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** The reminders' tables (0029_reminders.sql). */
export type RemindersTables = {
  reminder_settings: {
    user_id: string;
    channel: ColumnType<string, string | undefined, string>;
    phone: Nullable<string>;
    telegram_chat_id: Nullable<string>;
    telegram_linked_at: Moment;
    link_code_hash: Nullable<string>;
    link_code_expires_at: Moment;
    version: ColumnType<number, number | undefined, number>;
    updated_at: Timestamp;
  };
  family_appointments: {
    id: string;
    case_id: string;
    region_code: string;
    person_id: string;
    consent_id: string;
    organisation_id: string;
    at: Timestamp;
    place: string;
    phone: string;
    locale: ColumnType<string, string | undefined, string>;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  reminder_deliveries: {
    id: string;
    dedupe_key: string;
    channel: string;
    recipient_user_id: Nullable<string>;
    recipient_person_id: Nullable<string>;
    kind: string;
    params: ColumnType<Record<string, unknown>, string | undefined, string>;
    status: ColumnType<string, string | undefined, string>;
    attempts: ColumnType<number, number | undefined, number>;
    next_attempt_at: Timestamp;
    error_code: Nullable<string>;
    created_at: Generated<Date>;
    sent_at: Moment;
  };
};
