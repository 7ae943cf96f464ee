import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/fields.tsx';
import { maskDayMonthYear } from '../../lib/dates.ts';

/** A day typed as DD.MM.YYYY, with the dots put in on a phone's digit keyboard. */
export function DateField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      label={label}
      value={value}
      onChange={(text) => onChange(maskDayMonthYear(text))}
      inputMode="numeric"
      placeholder={t('cases.datePlaceholder')}
      maxLength={10}
      error={error}
      required
    />
  );
}
