import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatIsoDate, parseDayMonthYear } from '../../lib/dates.ts';
import { DateField } from '../cases/DateField.tsx';

type Props = {
  from: string;
  to: string;
  onChange: (period: { from: string; to: string }) => void;
};

/** The first and last day of a period, typed as DD.MM.YYYY; applied when both are days and in order. */
export function PeriodForm({ from, to, onChange }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState({ from: formatIsoDate(from), to: formatIsoDate(to) });
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  useEffect(() => setText({ from: formatIsoDate(from), to: formatIsoDate(to) }), [from, to]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { from: parseDayMonthYear(text.from), to: parseDayMonthYear(text.to) };
    const found = {
      ...(next.from ? {} : { from: t('dashboards.period.invalidDate') }),
      ...(next.to ? {} : { to: t('dashboards.period.invalidDate') }),
      ...(next.from && next.to && next.from > next.to ? { to: t('dashboards.period.toBeforeFrom') } : {}),
    };
    setErrors(found);
    if (next.from && next.to && !found.from && !found.to) onChange({ from: next.from, to: next.to });
  };

  return (
    <form className="period" onSubmit={submit} noValidate>
      <div className="filters">
        <DateField
          label={t('dashboards.period.from')}
          value={text.from}
          onChange={(value) => setText({ ...text, from: value })}
          error={errors.from}
        />
        <DateField
          label={t('dashboards.period.to')}
          value={text.to}
          onChange={(value) => setText({ ...text, to: value })}
          error={errors.to}
        />
      </div>
      <button type="submit" className="button">
        {t('dashboards.period.apply')}
      </button>
    </form>
  );
}
