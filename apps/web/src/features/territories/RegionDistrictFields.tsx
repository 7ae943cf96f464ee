import { useTranslation } from 'react-i18next';
import { regionOfCode, useDistricts, useRegions } from '../../api/territories.ts';
import { SelectField } from '../../components/fields.tsx';
import { useNamer } from '../../i18n/useLocale.ts';

type Props = {
  region: string;
  district: string;
  onChange: (value: { region: string; district: string }) => void;
  districtError?: string | undefined;
  regionError?: string | undefined;
  /** Only the region is asked for (a regional scope). */
  regionOnly?: boolean;
  required?: boolean;
};

/** A region select and the select of its districts. */
export function RegionDistrictFields({ region, district, onChange, districtError, regionError, regionOnly, required = true }: Props) {
  const { t } = useTranslation();
  const name = useNamer();
  const regions = useRegions();
  const districts = useDistricts(region && !regionOnly ? [region] : []);
  return (
    <div className="field-row">
      <SelectField
        label={t('territory.region')}
        value={region}
        onChange={(next) => onChange({ region: next, district: regionOfCode(district) === next ? district : '' })}
        options={regions.map((r) => ({ value: r.code, label: name(r.name) }))}
        placeholder={t('territory.chooseRegion')}
        required={required}
        error={regionError}
      />
      {!regionOnly && (
        <SelectField
          label={t('territory.district')}
          value={district}
          onChange={(next) => onChange({ region, district: next })}
          options={districts.map((d) => ({ value: d.code, label: name(d.name) }))}
          placeholder={region ? t('territory.chooseDistrict') : t('territory.chooseRegionFirst')}
          disabled={!region}
          required={required}
          error={districtError}
        />
      )}
    </div>
  );
}
