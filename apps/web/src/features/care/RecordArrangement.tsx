import {
  CARE_CHANGE_REASONS,
  CARE_TYPES,
  type CareHistoryOut,
  type CareType,
  careOrganisationKind,
  isHomeType,
  isOutOfFamily,
} from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listAll } from '../../api/client.ts';
import type { Organisation } from '../../api/types.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormActions } from '../../components/FormActions.tsx';
import { FormAlert, SelectField, TextField } from '../../components/fields.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useResource } from '../../components/useResource.ts';
import { maskDayMonthYear, parseDayMonthYear } from '../../lib/dates.ts';
import { DateField } from '../cases/DateField.tsx';
import { type Arrangement, careApi } from './api.ts';
import { ReturnHomeNotice } from './Readiness.tsx';

/**
 * "Record a new arrangement": where and with whom the child lives from a day on, who decided and why. It
 * ends the current arrangement on that day; a placement outside the family needs a gatekeeping decision.
 */
export function RecordArrangement({
  personId,
  current,
  readiness = null,
  onClose,
  onDone,
}: {
  personId: string;
  /** The current arrangement and the latest readiness: a return home from care shows the readiness first. */
  current?: Arrangement;
  readiness?: CareHistoryOut['readiness'];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [type, setType] = useState<CareType | ''>('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [authority, setAuthority] = useState('');
  const [documentRef, setDocumentRef] = useState('');
  const [changeReason, setChangeReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const organisationKind = type ? careOrganisationKind(type) : null;
  const organisations = useResource(
    () => (organisationKind ? listAll<Organisation>('/api/organisations', { kind: organisationKind.kind }) : Promise.resolve([])),
    [organisationKind?.kind],
  );
  const fields = fieldMessages(error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await careApi.record(personId, {
        type,
        startDate: parseDayMonthYear(start) ?? start,
        ...(end && { endDate: parseDayMonthYear(end) ?? end }),
        ...(organisationId && organisationKind && { organisationId }),
        authority,
        ...(documentRef && { documentRef }),
        changeReason,
      });
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('care.record')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <p className="hint">{t('care.gatekeepingHint')}</p>
        <SelectField
          label={t('care.type')}
          value={type}
          onChange={(value) => setType(value as CareType)}
          required
          placeholder={t('common.choose')}
          error={fields.type}
          options={CARE_TYPES.map((value) => ({ value, label: t(`care.types.${value}`) }))}
        />
        {type && isHomeType(type) && !end && current && isOutOfFamily(current.type) && <ReturnHomeNotice readiness={readiness} />}
        <DateField label={t('care.startDate')} value={start} onChange={setStart} error={fields.startDate} />
        <TextField
          label={t('care.endDate')}
          value={end}
          onChange={(text) => setEnd(maskDayMonthYear(text))}
          inputMode="numeric"
          placeholder={t('cases.datePlaceholder')}
          maxLength={10}
          error={fields.endDate}
        />
        {organisationKind && (
          <SelectField
            label={t('care.organisation')}
            value={organisationId}
            onChange={setOrganisationId}
            required={organisationKind.required}
            placeholder={t('common.choose')}
            error={fields.organisationId}
            options={(organisations.data ?? []).filter((o) => o.active).map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
        <TextField
          label={t('care.authority')}
          value={authority}
          onChange={setAuthority}
          required
          maxLength={300}
          error={fields.authority}
        />
        <TextField label={t('care.documentRef')} value={documentRef} onChange={setDocumentRef} maxLength={200} error={fields.documentRef} />
        <SelectField
          label={t('care.changeReason')}
          value={changeReason}
          onChange={setChangeReason}
          required
          placeholder={t('common.choose')}
          error={fields.changeReason}
          options={CARE_CHANGE_REASONS.map((value) => ({ value, label: t(`care.reasons.${value}`) }))}
        />
        <FormActions busy={busy} submitLabel={t('care.record')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
