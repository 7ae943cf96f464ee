import './referrals.css';
import { type SharedField, type SharedPerson, type SharedSnapshot, todayInUzbekistan } from '@hamkor/domain';
import { useTranslation } from 'react-i18next';
import type { Family, Person } from '../../api/families.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { formatIsoDate, yearsBetween } from '../../lib/dates.ts';
import { formatPhone } from '../../lib/phone.ts';
import { fullName } from '../families/DuplicateWarnings.tsx';
import { whereaboutsText } from '../families/format.ts';

/** The snapshot the server takes when a referral is sent, built here from the family for the preview. */
export function previewOf(family: Family, personIds: readonly string[], fields: readonly SharedField[]): SharedSnapshot {
  const has = (field: SharedField) => fields.includes(field);
  const persons = family.members
    .filter((member) => personIds.includes(member.id))
    .map(
      (member: Person): SharedPerson => ({
        ...(has('name') && { name: fullName(member) }),
        ...(has('birthDate') && {
          birthDate: member.birthDate,
          age: member.birthDate ? yearsBetween(member.birthDate, todayInUzbekistan()) : null,
        }),
        ...(has('sex') && { sex: member.sex }),
        ...(has('address') && { address: family.address }),
        ...(has('phone') && { phone: family.phone ?? family.phones[0] ?? null }),
        ...(has('documents') && { documents: { held: member.documentsHeld, missing: member.documentsMissing } }),
        ...(has('whereabouts') && {
          whereabouts: {
            status: member.whereabouts.status,
            country: member.whereabouts.country,
            since: member.whereabouts.since,
            contactChannel: member.whereabouts.contactChannel,
          },
        }),
      }),
    );
  return { persons, assessmentSummary: null };
}

/** What the receiving organisation sees of the people: the shared fields and nothing else. */
export function SharedPersons({ shared, assessmentShared }: { shared: SharedSnapshot; assessmentShared?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const documents = (kinds: readonly string[]) => kinds.map((kind) => t(`enum.document.${kind}`)).join(', ');
  return (
    <div className="shared" data-testid="shared">
      {shared.persons.map((person, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the snapshot has no ids and never changes once sent
        <dl className="facts shared__person" key={index}>
          {person.name !== undefined && <Row label={t('referrals.field.name')} value={person.name} />}
          {person.birthDate !== undefined && (
            <Row
              label={t('referrals.field.birthDate')}
              value={[formatIsoDate(person.birthDate), person.age != null ? t('families.age', { age: person.age }) : '']
                .filter(Boolean)
                .join(' · ')}
            />
          )}
          {person.sex !== undefined && <Row label={t('referrals.field.sex')} value={t(`enum.sex.${person.sex}`)} />}
          {person.address !== undefined && <Row label={t('referrals.field.address')} value={person.address} />}
          {person.phone !== undefined && <Row label={t('referrals.field.phone')} value={person.phone ? formatPhone(person.phone) : ''} />}
          {person.documents && (
            <Row
              label={t('referrals.field.documents')}
              value={[
                person.documents.held.length ? t('referrals.documentsHeld', { list: documents(person.documents.held) }) : '',
                person.documents.missing.length ? t('referrals.documentsMissing', { list: documents(person.documents.missing) }) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          )}
          {person.whereabouts && (
            <Row
              label={t('referrals.field.whereabouts')}
              value={whereaboutsText(t, locale, {
                whereabouts: { ...person.whereabouts, sendsSupport: null, place: null } as Person['whereabouts'],
              })}
            />
          )}
        </dl>
      ))}
      {shared.assessmentSummary && (
        <dl className="facts">
          <Row
            label={t('referrals.field.assessmentSummary')}
            value={[
              shared.assessmentSummary.riskLevel ? t(`enum.risk.${shared.assessmentSummary.riskLevel}`) : '',
              shared.assessmentSummary.problemDomains.length
                ? t('referrals.problemDomains', { count: shared.assessmentSummary.problemDomains.length })
                : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          />
        </dl>
      )}
      {assessmentShared && !shared.assessmentSummary && <p className="muted">{t('referrals.assessmentSummaryPreview')}</p>}
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value || t('referrals.notRecorded')}</dd>
    </div>
  );
}
