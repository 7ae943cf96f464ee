import type { AnyInstrumentDefinition, Locale } from '@hamkor/domain';
import type { TFunction } from 'i18next';
import type { SyncConflict } from '../../api/types.ts';
import { pick } from '../assessments/text.tsx';

/**
 * How a field of a conflict reads: its label (the one the edit forms use where there is one), the
 * translation prefix of its codes when it holds codes, and whether a new value may be typed for it
 * (free text and numbers; codes, yes/no and lists are chosen from the two sides).
 */
export type FieldView = { label: string; codes?: string; names?: Record<string, string>; typed?: 'text' | 'number' };

/** The questions (with their answers) and domains of the assessment instruments, in the interface language. */
export type InstrumentTexts = { questions: Map<string, { text: string; answers: Record<string, string> }>; domains: Map<string, string> };

/** The newest instrument first: an older version's text is used only for a key the newer ones lack. */
export function instrumentTexts(definitions: AnyInstrumentDefinition[], locale: Locale): InstrumentTexts {
  const texts: InstrumentTexts = { questions: new Map(), domains: new Map() };
  for (const def of definitions) {
    // A readiness instrument has no screening.
    const screening = 'screening' in def ? def.screening.questions : [];
    for (const question of [...screening, ...def.domains.flatMap((domain) => domain.questions)])
      if (!texts.questions.has(question.key))
        texts.questions.set(question.key, {
          text: pick(question.text, locale),
          answers: Object.fromEntries(question.answers.map((answer) => [answer.key, pick(answer.label, locale)])),
        });
    for (const domain of def.domains) if (!texts.domains.has(domain.key)) texts.domains.set(domain.key, pick(domain.title, locale));
  }
  return texts;
}

export const FAMILY_FIELDS: Record<string, FieldView | ((t: TFunction) => FieldView)> = {
  address: (t) => ({ label: t('families.household.address'), typed: 'text' }),
  phone: (t) => ({ label: t('families.household.phone'), typed: 'text' }),
  phones: (t) => ({ label: t('families.household.phone') }),
  mahallaCode: (t) => ({ label: t('families.household.mahalla') }),
  districtCode: (t) => ({ label: t('territory.district') }),
  identificationSource: (t) => ({ label: t('families.household.identificationSource'), codes: 'enum.identificationSource' }),
  socialRegisterCategory: (t) => ({ label: t('families.household.socialRegisterCategory'), codes: 'enum.socialRegisterCategory' }),
  livingConditions: (t) => ({ label: t('families.household.livingConditions') }),
  'livingConditions.housing': (t) => ({ label: t('families.household.housing'), codes: 'enum.housing' }),
  'livingConditions.rooms': (t) => ({ label: t('families.household.rooms'), typed: 'number' }),
  'livingConditions.water': (t) => ({ label: t('enum.utility.water') }),
  'livingConditions.electricity': (t) => ({ label: t('enum.utility.electricity') }),
  'livingConditions.gas': (t) => ({ label: t('enum.utility.gas') }),
  'livingConditions.heating': (t) => ({ label: t('enum.utility.heating') }),
  'livingConditions.note': (t) => ({ label: t('families.household.livingNote'), typed: 'text' }),
  notes: (t) => ({ label: t('families.household.notes'), typed: 'text' }),
};

export const PERSON_FIELDS: Record<string, FieldView | ((t: TFunction) => FieldView)> = {
  surname: (t) => ({ label: t('families.member.surname'), typed: 'text' }),
  givenName: (t) => ({ label: t('families.member.givenName'), typed: 'text' }),
  patronymic: (t) => ({ label: t('families.member.patronymic'), typed: 'text' }),
  birthDate: (t) => ({ label: t('families.member.birthDate') }),
  birthYear: (t) => ({ label: t('families.member.birthYear'), typed: 'number' }),
  'ageStated.years': (t) => ({ label: t('families.member.ageYears'), typed: 'number' }),
  'ageStated.on': (t) => ({ label: t('families.member.ageOn') }),
  sex: (t) => ({ label: t('families.member.sex'), codes: 'enum.sex' }),
  relationship: (t) => ({ label: t('families.member.relationship'), codes: 'enum.relationship' }),
  pinfl: (t) => ({ label: t('families.member.pinfl'), typed: 'text' }),
  idCard: (t) => ({ label: t('families.member.idCard'), typed: 'text' }),
  birthCertificate: (t) => ({ label: t('families.member.birthCertificate'), typed: 'text' }),
  documentsHeld: (t) => ({ label: t('families.member.documentsHeld'), codes: 'enum.document' }),
  documentsMissing: (t) => ({ label: t('families.member.documentsMissing'), codes: 'enum.document' }),
  'disability.group': (t) => ({ label: t('families.member.disability'), codes: 'enum.disability' }),
  'disability.note': (t) => ({ label: t('families.member.disabilityNote'), typed: 'text' }),
  'schooling.kind': (t) => ({ label: t('families.member.schooling'), codes: 'enum.schooling' }),
  'schooling.institution': (t) => ({ label: t('families.member.institution'), typed: 'text' }),
  'schooling.grade': (t) => ({ label: t('families.member.grade'), typed: 'number' }),
  'whereabouts.status': (t) => ({ label: t('families.member.whereaboutsStatus'), codes: 'enum.whereabouts' }),
  'whereabouts.country': (t) => ({ label: t('families.member.country') }),
  'whereabouts.since': (t) => ({ label: t('families.member.since') }),
  'whereabouts.sendsSupport': (t) => ({ label: t('families.member.sendsSupport') }),
  'whereabouts.contactChannel': (t) => ({ label: t('families.member.contactChannel'), codes: 'enum.contactChannel' }),
  'whereabouts.place': (t) => ({ label: t('families.member.place'), typed: 'text' }),
  vulnerabilityMarkers: (t) => ({ label: t('families.member.vulnerability'), codes: 'enum.vulnerability' }),
};

/** Answers, ratings, strengths and needs of a screening or an assessment, named as the instrument names them. */
function assessmentField(t: TFunction, path: string, texts: InstrumentTexts | undefined): FieldView | null {
  const [group, key = ''] = path.split(/\.(.*)/s);
  const domain = texts?.domains.get(key) ?? key;
  if (group === 'answers') {
    const question = texts?.questions.get(key);
    return question ? { label: question.text, names: question.answers } : { label: t('syncConflicts.field.answer', { key }) };
  }
  if (group === 'domainRatings') return { label: t('syncConflicts.field.rating', { key: domain }), codes: 'assessments.rating' };
  if (group === 'strengths') return { label: t('syncConflicts.field.strengths', { key: domain }), typed: 'text' };
  if (group === 'needs') return { label: t('syncConflicts.field.needs', { key: domain }), typed: 'text' };
  if (path === 'overrideRisk') return { label: t('syncConflicts.field.overrideRisk'), codes: 'enum.risk' };
  if (path === 'overrideReason') return { label: t('syncConflicts.field.overrideReason'), typed: 'text' };
  return null;
}

export function fieldView(t: TFunction, entityType: string, path: string, texts?: InstrumentTexts): FieldView {
  const known = entityType === 'family' ? FAMILY_FIELDS[path] : entityType === 'person' ? PERSON_FIELDS[path] : undefined;
  if (known) return typeof known === 'function' ? known(t) : known;
  if (entityType === 'screening' || entityType === 'assessment') {
    const view = assessmentField(t, path, texts);
    if (view) return view;
  }
  if (entityType === 'plan_action' && path === 'status') return { label: t('syncConflicts.field.status'), codes: 'plans.actionStatus' };
  if (entityType === 'task' && path === 'status') return { label: t('syncConflicts.field.status'), codes: 'enum.taskStatus' };
  return { label: path };
}

/** A value as the worker reads it: codes by their names, yes/no, lists joined, an empty field said so. */
export function valueText(t: TFunction, view: FieldView, value: unknown): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return t('syncConflicts.emptyValue');
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (Array.isArray(value)) return value.map((item) => valueText(t, view, item)).join(', ');
  if (typeof value === 'string') {
    if (view.names?.[value]) return view.names[value];
    return view.codes ? t(`${view.codes}.${value}`, { defaultValue: value }) : value;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Where the record of a conflict can be seen, when it has a page of its own. */
export function recordLink(conflict: SyncConflict): string | null {
  if (conflict.entityType === 'family') return `/families/${conflict.entityId}`;
  if (conflict.entityType === 'screening') return `/cases/${conflict.entityId}`;
  return null;
}
