import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, request } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { FormAlert, StatusMessage } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';
import { fetchProviders, flowError, startUrl } from './providers.ts';

type Identity = { id: string; provider: string; label: string; createdAt: string; lastUsedAt: string | null };

/**
 * The identities of organisation providers linked to my account: linking one lets me sign in with it. Shown
 * only when the server has a provider one can link (OneID finds accounts by the PINFL an administrator records).
 */
export function IdentitiesSection() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const providers = useResource(fetchProviders, []);
  const identities = useResource(() => api.get<{ items: Identity[] }>('/api/auth/identities'), []);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const linkable = (providers.data?.items ?? []).filter((p) => p.kind === 'oidc');
  const mine = identities.data?.items ?? [];
  // Back from the provider: say how it went, once.
  const linked = params.get('linked');
  const linkError = flowError(params.get('linkError'));
  const label = (name: string) => linkable.find((p) => p.name === name)?.label ?? name;

  if (linkable.length === 0 && mine.length === 0) return null;

  const unlink = async (identity: Identity) => {
    if (!window.confirm(t('security.identities.confirmUnlink', { provider: identity.label }))) return;
    setError(null);
    try {
      await request('DELETE', `/api/auth/identities/${identity.id}`);
      setNotice(t('security.identities.unlinked', { provider: identity.label }));
      setParams({}, { replace: true });
    } catch (reason) {
      setError(reason);
    }
    identities.reload();
  };

  return (
    <section className="card security__section" aria-labelledby="identities-title">
      <h2 id="identities-title">{t('security.identities.title')}</h2>
      <p className="muted">{t('security.identities.intro')}</p>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      {!notice && linked && <StatusMessage>{t('security.identities.linked', { provider: label(linked) })}</StatusMessage>}
      {!notice && <FormAlert message={linkError ? t(`security.identities.errors.${linkError}`) : null} />}
      <FormAlert message={error || identities.error ? errorText(t, error ?? identities.error) : null} />
      {mine.length > 0 && (
        <ul className="security__sessions">
          {mine.map((identity) => (
            <li key={identity.id} className="security__session" data-testid="identity">
              <div>
                <strong>{identity.label}</strong>
                <p className="muted">
                  {t('security.identities.details', {
                    linked: formatDate(identity.createdAt),
                    used: identity.lastUsedAt ? formatDate(identity.lastUsedAt) : t('security.identities.never'),
                  })}
                </p>
              </div>
              <button
                type="button"
                className="button button--small"
                onClick={() => unlink(identity)}
                aria-label={t('security.identities.unlinkNamed', { provider: identity.label })}
              >
                {t('security.identities.unlink')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="form">
        {linkable
          .filter((provider) => !mine.some((identity) => identity.provider === provider.name))
          .map((provider) => (
            <a key={provider.name} className="button button--block" href={startUrl(provider.name, 'link')}>
              {t('security.identities.link', { provider: provider.label })}
            </a>
          ))}
      </div>
    </section>
  );
}
