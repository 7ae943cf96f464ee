import { LOCALE_NAMES, LOCALES } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/cases.ts';
import { api } from '../../api/client.ts';
import { familiesApi } from '../../api/families.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, SelectField, StatusMessage, TextField } from '../../components/fields.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { formatDate, formatTime, parseDayMonthYear } from '../../lib/dates.ts';
import { DateField } from '../cases/DateField.tsx';
import { fullName } from '../families/DuplicateWarnings.tsx';

type Appointment = {
  id: string;
  personId: string;
  at: string;
  place: string;
  reminder: { status: string; sendAt: string } | null;
};

/** An appointment typed as a day and HH:MM, in Tashkent time (UTC+5 all year). */
function appointmentAt(day: string, time: string): string | null {
  const date = parseDayMonthYear(day);
  if (!date || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  return `${date}T${time}:00+05:00`;
}

function AppointmentDialog({ theCase, onClose, onDone }: { theCase: CaseDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const family = useResource(() => familiesApi.get(theCase.familyId), [theCase.familyId]);
  const [personId, setPersonId] = useState('');
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [place, setPlace] = useState('');
  const [phone, setPhone] = useState<string | null>(null);
  const [locale, setLocale] = useState<string>('uz-Latn');
  const [error, setError] = useState<unknown>(null);
  const [timeError, setTimeError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fields = fieldMessages(error);
  const typedPhone = phone ?? family.data?.phone ?? '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = appointmentAt(day, time);
    setTimeError(at ? undefined : t('reminders.appointments.whenInvalid'));
    if (!at) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/cases/${theCase.id}/appointments`, { personId, at, place, phone: typedPhone, locale });
      onDone();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('reminders.appointments.add')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="muted">{t('reminders.appointments.what')}</p>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <SelectField
          label={t('reminders.appointments.person')}
          value={personId}
          onChange={setPersonId}
          required
          placeholder={t('common.choose')}
          error={fields.personId}
          options={(family.data?.members ?? []).map((member) => ({ value: member.id, label: fullName(member) }))}
        />
        <DateField label={t('reminders.appointments.day')} value={day} onChange={setDay} error={timeError ?? fields.at} />
        <TextField
          label={t('reminders.appointments.time')}
          value={time}
          onChange={setTime}
          inputMode="numeric"
          placeholder="14:30"
          maxLength={5}
          error={timeError}
          required
        />
        <TextField
          label={t('reminders.appointments.place')}
          value={place}
          onChange={setPlace}
          error={fields.place}
          maxLength={200}
          required
        />
        <TextField
          label={t('reminders.appointments.phone')}
          type="tel"
          inputMode="tel"
          value={typedPhone}
          onChange={setPhone}
          error={fields.phone}
          required
        />
        <SelectField
          label={t('reminders.appointments.language')}
          value={locale}
          onChange={setLocale}
          options={LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code] }))}
        />
        <FormActions busy={busy} submitLabel={t('reminders.appointments.save')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/**
 * Appointments a family member is reminded of by SMS the day before, with their consent for it; the message
 * holds the date, time, place and the organisation's phone only.
 */
export function CaseAppointments({ theCase }: { theCase: CaseDetail }) {
  const { t } = useTranslation();
  const appointments = useResource(() => api.get<{ items: Appointment[] }>(`/api/cases/${theCase.id}/appointments`), [theCase.id]);
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const items = appointments.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="appointments-title" data-testid="appointments">
      <h2 id="appointments-title">{t('reminders.appointments.title')}</h2>
      {notice && <StatusMessage>{notice}</StatusMessage>}
      <FormAlert message={appointments.error ? errorText(t, appointments.error) : null} />
      {appointments.data && items.length === 0 && <p className="empty">{t('reminders.appointments.none')}</p>}
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <strong>
              {formatDate(item.at)} {formatTime(item.at)}
            </strong>{' '}
            {item.place} {item.reminder && <span className="badge">{t(`reminders.appointments.status.${item.reminder.status}`)}</span>}
          </li>
        ))}
      </ul>
      {!theCase.readOnly && (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('reminders.appointments.add')}
        </button>
      )}
      {open && (
        <AppointmentDialog
          theCase={theCase}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            setNotice(t('reminders.appointments.saved'));
            appointments.reload();
          }}
        />
      )}
    </section>
  );
}
