import { can, grantableRoles } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, listAll, request } from '../../api/client.ts';
import type { Organisation, User } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { useTerritoryNames } from '../territories/useTerritoryNames.ts';
import { UserForm } from './UserForm.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; user: User } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const actor = actorOf(me);
  const users = useResource(() => listAll<User>('/api/users'), []);
  const organisations = useResource(() => listAll<Organisation>('/api/organisations'), []);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const organisationName = (id: string) => organisations.data?.find((o) => o.id === id)?.name ?? '';
  // Organisation admins manage the users of their own organisation only; the policy says which.
  const manageable = (organisations.data ?? []).filter((o) => can(actor, 'user.create', { type: 'user', organisationId: o.id }));
  // The roles the server lets this admin grant (an organisation's admin: an organisation's staff roles).
  const assignableRoles = grantableRoles(actor);

  const saved = (message: string) => {
    setEditing(null);
    setError(null);
    setNotice(message);
    users.reload();
  };

  const setActive = async (user: User, active: boolean) => {
    if (!active && !window.confirm(t('admin.users.confirmDeactivate', { name: user.displayName }))) return;
    setNotice(null);
    try {
      const updated = await api.patch<User>(`/api/users/${user.id}`, { version: user.version, active });
      const name = updated.displayName;
      saved(active ? t('admin.users.reactivated', { name }) : t('admin.users.deactivated', { name }));
    } catch (reason) {
      setError(reason);
      users.reload();
    }
  };

  // A lost phone: the user's second factor goes, and they set it up again; or every session of theirs ends.
  const secure = async (user: User, what: 'totp' | 'sessions') => {
    const name = user.displayName;
    if (!window.confirm(t(what === 'totp' ? 'admin.users.confirmResetTotp' : 'admin.users.confirmEndSessions', { name }))) return;
    setNotice(null);
    setError(null);
    try {
      await request('DELETE', `/api/users/${user.id}/${what}`);
      setNotice(t(what === 'totp' ? 'admin.users.totpReset' : 'admin.users.sessionsEnded', { name }));
    } catch (reason) {
      setError(reason);
    }
  };

  const territoryName = useTerritoryNames((users.data ?? []).map((user) => user.scope.territoryCode));
  const scopeText = (user: User) =>
    t(`enum.scope.${user.scope.level}`) + (user.scope.territoryCode ? ` — ${territoryName(user.scope.territoryCode)}` : '');

  return (
    <section aria-labelledby="users-title">
      <title>{`${t('admin.tabs.users')} · ${t('app.name')}`}</title>
      <div className="section-head">
        <h2 id="users-title">{t('admin.tabs.users')}</h2>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ mode: 'create' })}
          disabled={!manageable.length}
        >
          {t('admin.users.new')}
        </button>
      </div>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={error || users.error ? errorText(t, error ?? users.error) : null} />
      {users.loading && !users.data && <Loading />}
      {users.data?.length === 0 && <p className="empty">{t('admin.users.empty')}</p>}
      {users.data && users.data.length > 0 && (
        <div className="table-wrap">
          <table className="table table--stack">
            <caption className="visually-hidden">{t('admin.tabs.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.users.username')}</th>
                <th scope="col">{t('admin.users.displayName')}</th>
                <th scope="col">{t('admin.users.organisation')}</th>
                <th scope="col">{t('admin.users.roles')}</th>
                <th scope="col">{t('admin.users.scope')}</th>
                <th scope="col">{t('admin.users.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <th scope="row" data-label={t('admin.users.username')}>
                    <code>{user.username}</code>
                  </th>
                  <td data-label={t('admin.users.displayName')}>{user.displayName}</td>
                  <td data-label={t('admin.users.organisation')}>{organisationName(user.organisationId)}</td>
                  <td data-label={t('admin.users.roles')}>{user.roles.map((role) => t(`enum.role.${role}`)).join(', ')}</td>
                  <td data-label={t('admin.users.scope')}>{scopeText(user)}</td>
                  <td data-label={t('admin.users.status')}>
                    <span className={user.active ? 'badge badge--ok' : 'badge badge--muted'}>
                      {user.active ? t('common.active') : t('common.inactive')}
                    </span>
                  </td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setEditing({ mode: 'edit', user })}
                      aria-label={t('admin.users.editNamed', { name: user.username })}
                    >
                      {t('common.edit')}
                    </button>
                    {user.id !== me.id && (
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => setActive(user, !user.active)}
                        aria-label={
                          user.active
                            ? t('admin.users.deactivateNamed', { name: user.username })
                            : t('admin.users.reactivateNamed', { name: user.username })
                        }
                      >
                        {user.active ? t('admin.users.deactivate') : t('admin.users.reactivate')}
                      </button>
                    )}
                    {can(actor, 'user.update', { type: 'user', organisationId: user.organisationId, id: user.id }) && (
                      <>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => secure(user, 'totp')}
                          aria-label={t('admin.users.resetTotpNamed', { name: user.username })}
                        >
                          {t('admin.users.resetTotp')}
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => secure(user, 'sessions')}
                          aria-label={t('admin.users.endSessionsNamed', { name: user.username })}
                        >
                          {t('admin.users.endSessions')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <Modal title={editing.mode === 'create' ? t('admin.users.new') : t('admin.users.edit')} onClose={() => setEditing(null)}>
          <UserForm
            user={editing.mode === 'edit' ? editing.user : undefined}
            organisations={manageable}
            users={users.data ?? []}
            roles={assignableRoles}
            onSaved={({ displayName: name }) =>
              saved(editing.mode === 'create' ? t('admin.users.created', { name }) : t('admin.users.saved', { name }))
            }
            onCancel={() => setEditing(null)}
          />
        </Modal>
      )}
    </section>
  );
}
