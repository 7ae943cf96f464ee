import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { FormAlert, TextField } from '../../components/fields.tsx';
import { pinProblem } from '../../offline/crypto.ts';
import { useOffline } from './OfflineProvider.tsx';

/** A PIN field: digits on a phone's number pad, hidden as typed, never filled in by the browser. */
function PinField({ label, value, onChange, error }: { label: string; value: string; onChange: (pin: string) => void; error?: string }) {
  return (
    <TextField
      label={label}
      type="password"
      inputMode="numeric"
      autoComplete="off"
      maxLength={12}
      value={value}
      onChange={(text) => onChange(text.replace(/\D/g, ''))}
      error={error}
      required
    />
  );
}

/**
 * After a worker's first sign-in on a device: keep the caseload here under a PIN, or "not my device",
 * which stores nothing and is not asked again in this tab.
 */
export function PinSetup() {
  const { t } = useTranslation();
  const { setUp, decline } = useOffline();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<{ pin?: string; again?: string }>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = pinProblem(pin);
    const next = {
      pin: problem ? t(`offline.pin.${problem === 'pin_format' ? 'format' : 'weak'}`) : undefined,
      again: !problem && pin !== again ? t('offline.pin.mismatch') : undefined,
    };
    setErrors(next);
    if (next.pin || next.again) return;
    setBusy(true);
    setFailed(false);
    try {
      await setUp(pin);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card offline-card" aria-labelledby="offline-setup-title" data-testid="offline-setup">
      <h2 id="offline-setup-title">{t('offline.setup.title')}</h2>
      <p>{t('offline.setup.body')}</p>
      <form onSubmit={submit} noValidate>
        <FormAlert message={failed ? t('errors.generic') : null} />
        <PinField label={t('offline.setup.pin')} value={pin} onChange={setPin} error={errors.pin} />
        <PinField label={t('offline.setup.confirm')} value={again} onChange={setAgain} error={errors.again} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('offline.setup.saving') : t('offline.setup.submit')}
          </button>
          <button type="button" className="button" onClick={decline} disabled={busy}>
            {t('offline.setup.decline')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Opens the copy with the PIN; wrong PINs say how many tries are left, the fifth erases the copy. */
export function UnlockForm({ intro, onLater }: { intro: string; onLater?: () => void }) {
  const { t } = useTranslation();
  const { unlock } = useOffline();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pin) return setMessage(t('offline.pin.format'));
    setBusy(true);
    setMessage(null);
    try {
      const result = await unlock(pin);
      if (result.status === 'wrong') setMessage(t('offline.unlock.wrong', { count: result.attemptsLeft }));
      if (result.status === 'wiped' || result.status === 'none') setMessage(t('offline.unlock.wiped'));
    } catch {
      setMessage(t('errors.generic'));
    } finally {
      setBusy(false);
      setPin('');
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="offline-unlock">
      <p>{intro}</p>
      <FormAlert message={message} />
      <PinField label={t('offline.setup.pin')} value={pin} onChange={setPin} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('offline.unlock.checking') : t('offline.unlock.submit')}
        </button>
        {onLater && (
          <button type="button" className="button" onClick={onLater}>
            {t('offline.unlock.later')}
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * Shown above the page while signed in: on the home page (where a first sign-in lands) the PIN choice for a
 * worker without a copy here; on any page, when this user's copy is locked (after a reload, a sign-in or the
 * idle time), a short form to open it so it is kept up to date and its unsent changes go.
 */
export function OfflinePrompt() {
  const { t } = useTranslation();
  const { needsSetup, vaultUser, copy, me } = useOffline();
  const [later, setLater] = useState(false);
  const home = useLocation().pathname === '/';
  if (needsSetup) return home ? <PinSetup /> : null;
  if (!copy && vaultUser && vaultUser === me?.id && !later)
    return (
      <section className="card offline-card" aria-label={t('offline.unlock.title')}>
        <UnlockForm intro={t('offline.unlock.online')} onLater={() => setLater(true)} />
      </section>
    );
  return null;
}
