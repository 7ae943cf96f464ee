import { schemas } from '@hamkor/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { FieldMessage } from '../../api/client.ts';
import type { Family } from '../../api/families.ts';
import { errorText, fieldMessages } from '../../components/errors.ts';
import { FormAlert, SelectField, TextField } from '../../components/fields.tsx';
import { useLocale } from '../../i18n/useLocale.ts';
import { maskDayMonthYear, parseDayMonthYear } from '../../lib/dates.ts';
import { checkBody } from '../../lib/validate.ts';
import { type FamilyInput, registerFamily } from '../../offline/outbox.ts';
import { useOffline } from './OfflineProvider.tsx';

type MemberDraft = { key: string; surname: string; givenName: string; sex: string; relationship: string; birthDate: string };

const newMember = (relationship = ''): MemberDraft => ({
  key: crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36),
  surname: '',
  givenName: '',
  sex: '',
  relationship,
  birthDate: '',
});

const nameKey = (surname: string, givenName: string) => `${surname} ${givenName}`.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/**
 * Registers a family without signal, with the essentials: the household's address and phone, how it was
 * identified, and each member's name, sex, relationship and birth date. Checked with the server's own
 * schema; likely duplicates are looked for in the offline copy now, and on the server when it is sent.
 */
export function RegisterOfflinePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { copy, me, changed } = useOffline();
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [source, setSource] = useState('');
  const [members, setMembers] = useState<MemberDraft[]>(() => [newMember('head')]);
  const [error, setError] = useState<unknown>(null);
  const [duplicates, setDuplicates] = useState<string[] | null>(null);
  const fields = fieldMessages(error);

  const change = (key: string, patch: Partial<MemberDraft>) => {
    setDuplicates(null);
    setMembers((current) => current.map((member) => (member.key === key ? { ...member, ...patch } : member)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!copy) return;
    const problems: FieldMessage[] = [];
    const people = members.map((member, index) => {
      const birthDate = member.birthDate.trim() ? parseDayMonthYear(member.birthDate) : null;
      if (member.birthDate.trim() && !birthDate) problems.push({ path: `members.${index}.birthDate`, message: t('cases.dateInvalid') });
      return {
        surname: member.surname.trim(),
        givenName: member.givenName.trim(),
        sex: member.sex || undefined,
        relationship: member.relationship || undefined,
        ...(birthDate ? { birthDate } : {}),
      };
    });
    const body = {
      districtCode: me?.organisation?.districtCode ?? '',
      address: address.trim(),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      identificationSource: source || undefined,
      members: people,
    };
    const problem = checkBody(schemas.familyCreate, body, locale, problems);
    setError(problem);
    if (problem) return;

    if (duplicates === null) {
      const known = new Map<string, string>();
      for (const family of await copy.list<Family>('family'))
        for (const person of family.data.members ?? [])
          known.set(nameKey(person.surname, person.givenName), `${person.surname} ${person.givenName}`);
      const found = people.map((person) => known.get(nameKey(person.surname, person.givenName))).filter((name) => name !== undefined);
      if (found.length > 0) {
        setDuplicates(found);
        return;
      }
    }
    try {
      const command = await registerFamily(copy, body as FamilyInput);
      changed();
      navigate(`/families/${command.entityId}`, { state: { registeredOffline: true } });
    } catch (reason) {
      setError(reason);
    }
  };

  const sexOptions = schemas.SEXES.map((code) => ({ value: code, label: t(`enum.sex.${code}`) }));
  const relationshipOptions = schemas.RELATIONSHIPS.map((code) => ({ value: code, label: t(`enum.relationship.${code}`) }));

  return (
    <>
      <h1>{t('offline.register.title')}</h1>
      <form onSubmit={submit} noValidate>
        <FormAlert message={error && Object.keys(fields).length === 0 ? errorText(t, error) : null} />
        <section className="card" aria-labelledby="offline-household">
          <h2 id="offline-household">{t('families.household.title')}</h2>
          <TextField
            label={t('families.household.address')}
            hint={t('families.household.addressHint')}
            value={address}
            onChange={setAddress}
            error={fields.address}
            required
          />
          <TextField
            label={t('families.household.phone')}
            hint={t('families.household.phoneHint')}
            type="tel"
            inputMode="tel"
            value={phone}
            onChange={setPhone}
            error={fields.phone}
          />
          <SelectField
            label={t('families.household.identificationSource')}
            value={source}
            onChange={setSource}
            placeholder={t('common.choose')}
            options={schemas.IDENTIFICATION_SOURCES.map((code) => ({ value: code, label: t(`enum.identificationSource.${code}`) }))}
            error={fields.identificationSource}
            required
          />
        </section>
        <section aria-labelledby="offline-members-title">
          <h2 id="offline-members-title">{t('families.register.members')}</h2>
          {members.map((member, index) => (
            <fieldset key={member.key} className="card">
              <legend>{t('offline.register.member', { number: index + 1 })}</legend>
              <TextField
                label={t('families.member.surname')}
                value={member.surname}
                onChange={(surname) => change(member.key, { surname })}
                error={fields[`members.${index}.surname`]}
                required
              />
              <TextField
                label={t('families.member.givenName')}
                value={member.givenName}
                onChange={(givenName) => change(member.key, { givenName })}
                error={fields[`members.${index}.givenName`]}
                required
              />
              <SelectField
                label={t('families.member.sex')}
                value={member.sex}
                onChange={(sex) => change(member.key, { sex })}
                placeholder={t('common.choose')}
                options={sexOptions}
                error={fields[`members.${index}.sex`]}
                required
              />
              <SelectField
                label={t('families.member.relationship')}
                value={member.relationship}
                onChange={(relationship) => change(member.key, { relationship })}
                placeholder={t('common.choose')}
                options={relationshipOptions}
                error={fields[`members.${index}.relationship`]}
                required
              />
              <TextField
                label={t('families.member.birthDate')}
                inputMode="numeric"
                placeholder={t('cases.datePlaceholder')}
                maxLength={10}
                value={member.birthDate}
                onChange={(text) => change(member.key, { birthDate: maskDayMonthYear(text) })}
                error={fields[`members.${index}.birthDate`]}
              />
              {members.length > 1 && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setMembers((current) => current.filter((other) => other.key !== member.key))}
                >
                  {t('offline.register.removeMember', { number: index + 1 })}
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" className="button" onClick={() => setMembers((current) => [...current, newMember()])}>
            {t('offline.register.addMember')}
          </button>
        </section>
        {duplicates && (
          <div className="notice notice--warning" role="alert">
            {t('offline.register.duplicates', { names: duplicates.join(', ') })}
          </div>
        )}
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {duplicates ? t('offline.register.saveAnyway') : t('offline.register.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
