import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatTime } from '../../lib/dates.ts';
import { fetchProviders } from '../oidc/providers.ts';

type SessionItem = {
  id: string;
  device: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
  /** Opened through an identity provider (features/oidc), or null for a password. */
  provider: string | null;
};

const when = (value: string) => `${formatDate(value)} ${formatTime(value)}`;

/** The sessions open in my name: a phone left somewhere can be signed out from here. */
export function SessionsSection() {
  const { t } = useTranslation();
  const sessions = useResource(() => api.get<{ items: SessionItem[] }>('/api/sessions'), []);
  const providers = useResource(fetchProviders, []);
  const providerLabel = (name: string) => providers.data?.items.find((p) => p.name === name)?.label ?? name;
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const end = async (session: SessionItem) => {
    const device = session.device ?? t('security.sessions.unknownDevice');
    if (!window.confirm(t('security.sessions.confirmEnd', { device }))) return;
    setError(null);
    try {
      await request('DELETE', `/api/sessions/${session.id}`);
      setNotice(t('security.sessions.ended', { device }));
    } catch (reason) {
      setError(reason);
    }
    sessions.reload();
  };

  return (
    <section className="card security__section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('security.sessions.title')}</h2>
      <p className="muted">{t('security.sessions.intro')}</p>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={error || sessions.error ? errorText(t, error ?? sessions.error) : null} />
      {sessions.loading && !sessions.data && <Loading />}
      {sessions.data && (
        <ul className="security__sessions">
          {sessions.data.items.map((session) => {
            const device = session.device ?? t('security.sessions.unknownDevice');
            return (
              <li key={session.id} className="security__session" data-testid="session">
                <div>
                  <strong>{device}</strong>
                  {session.current && <span className="badge badge--ok"> {t('security.sessions.current')}</span>}
                  <p className="muted">
                    {t('security.sessions.details', {
                      ip: session.ip ?? '—',
                      created: when(session.createdAt),
                      lastSeen: when(session.lastSeenAt),
                    })}
                  </p>
                  {session.provider && <p className="muted">{t('security.sessions.via', { provider: providerLabel(session.provider) })}</p>}
                </div>
                {!session.current && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => end(session)}
                    aria-label={t('security.sessions.endNamed', { device, created: when(session.createdAt) })}
                  >
                    {t('security.sessions.end')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
