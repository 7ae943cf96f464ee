import { uzLatinToCyrillic } from './cyrillic.ts';
import type { LocalisedText, ReadinessDefinition } from './instrument.ts';

/**
 * The family's readiness for the return of a child in residential care (a Mehribonlik home, a baby home, a
 * boarding school, a Muruvvat home): nine domains of reintegration practice, each question answered on the
 * family instrument's 0–3 scale, and a readiness rule — ready, ready with support, not yet ready — in the
 * version. See docs/assessment.md, "Readiness for a child's return".
 */
const t = (uz: string, kaa: string, ru: string, en: string): LocalisedText => ({
  'uz-Latn': uz,
  'uz-Cyrl': uzLatinToCyrillic(uz),
  ru,
  en,
  kaa,
});
type A = [key: string, uz: string, kaa: string, ru: string, en: string, score: number, danger?: boolean];
const q = (key: string, text: LocalisedText, answers: A[]) => ({
  key,
  text,
  answers: answers.map(([k, uz, kaa, ru, en, score, danger]) => ({
    key: k,
    label: t(uz, kaa, ru, en),
    score,
    ...(danger && { immediateDanger: true }),
  })),
});

export const READINESS_INSTRUMENT_KEY = 'reintegration_readiness';

/** Version 1, as first published. */
export const readinessInstrumentV1: ReadinessDefinition = {
  kind: 'readiness',
  key: READINESS_INSTRUMENT_KEY,
  title: t(
    'Oilaning bolani qaytarib olishga tayyorligi',
    'Shańaraqtıń balanı qaytarıp alıwǵa tayarlıǵı',
    'Готовность семьи к возвращению ребёнка',
    'Family readiness for the child’s return',
  ),
  domainRule: {
    description: t(
      'Sohaning bahosi eng yuqori javob balidan: 0 — aniq kuchli tomon, 1 — kuchli tomon, 2 — biroz xavotir, 3 — jiddiy muammo. Xodim bahoni oʻzgartirishi mumkin.',
      'Tarawdıń bahası eń joqarı juwap balınan: 0 — anıq kúshli tárep, 1 — kúshli tárep, 2 — azıraq qáweter, 3 — jiddiy mashqala. Xızmetker bahanı ózgertiwi múmkin.',
      'Оценка сферы — по наивысшему баллу ответа: 0 — явная сильная сторона, 1 — сильная сторона, 2 — есть опасения, 3 — серьёзная проблема. Специалист может скорректировать оценку.',
      'A domain’s rating follows its highest answer score: 0 clear strength, 1 strength, 2 some concern, 3 serious problem. The worker may adjust it.',
    ),
  },
  readinessRule: {
    description: t(
      'Jiddiy muammo 4 ball, biroz xavotir 1 ball, sohaning vazniga koʻpaytiriladi (xavfsizlik 3, bolaning xohishi va tarbiyachilarning imkoniyati 2, qolganlari 1). 0–1 ball — tayyor, 2 balldan — yordam bilan tayyor, 8 balldan — hali tayyor emas. Bolaning xohishi, tarbiyachilarning imkoniyati yoki xavfsizlikdagi jiddiy muammo, yoki bevosita xavf belgilangan javob — hali tayyor emas. Baholanmagan soha bilan natija eng yaxshi holda yordam bilan tayyor.',
      'Jiddiy mashqala 4 ball, azıraq qáweter 1 ball, tarawdıń salmaǵına kóbeytiledi (qáwipsizlik 3, balanıń qálewi hám tárbiyashılardıń múmkinshiligi 2, qalǵanları 1). 0–1 ball — tayar, 2 balldan — járdem menen tayar, 8 balldan — ele tayar emes. Balanıń qálewi, tárbiyashılardıń múmkinshiligi yamasa qáwipsizliktegi jiddiy mashqala, yamasa tikkeley qáwip belgilengen juwap — ele tayar emes. Bahalanbaǵan taraw bolsa, nátiyje eń jaqsı jaǵdayda járdem menen tayar.',
      'Серьёзная проблема — 4 балла, опасения — 1 балл, умноженные на вес сферы (безопасность 3, желание ребёнка и возможности воспитателей 2, остальные 1). 0–1 балл — готова, от 2 — готова при поддержке, от 8 — пока не готова. Серьёзная проблема в желании ребёнка, возможностях воспитателей или безопасности, как и ответ с непосредственной опасностью, — пока не готова. Со сферой без оценки результат — не лучше «готова при поддержке».',
      'A serious problem scores 4 and some concern 1, times the domain’s weight (safety 3, the child’s wishes and the caregivers’ capacity 2, others 1). 0–1 points ready, from 2 ready with support, from 8 not yet ready. A serious problem in the child’s wishes, the caregivers’ capacity or safety, or any answer marked immediate danger, is not yet ready. With a domain not assessed the result is at best ready with support.',
    ),
    weights: { safety_reasons_resolved: 3, child_wishes_relationship: 2, caregiver_capacity: 2 },
    points: { serious_problem: 4, some_concern: 1 },
    thresholds: { readyWithSupport: 2, notYetReady: 8 },
    notReadyIfSerious: ['child_wishes_relationship', 'caregiver_capacity', 'safety_reasons_resolved'],
  },
  domains: [
    {
      key: 'child_wishes_relationship',
      title: t(
        'Bolaning xohishi va oila bilan munosabati',
        'Balanıń qálewi hám shańaraq penen qatnası',
        'Желание ребёнка и его отношения с семьёй',
        'The child’s wishes and relationship with the family',
      ),
      questions: [
        q(
          'return.child_wish',
          t(
            'Bola oilasiga qaytishni xohlaydimi?',
            'Bala shańaraǵına qaytıwdı qáleyme?',
            'Хочет ли ребёнок вернуться в семью?',
            'Does the child want to return to the family?',
          ),
          [
            ['wants', 'Ha, xohlaydi', 'Awa, qáleydi', 'Да, хочет', 'Yes, wants to', 0],
            ['agrees', 'Rozi, lekin xavotiri bor', 'Razı, biraq qáweteri bar', 'Согласен, но есть тревоги', 'Agrees, with worries', 1],
            ['unsure', 'Ikkilanmoqda', 'Ekilenip atır', 'Сомневается', 'Unsure', 2],
            ['refuses', 'Qaytishni istamaydi', 'Qaytıwdı qálemeydi', 'Не хочет возвращаться', 'Refuses to return', 3],
          ],
        ),
        q(
          'return.contact',
          t(
            'Bola muassasada boʻlganida oila bilan aloqadami?',
            'Bala mákemede bolǵanda shańaraq penen baylanısta ma?',
            'Общается ли ребёнок с семьёй, пока он в учреждении?',
            'Is the child in contact with the family while in care?',
          ),
          [
            [
              'regular',
              'Muntazam, uyga borib keladi',
              'Turaqlı, úyge barıp keledi',
              'Регулярно, бывает дома',
              'Regularly, with home visits',
              0,
            ],
            ['visits', 'Oila kelib turadi', 'Shańaraq kelip turadı', 'Семья навещает', 'The family visits', 1],
            ['rare', 'Kam', 'Siyrek', 'Редко', 'Rarely', 2],
            ['none', 'Aloqa yoʻq', 'Baylanıs joq', 'Связи нет', 'No contact', 3],
          ],
        ),
      ],
    },
    {
      key: 'caregiver_capacity',
      title: t(
        'Tarbiyachilarning imkoniyati va tarbiya',
        'Tárbiyashılardıń múmkinshiligi hám tárbiya',
        'Возможности воспитателей и воспитание',
        'The caregivers’ capacity and parenting',
      ),
      questions: [
        q(
          'return.parenting',
          t(
            'Ota-ona yoki qarindosh bolaga gʻamxoʻrlik qila oladimi?',
            'Ata-ana yamasa tuwısqan balaǵa ǵamxorlıq ete ala ma?',
            'Способны ли родители или родственники заботиться о ребёнке?',
            'Can the parents or relatives care for the child?',
          ),
          [
            ['well', 'Yaxshi', 'Jaqsı', 'Хорошо', 'Well', 0],
            ['with_help', 'Yordam bilan', 'Járdem menen', 'С помощью', 'With help', 1],
            ['struggling', 'Qiynaladi', 'Qıynaladı', 'С большим трудом', 'Struggling', 2],
            ['unable', 'Qila olmaydi', 'Ete almaydı', 'Не способны', 'Unable', 3],
          ],
        ),
        q(
          'return.preparation',
          t(
            'Oila tayyorgarlik uchrashuvlarida qatnashdimi?',
            'Shańaraq tayarlıq ushırasıwlarına qatnastı ma?',
            'Участвовала ли семья в подготовительных встречах?',
            'Has the family taken part in the preparation visits?',
          ),
          [
            ['all', 'Hammasida', 'Hámmesine', 'Во всех', 'In all of them', 0],
            ['most', 'Koʻpchiligida', 'Kópshiligine', 'В большинстве', 'In most', 1],
            ['few', 'Bir-ikkitasida', 'Bir-ekewine', 'В одной-двух', 'In one or two', 2],
            ['none', 'Qatnashmadi', 'Qatnaspadı', 'Не участвовала', 'In none', 3],
          ],
        ),
      ],
    },
    {
      key: 'safety_reasons_resolved',
      title: t(
        'Xavfsizlik va joylashtirish sabablari bartaraf etilgani',
        'Qáwipsizlik hám jaylastırıw sebepleriniń saplastırılıwı',
        'Безопасность и устранение причин помещения',
        'Safety and the reasons for the placement resolved',
      ),
      questions: [
        q(
          'return.reasons_resolved',
          t(
            'Bolani muassasaga joylashtirish sabablari bartaraf etildimi?',
            'Balanı mákemege jaylastırıw sebepleri saplastırıldı ma?',
            'Устранены ли причины, по которым ребёнок был помещён в учреждение?',
            'Have the reasons the child was placed in care been resolved?',
          ),
          [
            ['resolved', 'Toʻliq', 'Tolıq', 'Полностью', 'Fully', 0],
            ['mostly', 'Asosan', 'Tiykarınan', 'В основном', 'Mostly', 1],
            ['partly', 'Qisman', 'Jartılay', 'Частично', 'Partly', 2],
            ['not', 'Yoʻq', 'Joq', 'Нет', 'Not at all', 3],
          ],
        ),
        q(
          'return.violence',
          t(
            'Uyda zoʻravonlik yoki qarovsizlik xavfi bormi?',
            'Úyde zorlıq yamasa qarawsızlıq qáwpi bar ma?',
            'Есть ли дома риск насилия или пренебрежения?',
            'Is there a risk of violence or neglect at home?',
          ),
          [
            ['none', 'Belgilari yoʻq', 'Belgileri joq', 'Признаков нет', 'No signs', 0],
            ['past', 'Oʻtmishda boʻlgan, hal qilingan', 'Burın bolǵan, sheshilgen', 'Было в прошлом, решено', 'In the past, dealt with', 1],
            ['concern', 'Xavotir bor', 'Qáweter bar', 'Есть опасения', 'A concern', 2],
            [
              'ongoing',
              'Davom etmoqda, bola xavf ostida boʻladi',
              'Dawam etpekte, bala qáwip astında boladı',
              'Продолжается, ребёнок будет в опасности',
              'Ongoing, the child would be in danger',
              3,
              true,
            ],
          ],
        ),
      ],
    },
    {
      key: 'housing_living',
      title: t(
        'Uy-joy va yashash sharoiti',
        'Turaq jay hám jasaw sharayatı',
        'Жильё и условия проживания',
        'Housing and living conditions',
      ),
      questions: [
        q(
          'return.housing',
          t(
            'Uy-joy xavfsiz va issiqmi?',
            'Turaq jay qáwipsiz hám jıllı ma?',
            'Безопасно ли и тепло ли жильё?',
            'Is the home safe and warm?',
          ),
          [
            ['good', 'Yaxshi', 'Jaqsı', 'Хорошее', 'Good', 0],
            ['adequate', 'Qoniqarli', 'Qanaatlandırarlı', 'Удовлетворительное', 'Adequate', 1],
            ['poor', 'Yomon, taʼmir kerak', 'Jaman, remont kerek', 'Плохое, нужен ремонт', 'Poor, needs repair', 2],
            ['none', 'Xavfli yoki uy yoʻq', 'Qáwipli yamasa úy joq', 'Опасное или жилья нет', 'Unsafe or no home', 3],
          ],
        ),
        q(
          'return.sleeping_place',
          t(
            'Bolaning yotadigan joyi va narsalari tayyormi?',
            'Balanıń jatatuǵın ornı hám zatları tayar ma?',
            'Готово ли для ребёнка спальное место и вещи?',
            'Is there a bed and a place for the child’s things?',
          ),
          [
            ['ready', 'Tayyor', 'Tayar', 'Готово', 'Ready', 0],
            [
              'shared',
              'Boshqa bola bilan birga, yetarli',
              'Basqa bala menen birge, jeterli',
              'Вместе с другим ребёнком, достаточно',
              'Shared, enough',
              1,
            ],
            ['crowded', 'Juda tor', 'Júdá tar', 'Очень тесно', 'Very crowded', 2],
            ['none', 'Joy yoʻq', 'Orın joq', 'Места нет', 'No place', 3],
          ],
        ),
      ],
    },
    {
      key: 'income_basic_needs',
      title: t('Daromad va asosiy ehtiyojlar', 'Dáramat hám tiykarǵı mútajlikler', 'Доход и основные нужды', 'Income and basic needs'),
      questions: [
        q(
          'return.income',
          t(
            'Daromad bola bilan oilaning asosiy ehtiyojlariga yetadimi?',
            'Dáramat bala menen shańaraqtıń tiykarǵı mútajliklerine jete me?',
            'Хватит ли дохода на основные нужды семьи вместе с ребёнком?',
            'Will the income cover the family’s basic needs with the child?',
          ),
          [
            ['yes', 'Ha', 'Awa', 'Да', 'Yes', 0],
            ['barely', 'Zoʻrgʻa', 'Áreń', 'Едва', 'Barely', 1],
            ['no', 'Yoʻq, qarz bor', 'Joq, qarız bar', 'Нет, есть долги', 'No, there are debts', 2],
            ['no_income', 'Daromad yoʻq', 'Dáramat joq', 'Дохода нет', 'No income', 3],
          ],
        ),
        q(
          'return.benefits',
          t(
            'Oila haqli boʻlgan nafaqa va yordamni oladimi?',
            'Shańaraq haqılı bolǵan napaqa hám járdemdi ala ma?',
            'Получает ли семья пособия и помощь, на которые имеет право?',
            'Does the family receive the benefits it is entitled to?',
          ),
          [
            ['receives', 'Ha, yoki kerak emas', 'Awa, yamasa kerek emes', 'Да, или не нужны', 'Yes, or none needed', 0],
            ['applied', 'Ariza berilgan', 'Arza berilgen', 'Подано заявление', 'Applied for', 1],
            [
              'not_applied',
              'Haqli, lekin ariza berilmagan',
              'Haqılı, biraq arza berilmegen',
              'Имеет право, но не обращалась',
              'Entitled, not applied for',
              2,
            ],
          ],
        ),
      ],
    },
    {
      key: 'child_health_disability',
      title: t(
        'Bolaning sogʻligʻi va nogironlik ehtiyojlari',
        'Balanıń densawlıǵı hám mayıplıq mútajlikleri',
        'Здоровье ребёнка и потребности, связанные с инвалидностью',
        'The child’s health and disability needs',
      ),
      questions: [
        q(
          'return.health_needs',
          t(
            'Bolaning sogʻligʻi yoki nogironligi bilan bogʻliq ehtiyojlari uyda qondiriladimi?',
            'Balanıń densawlıǵı yamasa mayıplıǵı menen baylanıslı mútajlikleri úyde qanaatlandırıla ma?',
            'Будут ли дома удовлетворены потребности ребёнка, связанные со здоровьем или инвалидностью?',
            'Will the child’s health or disability needs be met at home?',
          ),
          [
            [
              'met',
              'Ha, yoki alohida ehtiyoj yoʻq',
              'Awa, yamasa ayrıqsha mútajlik joq',
              'Да, или особых потребностей нет',
              'Yes, or no special needs',
              0,
            ],
            ['arranged', 'Kelishilgan', 'Kelisilgen', 'Договорённость есть', 'Arranged', 1],
            ['partly', 'Qisman', 'Jartılay', 'Частично', 'Partly', 2],
            ['not_met', 'Qondirilmaydi', 'Qanaatlandırılmaydı', 'Не будут', 'Not met', 3],
          ],
        ),
        q(
          'return.polyclinic',
          t(
            'Bola yashash joyidagi poliklinikaga biriktirilganmi?',
            'Bala jasaw ornındaǵı poliklinikaǵa biriktirilgen be?',
            'Прикреплён ли ребёнок к поликлинике по месту жительства?',
            'Is the child registered with the local polyclinic?',
          ),
          [
            ['yes', 'Ha', 'Awa', 'Да', 'Yes', 0],
            ['in_progress', 'Rasmiylashtirilmoqda', 'Rásmiylestirilmekte', 'Оформляется', 'Being arranged', 1],
            ['no', 'Yoʻq', 'Joq', 'Нет', 'No', 2],
          ],
        ),
      ],
    },
    {
      key: 'schooling',
      title: t('Taʼlim', 'Bilimlendiriw', 'Образование', 'Schooling'),
      questions: [
        q(
          'return.school_place',
          t(
            'Uy yaqinidagi maktab yoki bogʻchada joy bormi?',
            'Úy janındaǵı mektep yamasa baqshada orın bar ma?',
            'Есть ли место в школе или детском саду рядом с домом?',
            'Is there a place at a school or kindergarten near home?',
          ),
          [
            ['enrolled', 'Ha, qabul qilingan', 'Awa, qabıl etilgen', 'Да, ребёнок принят', 'Yes, enrolled', 0],
            ['agreed', 'Maktab bilan kelishilgan', 'Mektep penen kelisilgen', 'Договорились со школой', 'Agreed with the school', 1],
            ['not_yet', 'Hali yoʻq', 'Ele joq', 'Пока нет', 'Not yet', 2],
            ['none', 'Mos maktab yoʻq', 'Sáykes mektep joq', 'Подходящей школы нет', 'No suitable school', 3],
          ],
        ),
        q(
          'return.school_support',
          t(
            'Bolaga oʻqishda qoʻshimcha yordam kerakmi va u bormi?',
            'Balaǵa oqıwda qosımsha járdem kerek pe hám ol bar ma?',
            'Нужна ли ребёнку помощь в учёбе, и есть ли она?',
            'Does the child need help with learning, and is it there?',
          ),
          [
            ['not_needed', 'Kerak emas', 'Kerek emes', 'Не нужна', 'Not needed', 0],
            ['arranged', 'Kerak, kelishilgan', 'Kerek, kelisilgen', 'Нужна, договорились', 'Needed, arranged', 1],
            ['missing', 'Kerak, lekin yoʻq', 'Kerek, biraq joq', 'Нужна, но её нет', 'Needed, not there', 2],
          ],
        ),
      ],
    },
    {
      key: 'community_mahalla',
      title: t(
        'Mahalla va qarindoshlar koʻmagi',
        'Máhálle hám tuwısqanlardıń járdemi',
        'Поддержка махалли и родственников',
        'Community and mahalla support',
      ),
      questions: [
        q(
          'return.mahalla',
          t(
            'Mahalla bolaning qaytishini qoʻllab-quvvatlaydimi?',
            'Máhálle balanıń qaytıwın qollap-quwatlay ma?',
            'Поддерживает ли махалля возвращение ребёнка?',
            'Does the mahalla support the child’s return?',
          ),
          [
            ['active', 'Ha, faol yordam beradi', 'Awa, belsendi járdem beredi', 'Да, активно помогает', 'Yes, actively', 0],
            ['some', 'Biroz', 'Azıraq', 'Немного', 'Somewhat', 1],
            ['little', 'Kam', 'Az', 'Мало', 'Little', 2],
            ['against', 'Qarshi yoki aloqa yoʻq', 'Qarsı yamasa baylanıs joq', 'Против или связи нет', 'Against it, or no contact', 3],
          ],
        ),
        q(
          'return.relatives',
          t('Qarindoshlar yordam beradimi?', 'Tuwısqanlar járdem bere me?', 'Помогают ли родственники?', 'Do relatives help?'),
          [
            ['strong', 'Ha, doim', 'Awa, hámme waqıt', 'Да, всегда', 'Yes, always', 0],
            ['some', 'Baʼzan', 'Geyde', 'Иногда', 'Sometimes', 1],
            ['little', 'Kam', 'Az', 'Мало', 'Little', 2],
            ['none', 'Yoʻq, oila yolgʻiz', 'Joq, shańaraq jalǵız', 'Нет, семья одна', 'None, the family is alone', 3],
          ],
        ),
      ],
    },
    {
      key: 'services_in_place',
      title: t('Xizmatlar tayyorligi', 'Xızmetlerdiń tayarlıǵı', 'Услуги на месте', 'Services in place'),
      questions: [
        q(
          'return.follow_up',
          t(
            'Qaytgandan keyin kuzatuvchi ijtimoiy xodim va reja bormi?',
            'Qaytqannan keyin baqlawshı social xızmetker hám reje bar ma?',
            'Есть ли после возвращения сопровождающий специалист и план?',
            'Is there a social worker and a plan for the follow-up after the return?',
          ),
          [
            ['yes', 'Ha', 'Awa', 'Да', 'Yes', 0],
            ['arranging', 'Tayyorlanmoqda', 'Tayarlanbaqta', 'Готовится', 'Being arranged', 1],
            ['no', 'Yoʻq', 'Joq', 'Нет', 'No', 2],
          ],
        ),
        q(
          'return.services',
          t(
            'Oilaga kerakli xizmatlar (psixolog, kunduzgi markaz, reabilitatsiya) kelishilganmi?',
            'Shańaraqqa kerekli xızmetler (psixolog, kúndizgi oray, reabilitaciya) kelisilgen be?',
            'Договорены ли нужные семье услуги (психолог, дневной центр, реабилитация)?',
            'Are the services the family needs (psychologist, day centre, rehabilitation) arranged?',
          ),
          [
            ['arranged', 'Ha, yoki kerak emas', 'Awa, yamasa kerek emes', 'Да, или не нужны', 'Yes, or none needed', 0],
            ['some', 'Bir qismi', 'Bir bólegi', 'Частично', 'Some of them', 1],
            ['waiting', 'Navbatda', 'Gezekte', 'В очереди', 'On a waiting list', 2],
            ['none', 'Yoʻq', 'Joq', 'Нет', 'None', 3],
          ],
        ),
      ],
    },
  ],
};

/** The newest version of the readiness instrument. */
export const readinessInstrument = readinessInstrumentV1;

/** Every published version of the readiness instrument, oldest first: version n is `READINESS_INSTRUMENT_VERSIONS[n - 1]`. */
export const READINESS_INSTRUMENT_VERSIONS: readonly ReadinessDefinition[] = [readinessInstrumentV1];
