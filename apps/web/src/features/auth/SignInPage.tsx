import type { Role } from '@hamkor/domain';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { ApiError, request } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, TextField } from '../../components/fields.tsx';
import { LogoMark } from '../../components/icons.tsx';
import { useResource } from '../../components/useResource.ts';
import { ProviderButtons, ProviderCodeForm, providerErrorText } from '../oidc/ProviderSignIn.tsx';
import { LanguageSwitcher } from '../shell/LanguageSwitcher.tsx';
import { useSession } from './session.tsx';

/** The accounts the server creates in demo mode (apps/server/src/demo/seed.ts) and what each is for. */
const DEMO_ACCOUNTS: [string, Role][] = [
  ['admin', 'system_admin'],
  ['admin2', 'system_admin'],
  ['supervisor', 'supervisor'],
  ['worker', 'social_worker'],
  ['worker2', 'social_worker'],
  ['ngo', 'social_worker'],
  ['agency', 'agency_focal_point'],
  ['analyst', 'analyst'],
];

export function SignInPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const location = useLocation();
  // Back from an identity provider: its second-factor step, or why it did not sign in (features/oidc).
  const [params] = useSearchParams();
  const providerCode = params.get('step') === 'code' ? params.get('provider') : null;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Asked for once the server says the account has a second factor: a code from the app, or a recovery code.
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');
  const [rememberDevice, setRememberDevice] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The demo accounts are listed only by a server started in demo mode (not with HAMKOR_DEMO=0).
  const health = useResource(() => request<{ demo: boolean }>('GET', '/api/health'), []);
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (askCode) codeInput.current?.focus();
  }, [askCode]);

  if (state.status === 'signedIn' && state.enrolmentRequired) return <Navigate to="/security" replace />;
  if (state.status === 'signedIn') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/sign-in' ? from : '/'} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password, askCode ? { totp: code, rememberDevice } : {});
    } catch (reason) {
      const codeAsked = reason instanceof ApiError && reason.code === 'totp_required';
      if (codeAsked) setAskCode(true);
      // Asked for the first time: the form says so itself, with the code field, rather than as an error.
      setError(codeAsked && !askCode ? null : reason);
      setBusy(false);
    }
  };
  const fields = fieldMessages(error);
  const sessionEnded = state.status === 'signedOut' && state.ended;

  return (
    <div className="sign-in">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <title>{`${t('auth.title')} · ${t('app.name')}`}</title>
      <header className="sign-in__top">
        <span className="brand brand--dark">
          <LogoMark />
          <span>{t('app.name')}</span>
        </span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="sign-in__main" tabIndex={-1}>
        <div className="sign-in__card card">
          <h1>{t('auth.title')}</h1>
          <p className="muted">{t('app.tagline')}</p>
          {sessionEnded && !error && (
            <div className="notice notice--info" role="status">
              {t('auth.sessionEnded')}
            </div>
          )}
          <FormAlert message={error ? errorText(t, error) : providerErrorText(t, params.get('signInError'))} />
          {providerCode && <ProviderCodeForm provider={providerCode} />}
          <form onSubmit={submit} noValidate className="form" hidden={!!providerCode}>
            <TextField
              label={t('auth.username')}
              name="username"
              value={username}
              onChange={setUsername}
              autoComplete="username"
              required
              error={fields.username}
            />
            <TextField
              label={t('auth.password')}
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              required
              error={fields.password}
            />
            {askCode && (
              <>
                <p className="notice notice--info" role="status">
                  {t('auth.codeAsked')}
                </p>
                <TextField
                  label={t('auth.code')}
                  hint={t('auth.codeHint')}
                  name="totp"
                  value={code}
                  onChange={setCode}
                  inputRef={codeInput}
                  autoComplete="one-time-code"
                  inputMode="text"
                  maxLength={40}
                  required
                  error={fields.totp}
                />
                <label className="check">
                  <input type="checkbox" checked={rememberDevice} onChange={(event) => setRememberDevice(event.target.checked)} />
                  <span>{t('auth.rememberDevice')}</span>
                </label>
              </>
            )}
            <button type="submit" className="button button--primary button--block" disabled={busy}>
              {busy ? t('auth.signingIn') : t('auth.submit')}
            </button>
          </form>
          {!providerCode && <ProviderButtons />}
        </div>
        {health.data?.demo && (
          <section className="notice notice--warning demo" aria-labelledby="demo-title">
            <h2 id="demo-title">{t('auth.demo.title')}</h2>
            <p>{t('auth.demo.body')}</p>
            <p>{t('auth.demo.accounts')}</p>
            <ul className="demo__accounts">
              {DEMO_ACCOUNTS.map(([account, role]) => (
                <li key={account}>
                  <code>{account}</code> <span className="muted">{t(`enum.role.${role}`)}</span>
                </li>
              ))}
            </ul>
            <p>{t('auth.demo.password')}</p>
          </section>
        )}
      </main>
    </div>
  );
}
