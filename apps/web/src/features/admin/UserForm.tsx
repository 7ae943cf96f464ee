import { defaultScopeFor, type Role, SCOPE_LEVELS, type ScopeLevel, supervisesWorkers } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { regionOfCode } from '../../api/territories.ts';
import type { Organisation, User } from '../../api/types.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { CheckboxGroup, FormAlert, SelectField, TextField } from '../../components/fields.tsx';
import { formatDate } from '../../lib/dates.ts';
import { RegionDistrictFields } from '../territories/RegionDistrictFields.tsx';

type Values = {
  username: string;
  displayName: string;
  password: string;
  organisationId: string;
  roles: Role[];
  scopeLevel: ScopeLevel;
  /** Whether the scope was chosen by hand; until then it follows the roles. */
  scopeChosen: boolean;
  region: string;
  district: string;
  supervisorId: string;
  /** By which OneID finds the account; empty for none. */
  pinfl: string;
};

const TERRITORIAL: readonly ScopeLevel[] = ['district', 'region'];

const valuesOf = (user: User | undefined, organisations: Organisation[]): Values => ({
  username: user?.username ?? '',
  displayName: user?.displayName ?? '',
  password: '',
  organisationId: user?.organisationId ?? (organisations.length === 1 ? (organisations[0]?.id ?? '') : ''),
  roles: user?.roles ?? [],
  scopeLevel: user?.scope.level ?? 'own',
  scopeChosen: !!user,
  region: regionOfCode(user?.scope.territoryCode),
  district: (user?.scope.territoryCode?.length ?? 0) > 4 ? (user?.scope.territoryCode ?? '') : '',
  supervisorId: user?.supervisorId ?? '',
  pinfl: user?.pinfl ?? '',
});

function scopeOf(values: Values) {
  const territoryCode = values.scopeLevel === 'region' ? values.region : values.scopeLevel === 'district' ? values.district : '';
  return { level: values.scopeLevel, territoryCode: territoryCode || null };
}

type Props = {
  user?: User | undefined;
  /** The organisations the signed-in admin may put users in. */
  organisations: Organisation[];
  /** Known users, to offer supervisors. */
  users: User[];
  /** The roles the signed-in admin may hand out. */
  roles: readonly Role[];
  onSaved: (user: User) => void;
  onCancel: () => void;
};

export function UserForm({ user, organisations, users, roles, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [record, setRecord] = useState(user);
  const [values, setValues] = useState(() => valuesOf(user, organisations));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Values>) => setValues((current) => ({ ...current, ...change }));
  const fields = fieldMessages(error);

  const setRoles = (ticked: string[]) => {
    const chosen = roles.filter((role) => ticked.includes(role));
    set({ roles: chosen, ...(!values.scopeChosen && chosen.length > 0 && { scopeLevel: defaultScopeFor(chosen) }) });
  };
  const supervisors = users.filter(
    (candidate) =>
      candidate.active && supervisesWorkers(candidate) && candidate.organisationId === values.organisationId && candidate.id !== record?.id,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const common = {
      displayName: values.displayName,
      organisationId: values.organisationId,
      roles: values.roles,
      scope: scopeOf(values),
      supervisorId: values.supervisorId || null,
      pinfl: values.pinfl.replace(/\s/g, '') || null,
    };
    try {
      onSaved(
        record
          ? await api.patch<User>(`/api/users/${record.id}`, {
              ...common,
              version: record.version,
              ...(values.password && { password: values.password }),
            })
          : await api.post<User>('/api/users', { ...common, username: values.username, password: values.password }),
      );
    } catch (reason) {
      setError(reason);
      if (reason instanceof ApiError && reason.code === 'version_conflict' && reason.current) {
        const current = reason.current as User;
        setRecord(current);
        setValues(valuesOf(current, organisations));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      {record && <p className="muted">{t('common.lastChanged', { date: formatDate(record.updatedAt) })}</p>}
      {!record && (
        <TextField
          label={t('admin.users.username')}
          hint={t('admin.users.usernameHint')}
          value={values.username}
          onChange={(username) => set({ username })}
          required
          error={fields.username}
        />
      )}
      <TextField
        label={t('admin.users.displayName')}
        value={values.displayName}
        onChange={(displayName) => set({ displayName })}
        required
        error={fields.displayName}
      />
      <TextField
        label={record ? t('admin.users.newPassword') : t('admin.users.password')}
        hint={t('admin.users.passwordHint')}
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={(password) => set({ password })}
        required={!record}
        error={fields.password}
      />
      <SelectField
        label={t('admin.users.organisation')}
        value={values.organisationId}
        onChange={(organisationId) => set({ organisationId, supervisorId: '' })}
        options={organisations.map((organisation) => ({ value: organisation.id, label: organisation.name }))}
        placeholder={t('common.choose')}
        required
        error={fields.organisationId}
      />
      <CheckboxGroup
        label={t('admin.users.roles')}
        values={values.roles}
        onChange={setRoles}
        options={roles.map((role) => ({ value: role, label: t(`enum.role.${role}`) }))}
        columns
        required
        error={fields.roles}
      />
      <SelectField
        label={t('admin.users.scope')}
        hint={t('admin.users.scopeHint')}
        value={values.scopeLevel}
        onChange={(level) => set({ scopeLevel: level as ScopeLevel, scopeChosen: true })}
        options={SCOPE_LEVELS.map((level) => ({ value: level, label: t(`enum.scope.${level}`) }))}
        required
        error={fields['scope.level']}
      />
      {TERRITORIAL.includes(values.scopeLevel) && (
        <RegionDistrictFields
          region={values.region}
          district={values.district}
          regionOnly={values.scopeLevel === 'region'}
          onChange={({ region, district }) => set({ region, district })}
          regionError={values.scopeLevel === 'region' ? fields['scope.territoryCode'] : undefined}
          districtError={values.scopeLevel === 'district' ? fields['scope.territoryCode'] : undefined}
        />
      )}
      <SelectField
        label={t('admin.users.supervisor')}
        value={values.supervisorId}
        onChange={(supervisorId) => set({ supervisorId })}
        options={supervisors.map((supervisor) => ({ value: supervisor.id, label: supervisor.displayName }))}
        placeholder={t('admin.users.noSupervisor')}
        error={fields.supervisorId}
      />
      <TextField
        label={t('admin.users.pinfl')}
        hint={t('admin.users.pinflHint')}
        value={values.pinfl}
        onChange={(pinfl) => set({ pinfl })}
        inputMode="numeric"
        maxLength={20}
        error={fields.pinfl}
      />
      <FormActions busy={busy} submitLabel={record ? t('common.save') : t('common.create')} onCancel={onCancel} />
    </form>
  );
}
