import {
  addDays,
  CLOSURE_REASONS,
  FAMILY_INSTRUMENT_KEY,
  RISK_LEVELS,
  SERVICE_CATEGORIES,
  schemas,
  startOfTashkentDay,
  tashkentDate,
} from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { abbreviations, issueCaseNumber } from '../modules/cases/number.ts';
import { familyValues, insertFamily } from '../modules/families/repo.ts';
import { latestInstrument } from '../modules/instruments/repo.ts';
import { insertOrganisation } from '../modules/organisations/repo.ts';
import { personValues } from '../modules/persons/columns.ts';
import { insertPersons } from '../modules/persons/repo.ts';
import { findDistrict, insertMahalla } from '../modules/territories/repo.ts';
import { insertUser } from '../modules/users/repo.ts';
import { districtOrganisationNames } from './names.ts';

/**
 * A year and a half of past work in six more districts, so that dashboards and reports show believable
 * figures: cases opened and closed month by month, assessed and planned after some days, referred to
 * services, some families with a parent working abroad. Each district has its own centre, worker and
 * receiving clinic; none of the demo accounts works these cases, so the demo's own stories stay as they
 * are. Small districts give the counts under five that aggregate readers see hidden.
 */
type DistrictPlan = {
  code: string;
  region: string;
  centre: string;
  clinic: string;
  worker: string;
  mahallas: [code: string, name: string, cyrillic: string][];
  families: number;
};

const DISTRICTS: DistrictPlan[] = [
  {
    code: '1722223',
    region: '1722',
    centre: 'Sherobod tumani “Inson” ijtimoiy xizmatlar markazi',
    clinic: 'Sherobod tumani tibbiyot birlashmasi',
    worker: 'Zuhra Berdiyeva',
    mahallas: [
      ['1722223-001', 'Navroʻz', 'Наврўз'],
      ['1722223-002', 'Tinchlik', 'Тинчлик'],
      ['1722223-003', 'Chinor', 'Чинор'],
    ],
    families: 42,
  },
  {
    code: '1722214',
    region: '1722',
    centre: 'Qumqoʻrgʻon tumani “Inson” ijtimoiy xizmatlar markazi',
    clinic: 'Qumqoʻrgʻon tumani tibbiyot birlashmasi',
    worker: 'Sherzod Turdiyev',
    mahallas: [
      ['1722214-001', 'Bahor', 'Баҳор'],
      ['1722214-002', 'Obod', 'Обод'],
    ],
    families: 30,
  },
  {
    code: '1722212',
    region: '1722',
    centre: 'Jarqoʻrgʻon tumani “Inson” ijtimoiy xizmatlar markazi',
    clinic: 'Jarqoʻrgʻon tumani tibbiyot birlashmasi',
    worker: 'Mohira Davlatova',
    mahallas: [
      ['1722212-001', 'Mustaqillik', 'Мустақиллик'],
      ['1722212-002', 'Yoshlik', 'Ёшлик'],
    ],
    families: 24,
  },
  {
    code: '1722204',
    region: '1722',
    centre: 'Boysun tumani “Inson” ijtimoiy xizmatlar markazi',
    clinic: 'Boysun tumani tibbiyot birlashmasi',
    worker: 'Otabek Jabborov',
    mahallas: [['1722204-001', 'Qoʻrgʻoncha', 'Қўрғонча']],
    families: 9,
  },
  {
    code: '1710224',
    region: '1710',
    centre: 'Qarshi tumani “Inson” ijtimoiy xizmatlar markazi',
    clinic: 'Qarshi tumani tibbiyot birlashmasi',
    worker: 'Dilnoza Ashurova',
    mahallas: [
      ['1710224-001', 'Beshkent', 'Бешкент'],
      ['1710224-002', 'Nasaf', 'Насаф'],
    ],
    families: 26,
  },
  {
    code: '1710207',
    region: '1710',
    centre: 'Gʻuzor tumani “Inson” ijtimoiy xizmatlar markazi',
    clinic: 'Gʻuzor tumani tibbiyot birlashmasi',
    worker: 'Bekzod Xayitov',
    mahallas: [['1710207-001', 'Sharq', 'Шарқ']],
    families: 7,
  },
];

const SURNAMES = [
  'Berdiyev',
  'Turdiyev',
  'Eshmurodov',
  'Normurodov',
  'Allayarov',
  'Davlatov',
  'Xudoyqulov',
  'Shodmonov',
  'Jabborov',
  'Erkinov',
];
const MORE_SURNAMES = ['Raupov', 'Boymurodov', 'Ashurov', 'Nurullayev', 'Abdiyev', 'Xayitov', 'Panjiyev', 'Tagayev', 'Boboqulov'];
const WOMEN = ['Dilorom', 'Shahnoza', 'Feruza', 'Muqaddas', 'Gulchehra', 'Nargiza', 'Sevara', 'Oʻgʻiloy', 'Mohinur', 'Zulfiya'];
const MEN = ['Sanjar', 'Baxtiyor', 'Ulugʻbek', 'Farhod', 'Ilhom', 'Rustam', 'Shavkat', 'Gʻayrat', 'Doniyor', 'Jahongir'];
const GIRLS = ['Madina', 'Sabina', 'Oysha', 'Robiya', 'Mubina', 'Charos', 'Ruxshona'];
const BOYS = ['Asilbek', 'Javohir', 'Muhammadali', 'Sardorbek', 'Abdulloh', 'Jamshid', 'Shohruh'];
const COUNTRIES = ['RU', 'RU', 'RU', 'KZ', 'TR', 'KR'];
const SOURCES: schemas.IdentificationSource[] = [
  'mahalla_social_worker',
  'mahalla_social_worker',
  'mahalla_seven',
  'school',
  'school',
  'clinic',
  'police',
  'hotline',
  'self_referral',
  'other_agency',
  'social_register',
  'social_register',
];
const REASONS = [
  'Ota xorijda ishlaydi, oilaga pul yubormaydi; ona bolalar bilan yolgʻiz.',
  'Bola maktabga muntazam qatnamaydi, uyda ukalariga qaraydi.',
  'Oila ijtimoiy reyestrda, uy-joy sharoiti ogʻir.',
  'Bolaning tugʻilganlik guvohnomasi yoʻq, tibbiy koʻrikdan oʻtmagan.',
  'Buvisi nevaralarini yolgʻiz boqmoqda, pensiyasi yetmaydi.',
  'Oilada nizolar, qoʻshnilar mahallaga xabar bergan.',
];

/** A repeatable stream of numbers in [0, 1): the same demo every time. */
function stream(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const female = (surname: string) => (surname.endsWith('v') ? `${surname}a` : surname);

export async function seedHistory(trx: Tx, ctx: SystemContext, options: { passwordHash: string; today?: string }): Promise<void> {
  const random = stream(20261123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const today = options.today ?? tashkentDate(new Date());
  const letters = await abbreviations(trx);
  const anyInstrument = await latestInstrument(trx, FAMILY_INSTRUMENT_KEY);
  let caseCount = 0;
  let personCount = 0;

  for (const [d, district] of DISTRICTS.entries()) {
    const centreId = newId();
    const clinicId = newId();
    for (const [id, name, kind] of [
      [centreId, district.centre, 'inson_centre'],
      [clinicId, district.clinic, 'clinic'],
    ] as const) {
      const reference = await findDistrict(trx, district.code);
      await insertOrganisation(trx, {
        id,
        name,
        ...(reference && districtOrganisationNames(reference, kind)),
        kind,
        district_code: district.code,
        region_code: district.region,
        territories: [district.code],
        address: null,
        phone: null,
        approval_gates: true,
        active: true,
        created_by: null,
        updated_by: null,
      });
    }
    for (const [code, name, cyrillic] of district.mahallas) {
      await insertMahalla(trx, {
        id: newId(),
        code,
        district_code: district.code,
        region_code: district.region,
        name_uz_latn: name,
        name_uz_cyrl: cyrillic,
        name_ru: cyrillic,
        name_en: name,
        name_kaa: null,
        created_by: null,
        updated_by: null,
      });
    }
    const workerId = newId();
    await insertUser(trx, {
      id: workerId,
      username: `history.${district.code}`,
      display_name: district.worker,
      organisation_id: centreId,
      roles: ['social_worker'],
      scope_level: 'own',
      scope_territory_code: null,
      supervisor_id: null,
      locale: 'uz-Latn',
      // No demo password: these colleagues exist for the figures, not to sign in.
      password_hash: options.passwordHash,
      active: false,
      created_by: null,
      updated_by: null,
    });

    for (let f = 0; f < district.families; f++) {
      const surname = pick(d % 2 === 0 ? SURNAMES : MORE_SURNAMES);
      const fatherAbroad = random() < 0.35;
      const children = 1 + Math.floor(random() * 4);
      const mahalla = pick(district.mahallas);
      const birthYear = (age: number) => `${Number(today.slice(0, 4)) - age}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
      const members: schemas.PersonCreate[] = [
        {
          surname: female(surname),
          givenName: pick(WOMEN),
          sex: 'female',
          relationship: 'head',
          birthDate: birthYear(28 + Math.floor(random() * 15)),
        },
        {
          surname,
          givenName: pick(MEN),
          sex: 'male',
          relationship: 'spouse',
          birthDate: birthYear(30 + Math.floor(random() * 15)),
          ...(fatherAbroad && {
            whereabouts: {
              status: 'abroad' as const,
              country: pick(COUNTRIES),
              since: addDays(today, -200 - Math.floor(random() * 900)),
              sendsSupport: random() < 0.4,
              contactChannel: pick(['phone', 'messenger', 'none'] as const),
            },
          }),
        },
        ...Array.from({ length: children }, (): schemas.PersonCreate => {
          const girl = random() < 0.5;
          return {
            surname: girl ? female(surname) : surname,
            givenName: girl ? pick(GIRLS) : pick(BOYS),
            sex: girl ? 'female' : 'male',
            relationship: 'child',
            birthDate: birthYear(1 + Math.floor(random() * 16)),
          };
        }),
      ];
      const source = pick(SOURCES);
      const family = schemas.familyCreate.parse({
        districtCode: district.code,
        mahallaCode: random() < 0.9 ? mahalla[0] : undefined,
        address: `${mahalla[1]} MFY, ${1 + Math.floor(random() * 60)}-uy`,
        identificationSource: source,
        members,
      });
      const placement = { familyId: newId(), regionCode: district.region, districtCode: district.code, organisationId: centreId };
      await insertFamily(trx, { ...familyValues(family, placement), created_by: workerId, updated_by: workerId });
      const persons = await insertPersons(
        trx,
        family.members.map((member) => personValues(member, placement, newId(), workerId)),
      );
      personCount += persons.length;

      // The case: opened 5–540 days ago; older ones more often closed.
      const daysAgo = 5 + Math.floor(random() * 535);
      const openedAt = new Date(startOfTashkentDay(addDays(today, -daysAgo)).getTime() + (9 + Math.floor(random() * 8)) * 3_600_000);
      const dayAfter = (days: number) => new Date(openedAt.getTime() + days * 86_400_000);
      // Nothing dated after today: an assessment approved, a plan approved and its referral sent by yesterday.
      const assessedAfter =
        daysAgo > 3 && random() < 0.9 ? Math.min(daysAgo - 2, 1 + Math.floor(random() * (random() < 0.8 ? 10 : 30))) : null;
      const plannedAfter =
        assessedAfter !== null && daysAgo > assessedAfter + 7 && random() < 0.8
          ? Math.min(daysAgo - 3, assessedAfter + 3 + Math.floor(random() * 20))
          : null;
      const closedAfter =
        plannedAfter !== null && daysAgo > plannedAfter + 30 && random() < Math.min(0.85, daysAgo / 400)
          ? plannedAfter + 30 + Math.floor(random() * Math.max(1, daysAgo - plannedAfter - 30))
          : null;
      const status =
        closedAfter !== null
          ? 'closed'
          : plannedAfter !== null
            ? pick(['implementation', 'implementation', 'monitoring'] as const)
            : assessedAfter !== null
              ? pick(['planning', 'assessment'] as const)
              : 'intake';
      const risk = assessedAfter === null ? null : pick([...RISK_LEVELS, 'medium', 'low', 'high'] as const);
      const caseId = newId();
      await trx
        .insertInto('cases')
        .values({
          id: caseId,
          number: await issueCaseNumber(trx, letters, { districtCode: district.code, regionCode: district.region }, openedAt),
          family_id: placement.familyId,
          focus_person_ids: persons.filter((p) => p.relationship === 'child').map((p) => p.id),
          organisation_id: centreId,
          region_code: district.region,
          district_code: district.code,
          status,
          risk_level: risk,
          urgency: risk === 'critical' ? 'emergency' : risk === 'high' ? 'urgent' : 'routine',
          identification_source: source,
          reason: pick(REASONS),
          assigned_user_id: workerId,
          supervisor_id: null,
          opened_at: openedAt,
          closed_at: closedAfter !== null ? dayAfter(closedAfter) : null,
          closure_reason: closedAfter !== null ? pick([...CLOSURE_REASONS, 'goals_achieved', 'goals_achieved', 'goals_achieved']) : null,
          closure_outcome: closedAfter !== null ? 'Reja bajarildi, oila nazoratdan chiqarildi.' : null,
          created_at: openedAt,
          created_by: workerId,
          updated_by: workerId,
        })
        .execute();
      caseCount++;
      if (assessedAfter !== null && anyInstrument) {
        await trx
          .insertInto('assessments')
          .values({
            id: newId(),
            case_id: caseId,
            instrument_id: anyInstrument.id,
            instrument_version: anyInstrument.version,
            region_code: district.region,
            computed_risk: risk,
            status: 'approved',
            submitted_at: dayAfter(assessedAfter),
            approved_at: dayAfter(assessedAfter + 1),
            created_at: dayAfter(Math.max(0, assessedAfter - 1)),
            created_by: workerId,
            updated_by: workerId,
          })
          .execute();
      }
      if (plannedAfter !== null) {
        await trx
          .insertInto('plans')
          .values({
            id: newId(),
            case_id: caseId,
            region_code: district.region,
            district_code: district.code,
            revision: 1,
            status: 'approved',
            summary: 'Hujjatlarni tiklash, maktabga qaytarish, moddiy yordam.',
            submitted_at: dayAfter(plannedAfter),
            approved_at: dayAfter(plannedAfter + 1),
            created_at: dayAfter(plannedAfter - 2),
            created_by: workerId,
            updated_by: workerId,
          })
          .execute();
        // Most planned families are referred somewhere; what became of it depends on how long ago.
        if (random() < 0.75) {
          const sentAt = dayAfter(plannedAfter + 2);
          const age = daysAgo - plannedAfter - 2;
          const outcome = random();
          const referralStatus =
            age < 4
              ? 'sent'
              : outcome < 0.12
                ? 'declined'
                : outcome < 0.2 && age < 60
                  ? 'sent'
                  : age > 40 && outcome < 0.85
                    ? 'completed'
                    : 'accepted';
          const urgency = risk === 'critical' ? 'emergency' : risk === 'high' ? 'urgent' : 'routine';
          await trx
            .insertInto('referrals')
            .values({
              id: newId(),
              case_id: caseId,
              region_code: district.region,
              district_code: district.code,
              from_organisation_id: centreId,
              to_organisation_id: clinicId,
              category: pick(SERVICE_CATEGORIES),
              reason: 'Oila uchun xizmat soʻraladi.',
              urgency,
              consent_override_reason: 'Oila ogʻzaki rozilik berdi, yozma rozilik keyin olinadi.',
              consent_override_by: workerId,
              person_ids: persons.filter((p) => p.relationship === 'child').map((p) => p.id),
              shared_fields: ['name', 'birthDate'],
              snapshot: JSON.stringify({ persons: [], assessmentSummary: null }),
              status: referralStatus,
              sent_by: workerId,
              sent_at: sentAt,
              accepted_at:
                referralStatus === 'accepted' || referralStatus === 'completed' ? new Date(sentAt.getTime() + 2 * 86_400_000) : null,
              declined_at: referralStatus === 'declined' ? new Date(sentAt.getTime() + 3 * 86_400_000) : null,
              decline_reason: referralStatus === 'declined' ? 'Xizmat bu hududda koʻrsatilmaydi.' : null,
              completed_at: referralStatus === 'completed' ? new Date(sentAt.getTime() + 25 * 86_400_000) : null,
              outcome: referralStatus === 'completed' ? 'Xizmat koʻrsatildi.' : null,
              updated_by: workerId,
            })
            .execute();
        }
      }
    }
  }
  await audit(trx, ctx, 'demo.seed_history', null, { districts: DISTRICTS.length, cases: caseCount, persons: personCount });
}
