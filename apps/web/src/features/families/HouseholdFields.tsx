import { reachesEverything, reachOf, schemas } from '@hamkor/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { regionOfCode, useDistricts, useMahallas } from '../../api/territories.ts';
import { CheckboxGroup, SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { useNamer } from '../../i18n/useLocale.ts';
import { maskPhone } from '../../lib/phone.ts';
import { actorOf, useMe } from '../auth/session.tsx';
import { RegionDistrictFields } from '../territories/RegionDistrictFields.tsx';
import { Disclosure } from './Disclosure.tsx';
import { useEnumLabels } from './labels.ts';
import { type HouseholdValues, UTILITIES } from './values.ts';

/**
 * The districts the signed-in user may register families in (the policy's reach): a national user
 * chooses a region first; anyone else picks from their district, region or organisation's territories.
 */
function useDistrictChoice() {
  const me = useMe();
  const { scope } = me;
  const national = reachesEverything(reachOf(actorOf(me), 'family.create'));
  const territories = me.organisation?.territories.length ? me.organisation.territories : [me.organisation?.districtCode ?? ''];
  const regionScope = scope.level === 'region' && scope.territoryCode ? scope.territoryCode : null;
  const districtScope = scope.level === 'district' && scope.territoryCode ? scope.territoryCode : null;
  const allowed = districtScope ? [districtScope] : territories.filter(Boolean);
  const districts = useDistricts(national ? [] : regionScope ? [regionScope] : allowed.map(regionOfCode));
  return {
    national,
    districts: regionScope ? districts : districts.filter((district) => allowed.includes(district.code)),
  };
}

type Props = {
  values: HouseholdValues;
  onChange: (change: Partial<HouseholdValues>) => void;
  errorOf: (path: string) => string | undefined;
};

/** The household's details, shared by registration and editing (which may move the family to another district). */
export function HouseholdFields({ values, onChange, errorOf }: Props) {
  const { t } = useTranslation();
  const name = useNamer();
  const { options } = useEnumLabels();
  const choice = useDistrictChoice();
  const [region, setRegion] = useState(() => regionOfCode(values.districtCode));
  const mahallas = useMahallas(values.districtCode).filter((m) => m.active || m.code === values.mahallaCode);
  const filled = (count: number) => (count ? t('families.disclosure.filled', { count }) : undefined);
  const livingCount = [values.housing, values.rooms, values.livingNote.trim()].filter(Boolean).length + values.utilities.length;
  const livingInvalid = ['livingConditions', 'livingConditions.housing', 'livingConditions.rooms', 'livingConditions.note'].some(
    (path) => !!errorOf(path),
  );
  const setDistrict = (districtCode: string) =>
    onChange({ districtCode, ...(districtCode !== values.districtCode && { mahallaCode: '' }) });

  return (
    <div className="household-fields">
      {choice.national ? (
        <RegionDistrictFields
          region={region}
          district={values.districtCode}
          onChange={(next) => {
            setRegion(next.region);
            setDistrict(next.district);
          }}
          districtError={errorOf('districtCode')}
        />
      ) : (
        <SelectField
          label={t('territory.district')}
          value={values.districtCode}
          onChange={setDistrict}
          options={choice.districts.map((district) => ({ value: district.code, label: name(district.name) }))}
          placeholder={t('territory.chooseDistrict')}
          required
          error={errorOf('districtCode')}
        />
      )}
      <SelectField
        label={t('families.household.mahalla')}
        value={values.mahallaCode}
        onChange={(mahallaCode) => onChange({ mahallaCode })}
        options={mahallas.map((mahalla) => ({ value: mahalla.code, label: name(mahalla.name) }))}
        placeholder={mahallas.length ? t('families.household.chooseMahalla') : t('families.household.noMahallas')}
        disabled={!mahallas.length}
        error={errorOf('mahallaCode')}
      />
      <TextField
        label={t('families.household.address')}
        hint={t('families.household.addressHint')}
        value={values.address}
        onChange={(address) => onChange({ address })}
        required
        error={errorOf('address')}
      />
      <div className="field-row">
        <TextField
          label={t('families.household.phone')}
          hint={t('families.household.phoneHint')}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={values.phone}
          onChange={(phone) => onChange({ phone: maskPhone(phone) })}
          error={errorOf('phone')}
        />
        <SelectField
          label={t('families.household.identificationSource')}
          value={values.identificationSource}
          onChange={(identificationSource) => onChange({ identificationSource })}
          options={options('identificationSource', schemas.IDENTIFICATION_SOURCES)}
          placeholder={t('common.choose')}
          required
          error={errorOf('identificationSource')}
        />
        <SelectField
          label={t('families.household.socialRegisterCategory')}
          value={values.socialRegisterCategory}
          onChange={(socialRegisterCategory) => onChange({ socialRegisterCategory })}
          options={options('socialRegisterCategory', schemas.SOCIAL_REGISTER_CATEGORIES)}
          placeholder={t('families.household.notOnRegister')}
          error={errorOf('socialRegisterCategory')}
        />
      </div>
      <Disclosure title={t('families.household.livingConditions')} summary={filled(livingCount)} forceOpen={livingInvalid}>
        <div className="field-row">
          <SelectField
            label={t('families.household.housing')}
            value={values.housing}
            onChange={(housing) => onChange({ housing })}
            options={options('housing', schemas.HOUSING_KINDS)}
            placeholder={t('families.notRecorded')}
            error={errorOf('livingConditions.housing')}
          />
          <TextField
            label={t('families.household.rooms')}
            value={values.rooms}
            onChange={(rooms) => onChange({ rooms: rooms.replace(/\D/g, '') })}
            inputMode="numeric"
            maxLength={2}
            error={errorOf('livingConditions.rooms')}
          />
        </div>
        <CheckboxGroup
          label={t('families.household.utilities')}
          values={values.utilities}
          onChange={(utilities) => onChange({ utilities })}
          options={options('utility', UTILITIES)}
          columns
        />
        <TextAreaField
          label={t('families.household.livingNote')}
          value={values.livingNote}
          onChange={(livingNote) => onChange({ livingNote })}
          rows={2}
          maxLength={2000}
          error={errorOf('livingConditions.note')}
        />
      </Disclosure>
      <Disclosure title={t('families.household.notes')} summary={filled(values.notes.trim() ? 1 : 0)} forceOpen={!!errorOf('notes')}>
        <TextAreaField
          label={t('families.household.notes')}
          hint={t('families.household.notesHint')}
          value={values.notes}
          onChange={(notes) => onChange({ notes })}
          maxLength={4000}
          error={errorOf('notes')}
        />
      </Disclosure>
    </div>
  );
}
