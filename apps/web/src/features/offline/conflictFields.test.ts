import { familyInstrument, readinessInstrument } from '@hamkor/domain';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en.json';
import ru from '../../i18n/locales/ru.json';
import { FAMILY_FIELDS, fieldView, instrumentTexts, PERSON_FIELDS, recordLink, valueText } from './conflictFields.ts';

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', interpolation: { escapeValue: false } });
const t = i18n.t.bind(i18n);

describe('conflict screen fields', () => {
  it('labels every family and person field with a translation the edit forms use', () => {
    for (const [entity, fields] of [
      ['family', FAMILY_FIELDS],
      ['person', PERSON_FIELDS],
    ] as const) {
      for (const path of Object.keys(fields)) {
        const { label } = fieldView(t, entity, path);
        // A missing key comes back as the key itself.
        expect(label, `${entity} ${path}`).not.toMatch(/^(families|territory|enum)\./);
        expect(label).not.toBe(path);
      }
    }
    expect(fieldView(t, 'family', 'address')).toEqual({ label: 'Address', typed: 'text' });
    expect(fieldView(i18n.getFixedT('ru'), 'person', 'surname').label).toBe('Фамилия');
  });

  it('names answers, ratings and statuses, and falls back to the path for a field it does not know', () => {
    expect(fieldView(t, 'assessment', 'answers.q3').label).toBe('Answer to question q3');
    expect(fieldView(t, 'screening', 'answers.safety.now').label).toBe('Answer to question safety.now');
    expect(fieldView(t, 'plan_action', 'status')).toMatchObject({ label: 'Status', codes: 'plans.actionStatus' });
    expect(fieldView(t, 'family', 'somethingNew')).toEqual({ label: 'somethingNew' });
  });

  it("names the answers of a screening or an assessment as the instrument asks them, in the reader's language", () => {
    const texts = instrumentTexts([familyInstrument], 'ru');
    const answer = fieldView(t, 'screening', 'answers.screen.danger_now', texts);
    expect(answer.label).toBe('Находится ли ребёнок в опасности сейчас?');
    expect(valueText(t, answer, 'yes')).toBe('Да');
    const domain = familyInstrument.domains[0]!;
    expect(fieldView(t, 'assessment', `needs.${domain.key}`, texts)).toEqual({ label: `Needs: ${domain.title.ru}`, typed: 'text' });
    expect(valueText(t, fieldView(t, 'assessment', `domainRatings.${domain.key}`, texts), 'some_concern')).toBe('Some concern');
    // The instruments as pulled include the readiness for a child's return, which has no screening.
    const both = instrumentTexts([readinessInstrument, familyInstrument], 'ru');
    expect(fieldView(t, 'assessment', 'answers.return.child_wish', both).label).toBe('Хочет ли ребёнок вернуться в семью?');
    expect(fieldView(t, 'screening', 'answers.screen.danger_now', both).label).toBe('Находится ли ребёнок в опасности сейчас?');
    // Without the instrument (not loaded, or a key it lacks) the key itself is shown.
    expect(fieldView(t, 'screening', 'answers.unknown_question', texts).label).toBe('Answer to question unknown_question');
  });

  it('shows codes by their names, yes and no, lists, and an empty value as such', () => {
    const housing = fieldView(t, 'family', 'livingConditions.housing');
    expect(valueText(t, housing, 'rented')).toBe(en.enum.housing.rented);
    expect(valueText(t, housing, 'not_a_code')).toBe('not_a_code');
    expect(valueText(t, fieldView(t, 'person', 'documentsHeld'), ['passport', 'id_card'])).toBe(
      `${t('enum.document.passport')}, ${t('enum.document.id_card')}`,
    );
    expect(valueText(t, fieldView(t, 'family', 'livingConditions.water'), true)).toBe('Yes');
    for (const empty of [null, undefined, '', []]) expect(valueText(t, fieldView(t, 'family', 'notes'), empty)).toBe('(empty)');
    expect(valueText(t, fieldView(t, 'family', 'livingConditions.rooms'), 0)).toBe('0');
    expect(valueText(t, fieldView(t, 'plan_action', 'status'), 'in_progress')).toBe(en.plans.actionStatus.in_progress);
  });

  it('links a family and a case screening to their pages', () => {
    const base = { id: 'c', commandId: 'k', type: 't', createdAt: '', fields: [] };
    expect(recordLink({ ...base, entityType: 'family', entityId: 'f1' })).toBe('/families/f1');
    expect(recordLink({ ...base, entityType: 'screening', entityId: 'c1' })).toBe('/cases/c1');
    expect(recordLink({ ...base, entityType: 'person', entityId: 'p1' })).toBeNull();
  });
});
