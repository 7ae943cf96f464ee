/**
 * The seeds' family, the Tursunovs, as the worker answers the family assessment: the father in Russia sends
 * nothing, the mother has no work, the youngest has no birth certificate; every domain is answered, as
 * submission needs.
 */
export const TURSUNOVA_ANSWERS = {
  'safety.violence': 'none',
  'safety.neglect': 'mostly',
  'safety.supervision': 'mostly',
  'education.enrolment': 'all',
  'education.attendance': 'frequent',
  'documents.birth_certificates': 'missing',
  'documents.id_cards': 'all',
  'income.employment': 'none',
  'income.sufficiency': 'no_income',
  'migration.absent_parent': 'one_abroad',
  'migration.contact': 'none',
  'migration.support': 'nothing',
  'health.care': 'regular',
  'living.housing': 'adequate',
  'family.relationships': 'warm',
  'wellbeing.carer': 'stressed',
  'support.relatives': 'some',
};
