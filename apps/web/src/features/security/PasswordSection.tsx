import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, StatusMessage, TextField } from '../../components/fields.tsx';

/** Changing my own password; the server judges its strength and ends my other sessions. */
export function PasswordSection() {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState(false);
  const fields = fieldMessages(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setChanged(false);
    try {
      await api.post('/api/auth/password', { currentPassword, newPassword });
      setChanged(true);
      setCurrentPassword('');
      setNewPassword('');
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card security__section" aria-labelledby="password-title">
      <h2 id="password-title">{t('security.password.title')}</h2>
      {changed && <StatusMessage>{t('security.password.changed')}</StatusMessage>}
      <FormAlert message={error ? errorText(t, error) : null} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          label={t('security.password.current')}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={setCurrentPassword}
          required
          error={fields.currentPassword}
        />
        <TextField
          label={t('security.password.new')}
          hint={t('security.password.hint')}
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={setNewPassword}
          required
          error={fields.newPassword}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('security.password.submit')}
        </button>
      </form>
    </section>
  );
}
