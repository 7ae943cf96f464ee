import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Sign-in with an identity provider (0028_identities.sql). */
export type IdentityTables = {
  user_identities: {
    id: Generated<string>;
    user_id: string;
    provider: string;
    subject: string;
    created_at: Generated<Date>;
    last_used_at: Timestamp | null;
  };
  sign_in_flows: {
    state_hash: string;
    provider: string;
    intent: 'login' | 'link';
    stage: ColumnType<'redirected' | 'second_factor', 'redirected' | 'second_factor' | undefined, 'redirected' | 'second_factor'>;
    user_id: string | null;
    code_verifier: string;
    nonce: string;
    provider_token_sealed: string | null;
    expires_at: Timestamp;
    created_at: Generated<Date>;
  };
};
