import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The second factor's tables (0024_second_factor.sql). */
export type SecondFactorTables = {
  second_factor_key: { id: Generated<boolean>; secret: string };
  user_totp: {
    user_id: string;
    secret_sealed: string;
    confirmed_at: Timestamp | null;
    last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
    epoch: Generated<string>;
    created_at: Generated<Date>;
  };
  totp_recovery_codes: { user_id: string; code_hash: string; used_at: Timestamp | null };
};
