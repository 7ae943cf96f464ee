import './reminders.css';
import type { ReminderChannel, ReminderSettingsOut, TelegramLinkOut } from '@hamkor/domain';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api/client.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, RadioGroup, StatusMessage, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate } from '../../lib/dates.ts';

/** How often the page asks whether the bot has seen the start code yet, and for how long ("Check again" after). */
const LINK_POLL_MS = 3000;
const LINK_POLL_FOR_MS = 10 * 60_000;

/**
 * How reminders reach me outside the app: Telegram (a chat linked by opening the bot with a one-time code), SMS,
 * or none. In-app notifications stay whatever I choose.
 */
export default function RemindersPage() {
  const { t } = useTranslation();
  const settings = useResource(() => api.get<ReminderSettingsOut>('/api/me/reminders'), []);
  const [channel, setChannel] = useState<ReminderChannel | null>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [link, setLink] = useState<TelegramLinkOut | null>(null);
  const data = settings.data;
  const chosen = channel ?? data?.channel ?? 'none';
  const typedPhone = phone ?? data?.phone ?? '';
  const linked = !!data?.telegram.linked;

  // While a start code is shown, look now and then whether the bot has linked the chat.
  const { reload } = settings;
  useEffect(() => {
    if (!link || linked) return;
    const timer = window.setInterval(reload, LINK_POLL_MS);
    const stop = window.setTimeout(() => window.clearInterval(timer), LINK_POLL_FOR_MS);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(stop);
    };
  }, [link, linked, reload]);
  useEffect(() => {
    if (linked && link) {
      setLink(null);
      setNotice(t('reminders.telegram.linkedNow'));
    }
  }, [linked, link, t]);

  if (!data)
    return <div className="page reminders">{settings.error ? <FormAlert message={errorText(t, settings.error)} /> : <Loading />}</div>;

  const options = (['none', 'telegram', 'sms'] as const)
    .filter((value) => value === 'none' || data.available[value] || data.channel === value)
    .map((value) => ({ value, label: t(`reminders.channel.${value}`) }));
  const fields = fieldMessages(error);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    setSaving(true);
    try {
      await api.put<ReminderSettingsOut>('/api/me/reminders', {
        channel: chosen,
        ...(chosen === 'sms' && { phone: typedPhone }),
        version: data.version,
      });
      setChannel(null);
      setPhone(null);
      setNotice(t('reminders.saved'));
      settings.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setSaving(false);
    }
  };
  const startLink = async () => {
    setError(null);
    setNotice(null);
    try {
      setLink(await api.post<TelegramLinkOut>('/api/me/reminders/telegram-link'));
    } catch (reason) {
      setError(reason);
    }
  };
  const unlink = async () => {
    if (!window.confirm(t('reminders.telegram.confirmUnlink'))) return;
    setError(null);
    try {
      await request('DELETE', '/api/me/reminders/telegram-link');
      setNotice(t('reminders.telegram.unlinked'));
      settings.reload();
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <div className="page reminders">
      <title>{`${t('reminders.title')} · ${t('app.name')}`}</title>
      <h1>{t('reminders.title')}</h1>
      <p className="muted">{t('reminders.intro', { hour: String(data.digestHour).padStart(2, '0') })}</p>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={error && !Object.keys(fields).length ? errorText(t, error) : null} />
      <form className="card reminders__section" onSubmit={save} noValidate>
        <RadioGroup
          label={t('reminders.channel.label')}
          value={chosen}
          onChange={(value) => setChannel(value as ReminderChannel)}
          error={fields.channel}
          options={options}
        />
        {chosen === 'sms' && (
          <TextField
            label={t('reminders.phone')}
            hint={t('reminders.phoneHint')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={typedPhone}
            onChange={setPhone}
            error={fields.phone}
            required
          />
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={saving}>
            {t('common.save')}
          </button>
        </div>
      </form>
      {data.channel === 'telegram' && (
        <section className="card reminders__section" aria-labelledby="telegram-title">
          <h2 id="telegram-title">{t('reminders.telegram.title')}</h2>
          {linked ? (
            <>
              <p data-testid="telegram-status">
                <span className="badge badge--ok">{t('reminders.telegram.linked')}</span>{' '}
                {data.telegram.linkedAt && t('reminders.telegram.linkedAt', { date: formatDate(data.telegram.linkedAt) })}
              </p>
              <button type="button" className="button" onClick={unlink}>
                {t('reminders.telegram.unlink')}
              </button>
            </>
          ) : link ? (
            <>
              <p data-testid="telegram-status">{t('reminders.telegram.waiting')}</p>
              <a className="button button--primary" href={link.link} target="_blank" rel="noreferrer" data-testid="telegram-link">
                {t('reminders.telegram.open')}
              </a>
              <p className="muted">
                {t('reminders.telegram.orSend', { bot: data.telegram.botUsername ?? '' })}{' '}
                <code data-testid="telegram-code">/start {link.code}</code>
              </p>
              <button type="button" className="button" onClick={settings.reload}>
                {t('reminders.telegram.check')}
              </button>
            </>
          ) : (
            <>
              <p data-testid="telegram-status">{t('reminders.telegram.notLinked')}</p>
              <button type="button" className="button button--primary" onClick={startLink}>
                {t('reminders.telegram.start')}
              </button>
            </>
          )}
        </section>
      )}
    </div>
  );
}
