import './oidc.css';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, TextField } from '../../components/fields.tsx';
import { useResource } from '../../components/useResource.ts';
import { fetchProviders, flowError, startUrl } from './providers.ts';

/** The sign-in page's buttons of the identity providers the server is configured with; nothing when there are none. */
export function ProviderButtons() {
  const { t } = useTranslation();
  const providers = useResource(fetchProviders, []);
  const items = providers.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <div className="form" data-testid="providers">
      <p className="muted sign-in__or">{t('auth.providers.or')}</p>
      {items.map((provider) => (
        <a key={provider.name} className="button button--block" href={startUrl(provider.name)}>
          {t('auth.providers.signInWith', { provider: provider.label })}
        </a>
      ))}
    </div>
  );
}

/** Why the provider sign-in the browser came back from did not happen (`?signInError=`), in the reader's language. */
export function providerErrorText(t: (key: string) => string, code: string | null): string | null {
  const known = flowError(code);
  return known ? t(`auth.providers.errors.${known}`) : null;
}

/**
 * The provider has said who this is and the account has a second factor: its code, here. The server holds the
 * half-done sign-in for this browser; a wrong code sends the person through the provider again.
 */
export function ProviderCodeForm({ provider }: { provider: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request('POST', `/api/auth/oidc/${encodeURIComponent(provider)}/second-factor`, { body: { totp: code } });
      // The session cookie is set: the app starts again signed in.
      window.location.assign('/');
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };
  const fields = fieldMessages(error);
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert message={error ? errorText(t, error) : null} />
      <p className="notice notice--info" role="status">
        {t('auth.codeAsked')}
      </p>
      <TextField
        label={t('auth.code')}
        hint={t('auth.codeHint')}
        name="totp"
        value={code}
        onChange={setCode}
        inputRef={input}
        autoComplete="one-time-code"
        inputMode="text"
        maxLength={40}
        required
        error={fields.totp}
      />
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? t('auth.signingIn') : t('auth.submit')}
      </button>
      {error ? (
        <a className="button button--block" href={startUrl(provider)}>
          {t('auth.providers.again')}
        </a>
      ) : null}
    </form>
  );
}
