import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, StatusMessage, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { useSession } from '../auth/session.tsx';

type Status = { on: boolean; recoveryCodesLeft: number };
type Enrolment = { uri: string; secret: string; qr: string };

/**
 * Two-step sign-in: start (a QR code and the key to type by hand), confirm with a first code, then the ten
 * recovery codes, shown this once.
 */
export function SecondFactorSection() {
  const { t } = useTranslation();
  const { enrolled } = useSession();
  const status = useResource(() => api.get<Status>('/api/auth/totp'), []);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await api.post<Enrolment>('/api/auth/totp/enrol'));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ recoveryCodes: string[] }>('/api/auth/totp/confirm', { code });
      setRecoveryCodes(result.recoveryCodes);
      setEnrolment(null);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const done = () => {
    setRecoveryCodes(null);
    status.reload();
    enrolled();
  };

  return (
    <section className="card security__section" aria-labelledby="totp-title">
      <h2 id="totp-title">{t('security.totp.title')}</h2>
      <p className="muted">{t('security.totp.intro')}</p>
      <FormAlert message={error && !fieldMessages(error).code ? errorText(t, error) : status.error ? errorText(t, status.error) : null} />
      {status.loading && !status.data && <Loading />}
      {recoveryCodes ? (
        <div className="security__codes">
          <StatusMessage>{t('security.totp.on')}</StatusMessage>
          <h3>{t('security.totp.recoveryTitle')}</h3>
          <p>{t('security.totp.recoveryIntro')}</p>
          <ul className="security__code-list" aria-label={t('security.totp.recoveryTitle')}>
            {recoveryCodes.map((recovery) => (
              <li key={recovery}>
                <code>{recovery}</code>
              </li>
            ))}
          </ul>
          <button type="button" className="button button--primary" onClick={done}>
            {t('security.totp.saved')}
          </button>
        </div>
      ) : status.data?.on ? (
        <p>
          <span className="badge badge--ok">{t('security.totp.onBadge')}</span>{' '}
          {t('security.totp.codesLeft', { count: status.data.recoveryCodesLeft })}
        </p>
      ) : enrolment ? (
        <form onSubmit={confirm} noValidate className="form">
          <ol className="security__steps">
            <li>{t('security.totp.step1')}</li>
            <li>
              {t('security.totp.step2')}
              <img className="security__qr" src={enrolment.qr} alt={t('security.totp.qrAlt')} width={200} height={200} />
              <p className="muted">{t('security.totp.manual')}</p>
              <code className="security__secret" data-testid="totp-secret">
                {enrolment.secret}
              </code>
            </li>
            <li>{t('security.totp.step3')}</li>
          </ol>
          <TextField
            label={t('security.totp.code')}
            name="code"
            value={code}
            onChange={setCode}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            error={fieldMessages(error).code}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('security.totp.confirm')}
          </button>
        </form>
      ) : (
        status.data && (
          <button type="button" className="button button--primary" onClick={start} disabled={busy}>
            {t('security.totp.start')}
          </button>
        )
      )}
    </section>
  );
}
