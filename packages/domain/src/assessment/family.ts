import { uzLatinToCyrillic } from './cyrillic.ts';
import type { InstrumentDefinition, LocalisedText } from './instrument.ts';

/**
 * The default instrument, "Family assessment": version 1 and version 2 (the same questions, a risk rule
 * where mild concerns alone no longer make a family red; see docs/assessment.md), loaded at start when missing.
 */
const t = (uz: string, ru: string, en: string): LocalisedText => ({ 'uz-Latn': uz, 'uz-Cyrl': uzLatinToCyrillic(uz), ru, en });
type A = [key: string, uz: string, ru: string, en: string, score: number, danger?: boolean];
const q = (key: string, text: LocalisedText, answers: A[]) => ({
  key,
  text,
  answers: answers.map(([k, uz, ru, en, score, danger]) => ({
    key: k,
    label: t(uz, ru, en),
    score,
    ...(danger && { immediateDanger: true }),
  })),
});

export const FAMILY_INSTRUMENT_KEY = 'family';

/** Version 1, as first published: kept so assessments made with it read as they were made. */
export const familyInstrumentV1: InstrumentDefinition = {
  key: FAMILY_INSTRUMENT_KEY,
  title: t('Oilani baholash', 'Оценка семьи', 'Family assessment'),
  domainRule: {
    description: t(
      'Sohaning bahosi eng yuqori javob balidan: 0 — aniq kuchli tomon, 1 — kuchli tomon, 2 — biroz xavotir, 3 — jiddiy muammo. Xodim bahoni oʻzgartirishi mumkin.',
      'Оценка сферы — по наивысшему баллу ответа: 0 — явная сильная сторона, 1 — сильная сторона, 2 — есть опасения, 3 — серьёзная проблема. Специалист может скорректировать оценку.',
      'A domain’s rating follows its highest answer score: 0 clear strength, 1 strength, 2 some concern, 3 serious problem. The worker may adjust it.',
    ),
  },
  riskRule: {
    description: t(
      'Jiddiy muammo 2 ball, biroz xavotir 1 ball, sohaning vazniga koʻpaytiriladi (xavfsizlik 3, sogʻliq 2, qolganlari 1). 2 balldan — oʻrta, 5 dan — yuqori, 9 dan — kritik. Xavfsizlikdagi jiddiy muammo kamida yuqori. Bevosita xavf belgilangan har qanday javob — kritik.',
      'Серьёзная проблема — 2 балла, опасения — 1 балл, умноженные на вес сферы (безопасность 3, здоровье 2, остальные 1). От 2 баллов — средний, от 5 — высокий, от 9 — критический. Серьёзная проблема в безопасности — не ниже высокого. Любой ответ с непосредственной опасностью — критический.',
      'A serious problem scores 2 and some concern 1, times the domain’s weight (safety 3, health 2, others 1). From 2 points medium, from 5 high, from 9 critical. A serious safety problem is at least high. Any answer marked immediate danger is critical.',
    ),
    weights: { safety_protection: 3, child_health_development: 2 },
    points: { serious_problem: 2, some_concern: 1 },
    thresholds: { medium: 2, high: 5, critical: 9 },
    highIfSerious: ['safety_protection'],
  },
  screening: {
    title: t('Dastlabki skrining', 'Первичный скрининг', 'Intake screening'),
    questions: [
      {
        key: 'screen.danger_now',
        text: t('Bola hozir xavf ostidami?', 'Находится ли ребёнок в опасности сейчас?', 'Is a child in danger now?'),
        answers: [
          { key: 'no', label: t('Yoʻq', 'Нет', 'No') },
          { key: 'yes', label: t('Ha', 'Да', 'Yes'), urgent: true },
        ],
      },
      {
        key: 'screen.alone',
        text: t('Bola kattalarsiz qolganmi?', 'Остался ли ребёнок без взрослых?', 'Is a child left without an adult?'),
        answers: [
          { key: 'no', label: t('Yoʻq', 'Нет', 'No') },
          { key: 'yes', label: t('Ha', 'Да', 'Yes'), urgent: true },
        ],
      },
      {
        key: 'screen.food_shelter',
        text: t('Oilada ovqat yoki boshpana yoʻqmi?', 'Нет ли у семьи еды или жилья?', 'Is the family without food or shelter?'),
        answers: [
          { key: 'no', label: t('Yoʻq', 'Нет', 'No') },
          { key: 'yes', label: t('Ha', 'Да', 'Yes'), urgent: true },
        ],
      },
      {
        key: 'screen.health',
        text: t('Shoshilinch tibbiy yordam kerakmi?', 'Нужна ли срочная медицинская помощь?', 'Is urgent medical care needed?'),
        answers: [
          { key: 'no', label: t('Yoʻq', 'Нет', 'No') },
          { key: 'yes', label: t('Ha', 'Да', 'Yes'), urgent: true },
        ],
      },
    ],
  },
  domains: [
    {
      key: 'safety_protection',
      title: t('Xavfsizlik va himoya', 'Безопасность и защита', 'Safety and protection'),
      questions: [
        q('safety.violence', t('Oilada zoʻravonlik bormi?', 'Есть ли в семье насилие?', 'Is there violence in the family?'), [
          ['none', 'Belgilari yoʻq', 'Признаков нет', 'No signs', 0],
          ['past', 'Oʻtmishda boʻlgan', 'Было в прошлом', 'In the past', 1],
          ['suspected', 'Shubha bor', 'Есть подозрение', 'Suspected', 2],
          [
            'ongoing',
            'Hozir davom etmoqda, bola xavf ostida',
            'Продолжается, ребёнок в опасности',
            'Ongoing, the child is in danger',
            3,
            true,
          ],
        ]),
        q('safety.neglect', t('Bolaning ehtiyojlariga qaraladimi?', 'Удовлетворяются ли нужды ребёнка?', 'Are the child’s needs met?'), [
          ['met', 'Toʻliq', 'Полностью', 'Fully', 0],
          ['mostly', 'Asosan', 'В основном', 'Mostly', 1],
          ['often_not', 'Koʻpincha yoʻq', 'Часто нет', 'Often not', 2],
          ['neglected', 'Qarovsiz qolgan', 'Ребёнок заброшен', 'Neglected', 3],
        ]),
        q(
          'safety.exploitation',
          t(
            'Bola ishlatiladimi (mehnat, tilanchilik)?',
            'Эксплуатируется ли ребёнок (труд, попрошайничество)?',
            'Is the child exploited (labour, begging)?',
          ),
          [
            ['no', 'Yoʻq', 'Нет', 'No', 0],
            ['light', 'Yengil uy ishlari', 'Лёгкая помощь по дому', 'Light household help', 1],
            ['risk', 'Xavf bor', 'Есть риск', 'At risk', 2],
            ['yes', 'Ha, ogʻir mehnat yoki tilanchilik', 'Да, тяжёлый труд или попрошайничество', 'Yes, heavy labour or begging', 3],
          ],
        ),
        q(
          'safety.supervision',
          t('Bola kattalar nazoratidami?', 'Находится ли ребёнок под присмотром взрослых?', 'Is the child supervised by an adult?'),
          [
            ['always', 'Doim', 'Всегда', 'Always', 0],
            ['mostly', 'Koʻpincha', 'Чаще всего', 'Mostly', 1],
            ['often_alone', 'Koʻpincha yolgʻiz', 'Часто один', 'Often alone', 2],
            ['alone_now', 'Kattalarsiz qolgan', 'Остался без взрослых', 'Left without any adult', 3, true],
          ],
        ),
      ],
    },
    {
      key: 'child_health_development',
      title: t('Bolaning sogʻligʻi va rivojlanishi', 'Здоровье и развитие ребёнка', 'Child health and development'),
      questions: [
        q('health.care', t('Bola tibbiy yordam oladimi?', 'Получает ли ребёнок медицинскую помощь?', 'Does the child get health care?'), [
          ['regular', 'Muntazam, emlangan', 'Регулярно, привит', 'Regularly, vaccinated', 0],
          ['sometimes', 'Baʼzan', 'Иногда', 'Sometimes', 1],
          ['rarely', 'Kam, emlanmagan', 'Редко, не привит', 'Rarely, not vaccinated', 2],
          ['untreated', 'Davolanmagan kasallik bor', 'Есть нелеченая болезнь', 'An untreated illness', 3],
        ]),
        q(
          'health.development',
          t('Bola yoshiga mos rivojlanmoqdami?', 'Развивается ли ребёнок по возрасту?', 'Is the child developing for their age?'),
          [
            ['yes', 'Ha', 'Да', 'Yes', 0],
            ['minor', 'Kichik orqada qolish', 'Небольшое отставание', 'A small delay', 1],
            ['delay', 'Sezilarli orqada qolish', 'Заметное отставание', 'A marked delay', 2],
            ['severe', 'Ogʻir, yordamsiz', 'Серьёзное, без помощи', 'Severe, without support', 3],
          ],
        ),
        q('health.nutrition', t('Bola yetarli ovqatlanadimi?', 'Достаточно ли ребёнок питается?', 'Does the child eat enough?'), [
          ['enough', 'Yetarli', 'Достаточно', 'Enough', 0],
          ['mostly', 'Asosan', 'В основном', 'Mostly', 1],
          ['insufficient', 'Yetarli emas', 'Недостаточно', 'Not enough', 2],
          ['malnourished', 'Ozib ketgan', 'Истощён', 'Malnourished', 3],
        ]),
      ],
    },
    {
      key: 'education',
      title: t('Taʼlim', 'Образование', 'Education'),
      questions: [
        q(
          'education.enrolment',
          t(
            'Bolalar maktab yoki bogʻchaga yozilganmi?',
            'Записаны ли дети в школу или детский сад?',
            'Are the children enrolled in school or kindergarten?',
          ),
          [
            ['all', 'Hammasi', 'Все', 'All', 0],
            ['most', 'Koʻpchiligi', 'Большинство', 'Most', 1],
            ['some', 'Baʼzilari', 'Некоторые', 'Some', 2],
            ['none', 'Hech biri', 'Никто', 'None', 3],
          ],
        ),
        q('education.attendance', t('Bolalar darsga qatnaydimi?', 'Посещают ли дети занятия?', 'Do the children attend?'), [
          ['regular', 'Muntazam', 'Регулярно', 'Regularly', 0],
          ['some_absence', 'Baʼzan qoldiradi', 'Иногда пропускают', 'Some absences', 1],
          ['frequent', 'Koʻp qoldiradi', 'Часто пропускают', 'Frequent absences', 2],
          ['dropped_out', 'Maktabni tashlagan', 'Бросили школу', 'Dropped out', 3],
        ]),
      ],
    },
    {
      key: 'living_conditions',
      title: t('Yashash sharoiti', 'Условия проживания', 'Living conditions'),
      questions: [
        q('living.housing', t('Uy-joy xavfsiz va issiqmi?', 'Безопасно ли и тепло ли жильё?', 'Is the housing safe and warm?'), [
          ['good', 'Yaxshi', 'Хорошее', 'Good', 0],
          ['adequate', 'Qoniqarli', 'Удовлетворительное', 'Adequate', 1],
          ['poor', 'Yomon, taʼmir kerak', 'Плохое, нужен ремонт', 'Poor, needs repair', 2],
          ['unsafe', 'Xavfli yoki uy yoʻq', 'Опасное или жилья нет', 'Unsafe or no home', 3],
        ]),
        q('living.utilities', t('Suv, gaz, elektr bormi?', 'Есть ли вода, газ, электричество?', 'Are there water, gas and electricity?'), [
          ['all', 'Hammasi bor', 'Всё есть', 'All', 0],
          ['interrupted', 'Uzilishlar bilan', 'С перебоями', 'With interruptions', 1],
          ['missing', 'Biri yoʻq', 'Чего-то нет', 'One is missing', 2],
          ['none', 'Hech biri yoʻq', 'Ничего нет', 'None', 3],
        ]),
      ],
    },
    {
      key: 'income_employment',
      title: t('Daromad va bandlik', 'Доход и занятость', 'Income and employment'),
      questions: [
        q('income.employment', t('Kattalar ishlaydimi?', 'Работают ли взрослые?', 'Do the adults work?'), [
          ['stable', 'Doimiy ishda', 'Постоянная работа', 'Stable work', 0],
          ['seasonal', 'Mavsumiy ish', 'Сезонная работа', 'Seasonal work', 1],
          ['casual', 'Kunlik ish', 'Подённая работа', 'Day labour', 2],
          ['none', 'Hech kim ishlamaydi', 'Никто не работает', 'Nobody works', 3],
        ]),
        q(
          'income.sufficiency',
          t('Daromad asosiy ehtiyojlarga yetadimi?', 'Хватает ли дохода на основные нужды?', 'Does the income cover basic needs?'),
          [
            ['yes', 'Ha', 'Да', 'Yes', 0],
            ['barely', 'Zoʻrgʻa', 'Едва', 'Barely', 1],
            ['no', 'Yoʻq, qarz bor', 'Нет, есть долги', 'No, there are debts', 2],
            ['no_income', 'Daromad yoʻq', 'Дохода нет', 'No income', 3],
          ],
        ),
        q(
          'income.benefits',
          t('Oila ijtimoiy yordam oladimi?', 'Получает ли семья социальную помощь?', 'Does the family receive social benefits?'),
          [
            ['receives', 'Ha, oladi', 'Да, получает', 'Yes', 0],
            ['not_needed', 'Kerak emas', 'Не нужна', 'Not needed', 0],
            ['applied', 'Ariza berilgan', 'Подано заявление', 'Applied for', 1],
            ['eligible_not', 'Haqli, lekin olmaydi', 'Имеет право, но не получает', 'Eligible but not receiving', 2],
          ],
        ),
      ],
    },
    {
      key: 'documents_legal',
      title: t('Hujjatlar va huquqiy holat', 'Документы и правовой статус', 'Documents and legal status'),
      questions: [
        q(
          'documents.birth_certificates',
          t(
            'Har bir bolada tugʻilganlik guvohnomasi bormi?',
            'Есть ли у каждого ребёнка свидетельство о рождении?',
            'Does every child have a birth certificate?',
          ),
          [
            ['all', 'Hammasida bor', 'У всех есть', 'All have one', 0],
            ['in_progress', 'Rasmiylashtirilmoqda', 'Оформляется', 'Being issued', 1],
            ['missing', 'Bir bolada yoʻq', 'У одного ребёнка нет', 'One child has none', 3],
          ],
        ),
        q(
          'documents.id_cards',
          t('Kattalarda shaxsiy guvohnoma (ID karta) bormi?', 'Есть ли у взрослых ID-карты?', 'Do the adults have ID cards?'),
          [
            ['all', 'Hammasida bor', 'У всех есть', 'All have one', 0],
            ['expired', 'Muddati oʻtgan', 'Просрочены', 'Expired', 2],
            ['missing', 'Yoʻq', 'Нет', 'Missing', 3],
          ],
        ),
        q(
          'documents.registration',
          t(
            'Oila yashash joyida roʻyxatdan oʻtganmi?',
            'Зарегистрирована ли семья по месту жительства?',
            'Is the family registered where it lives?',
          ),
          [
            ['yes', 'Ha', 'Да', 'Yes', 0],
            ['temporary', 'Vaqtincha', 'Временно', 'Temporarily', 1],
            ['no', 'Yoʻq', 'Нет', 'No', 2],
          ],
        ),
      ],
    },
    {
      key: 'family_relationships_parenting',
      title: t('Oilaviy munosabatlar va tarbiya', 'Семейные отношения и воспитание', 'Family relationships and parenting'),
      questions: [
        q(
          'family.parenting',
          t(
            'Ota-ona bolaga gʻamxoʻrlik qila oladimi?',
            'Способны ли родители заботиться о ребёнке?',
            'Can the carers look after the child?',
          ),
          [
            ['well', 'Yaxshi', 'Хорошо', 'Well', 0],
            ['adequate', 'Qoniqarli', 'Удовлетворительно', 'Adequately', 1],
            ['struggling', 'Qiynalmoqda', 'С трудом', 'Struggling', 2],
            ['unable', 'Qila olmaydi', 'Не способны', 'Unable', 3],
          ],
        ),
        q('family.relationships', t('Oiladagi munosabatlar qanday?', 'Каковы отношения в семье?', 'How are relationships in the family?'), [
          ['warm', 'Iliq', 'Тёплые', 'Warm', 0],
          ['tense', 'Biroz keskin', 'Немного напряжённые', 'Somewhat tense', 1],
          ['conflict', 'Tez-tez janjal', 'Частые конфликты', 'Frequent conflict', 2],
          ['breakdown', 'Oila buzilgan', 'Семья распалась', 'Broken down', 3],
        ]),
      ],
    },
    {
      key: 'migration_contact',
      title: t('Migratsiya va aloqa', 'Миграция и связь', 'Migration and contact'),
      questions: [
        q('migration.absent_parent', t('Ota yoki ona chet eldami?', 'Находится ли отец или мать за границей?', 'Is a parent abroad?'), [
          ['no', 'Yoʻq', 'Нет', 'No', 0],
          ['one_abroad', 'Biri chet elda', 'Один за границей', 'One is abroad', 1],
          ['both_abroad', 'Ikkalasi chet elda', 'Оба за границей', 'Both are abroad', 2],
          ['lost', 'Bedarak, aloqa yoʻq', 'Пропал, связи нет', 'Missing, no contact', 3],
        ]),
        q(
          'migration.contact',
          t(
            'Bolalar chet eldagi ota-ona bilan aloqadami?',
            'Общаются ли дети с родителем за границей?',
            'Are the children in contact with the parent abroad?',
          ),
          [
            ['not_applicable', 'Hech kim chet elda emas', 'Никто не за границей', 'Nobody is abroad', 0],
            ['regular', 'Muntazam', 'Регулярно', 'Regularly', 0],
            ['rare', 'Kam', 'Редко', 'Rarely', 2],
            ['none', 'Aloqa yoʻq', 'Связи нет', 'No contact', 3],
          ],
        ),
        q(
          'migration.support',
          t('Chet eldagi ota-ona pul yuboradimi?', 'Присылает ли родитель деньги из-за границы?', 'Does the parent abroad send support?'),
          [
            ['not_applicable', 'Hech kim chet elda emas', 'Никто не за границей', 'Nobody is abroad', 0],
            ['regular', 'Muntazam', 'Регулярно', 'Regularly', 0],
            ['irregular', 'Vaqti-vaqti bilan', 'Нерегулярно', 'Irregularly', 1],
            ['nothing', 'Hech narsa yubormaydi', 'Ничего не присылает', 'Sends nothing', 2],
          ],
        ),
      ],
    },
    {
      key: 'psychosocial_wellbeing',
      title: t('Ruhiy-ijtimoiy holat', 'Психосоциальное благополучие', 'Psychosocial wellbeing'),
      questions: [
        q(
          'wellbeing.child',
          t('Bolaning ruhiy holati qanday?', 'Каково эмоциональное состояние ребёнка?', 'How is the child’s emotional wellbeing?'),
          [
            ['good', 'Yaxshi', 'Хорошее', 'Good', 0],
            ['some_signs', 'Baʼzi belgilari bor', 'Есть некоторые признаки', 'Some signs of distress', 1],
            ['distressed', 'Tushkun, xavotirda', 'Подавлен, тревожен', 'Distressed', 2],
            ['self_harm', 'Oʻziga zarar yetkazish xavfi', 'Риск самоповреждения', 'Risk of self-harm', 3, true],
          ],
        ),
        q(
          'wellbeing.carer',
          t('Ota-onaning ruhiy holati qanday?', 'Каково эмоциональное состояние родителя?', 'How is the carer’s wellbeing?'),
          [
            ['good', 'Yaxshi', 'Хорошее', 'Good', 0],
            ['stressed', 'Charchagan', 'Усталость, стресс', 'Stressed', 1],
            ['depressed', 'Tushkunlikda', 'Депрессия', 'Depressed', 2],
            ['crisis', 'Inqirozda', 'В кризисе', 'In crisis', 3],
          ],
        ),
      ],
    },
    {
      key: 'social_support_community',
      title: t('Ijtimoiy koʻmak va mahalla', 'Социальная поддержка и махалля', 'Social support and community'),
      questions: [
        q('support.relatives', t('Qarindoshlar yordam beradimi?', 'Помогают ли родственники?', 'Do relatives help?'), [
          ['strong', 'Ha, doim', 'Да, всегда', 'Yes, always', 0],
          ['some', 'Baʼzan', 'Иногда', 'Sometimes', 1],
          ['little', 'Kam', 'Мало', 'Little', 2],
          ['none', 'Yoʻq, yolgʻiz', 'Нет, семья одна', 'None, alone', 3],
        ]),
        q(
          'support.mahalla',
          t(
            'Oila mahalla va xizmatlar bilan bogʻlanganmi?',
            'Связана ли семья с махаллей и службами?',
            'Is the family connected to the mahalla and services?',
          ),
          [
            ['connected', 'Ha', 'Да', 'Yes', 0],
            ['partly', 'Qisman', 'Частично', 'Partly', 1],
            ['isolated', 'Ajralib qolgan', 'Изолирована', 'Isolated', 2],
          ],
        ),
      ],
    },
  ],
};

/**
 * Version 2: a serious problem weighs four concerns, not two, and high starts at 8 points, so concern in four
 * domains (even safety and health among them) is medium, not high; a serious problem in a child's health is
 * at least high, as one in safety is. Domains and questions are version 1's.
 */
export const familyInstrument: InstrumentDefinition = {
  ...familyInstrumentV1,
  riskRule: {
    description: t(
      'Jiddiy muammo 4 ball, biroz xavotir 1 ball, sohaning vazniga koʻpaytiriladi (xavfsizlik 3, sogʻliq 2, qolganlari 1). 2 balldan — oʻrta, 8 dan — yuqori, 20 dan — kritik. Xavfsizlik yoki bola sogʻligʻidagi jiddiy muammo kamida yuqori. Bevosita xavf belgilangan har qanday javob — kritik. Baholanmagan soha hisobga olinmaydi, natija esa toʻliq emas deb belgilanadi.',
      'Серьёзная проблема — 4 балла, опасения — 1 балл, умноженные на вес сферы (безопасность 3, здоровье 2, остальные 1). От 2 баллов — средний, от 8 — высокий, от 20 — критический. Серьёзная проблема в безопасности или здоровье ребёнка — не ниже высокого. Любой ответ с непосредственной опасностью — критический. Сфера без оценки не учитывается, а результат отмечается как неполный.',
      'A serious problem scores 4 and some concern 1, times the domain’s weight (safety 3, health 2, others 1). From 2 points medium, from 8 high, from 20 critical. A serious problem in safety or in the child’s health is at least high. Any answer marked immediate danger is critical. A domain not assessed does not count, and the result is marked incomplete.',
    ),
    weights: { safety_protection: 3, child_health_development: 2 },
    points: { serious_problem: 4, some_concern: 1 },
    thresholds: { medium: 2, high: 8, critical: 20 },
    highIfSerious: ['safety_protection', 'child_health_development'],
  },
};

/** Every published version of the family instrument, oldest first: version n is `FAMILY_INSTRUMENT_VERSIONS[n - 1]`. */
export const FAMILY_INSTRUMENT_VERSIONS: readonly InstrumentDefinition[] = [familyInstrumentV1, familyInstrument];
