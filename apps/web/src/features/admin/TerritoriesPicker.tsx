import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { regionOfCode, useDistricts, useRegions } from '../../api/territories.ts';
import { SelectField } from '../../components/fields.tsx';
import { CloseIcon } from '../../components/icons.tsx';
import { useNamer } from '../../i18n/useLocale.ts';

type Props = {
  value: string[];
  onChange: (codes: string[]) => void;
  /** The region to browse first, usually the organisation's own. */
  initialRegion: string;
  error?: string | undefined;
};

/** The districts an organisation serves: browse a region, tick its districts; chosen ones stay listed. */
export function TerritoriesPicker({ value, onChange, initialRegion, error }: Props) {
  const { t } = useTranslation();
  const name = useNamer();
  const id = useId();
  const regions = useRegions();
  const [region, setRegion] = useState(initialRegion);
  const browsed = useDistricts(region ? [region] : []);
  const known = useDistricts([...value.map(regionOfCode), region]);
  const nameOf = (code: string) => name(known.find((d) => d.code === code)?.name) || code;
  const toggle = (code: string, checked: boolean) => onChange(checked ? [...value, code] : value.filter((c) => c !== code));

  return (
    <fieldset
      className={error ? 'field fieldset field--invalid' : 'field fieldset'}
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
    >
      <legend className="field__label">
        {t('admin.organisations.territories')} <span className="field__optional">{t('common.optional')}</span>
      </legend>
      <p className="field__hint" id={`${id}-hint`}>
        {t('admin.organisations.territoriesHint')}
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {value.length > 0 && (
        <ul className="chips" aria-label={t('admin.organisations.territoriesChosen')}>
          {value.map((code) => (
            <li key={code} className="chip">
              <span>{nameOf(code)}</span>
              <button
                type="button"
                className="chip__remove"
                onClick={() => toggle(code, false)}
                aria-label={t('admin.organisations.removeTerritory', { name: nameOf(code) })}
              >
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      <SelectField
        label={t('admin.organisations.browseRegion')}
        value={region}
        onChange={setRegion}
        options={regions.map((r) => ({ value: r.code, label: name(r.name) }))}
        placeholder={t('territory.chooseRegion')}
        required
      />
      {region && (
        <div className="checks checks--columns checks--scroll">
          {browsed.map((district) => (
            <label key={district.code} className="check">
              <input
                type="checkbox"
                checked={value.includes(district.code)}
                onChange={(event) => toggle(district.code, event.target.checked)}
              />
              <span>{name(district.name)}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
