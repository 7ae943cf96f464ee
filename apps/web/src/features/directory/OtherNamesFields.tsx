import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/fields.tsx';

/** The scripts a name may carry beside the Uzbek Latin one (an organisation's, a service's). */
export const OTHER_SCRIPTS = ['uz_cyrl', 'ru', 'en', 'kaa'] as const;
export type OtherNames = Record<(typeof OTHER_SCRIPTS)[number], string>;

/** A stored name's other scripts as the form edits them: unknown ones empty. */
export const otherNamesOf = (names?: { uz_cyrl: string; ru: string; en: string; kaa: string | null }): OtherNames => ({
  uz_cyrl: names?.uz_cyrl ?? '',
  ru: names?.ru ?? '',
  en: names?.en ?? '',
  kaa: names?.kaa ?? '',
});

/**
 * A name in the other scripts, folded unless one is already given (most names are Uzbek only) or the
 * server refused one; an empty one means readers of that language see the Uzbek Latin name.
 */
export function OtherNamesFields({
  value,
  onChange,
  fields,
}: {
  value: OtherNames;
  onChange: (value: OtherNames) => void;
  fields: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(() => OTHER_SCRIPTS.some((script) => value[script]));
  return (
    <details
      className="disclosure"
      open={open || OTHER_SCRIPTS.some((script) => fields[`names.${script}`])}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="disclosure__summary">{t('directory.otherNames')}</summary>
      <div className="disclosure__body">
        <p className="field__hint">{t('directory.otherNamesHint')}</p>
        {OTHER_SCRIPTS.map((script) => (
          <TextField
            key={script}
            label={t(`directory.nameIn.${script}`)}
            value={value[script]}
            onChange={(text) => onChange({ ...value, [script]: text })}
            error={fields[`names.${script}`]}
          />
        ))}
      </div>
    </details>
  );
}
