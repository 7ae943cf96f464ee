import { schemas, tashkentDate } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { familyValues, insertFamily } from '../modules/families/repo.ts';
import { insertOrganisation } from '../modules/organisations/repo.ts';
import { personValues } from '../modules/persons/columns.ts';
import { insertPersons } from '../modules/persons/repo.ts';
import { insertUser } from '../modules/users/repo.ts';

const YUNUSOBOD = '1726266';
const SHORCHI = '1722226';
const DENOV = '1722210';
const DAY_MS = 86_400_000;

type Member = schemas.PersonCreate;
const member = (
  surname: string,
  givenName: string,
  patronymic: string,
  sex: 'female' | 'male',
  relationship: Member['relationship'],
  birth: string,
  more: Partial<Member> = {},
): Member => ({
  surname,
  givenName,
  patronymic,
  sex,
  relationship,
  birthDate: birth,
  ...more,
});

/**
 * Sardor, 12, was returned from Russia without his father and waits at the transit centre for minors in
 * Tashkent. His mother is in the register in Shoʻrchi, typed in Uzbek Cyrillic by the mahalla worker
 * (Тўраева Дилноза); the request Shahlo (worker.transit) typed in Latin finds her first, with his father
 * and sister in her family. A namesake in Denov, spelt the Russian way and twenty years older, scores far
 * lower. An older request, verified and reunified, gives the report its figures.
 */
export async function seedTracing(
  trx: Tx,
  ctx: SystemContext,
  input: {
    passwordHash: string;
    regionOf: (district: string) => Promise<string>;
    shorchiCentre: string;
    denovCentre: string;
    shorchiWorker: string | null;
  },
): Promise<{ transitCentreId: string; transitWorkerId: string }> {
  const transitCentreId = newId();
  await insertOrganisation(trx, {
    id: transitCentreId,
    name: 'Toshkent shahar voyaga yetmaganlar transit markazi',
    name_uz_cyrl: 'Тошкент шаҳар вояга етмаганлар транзит маркази',
    name_ru: 'Транзитный центр для несовершеннолетних города Ташкента',
    name_en: 'Tashkent Transit Centre for Minors',
    name_kaa: null,
    kind: 'transit_centre',
    district_code: YUNUSOBOD,
    region_code: await input.regionOf(YUNUSOBOD),
    territories: [],
    address: 'Toshkent shahri, Yunusobod tumani, Bogʻishamol koʻchasi, 21',
    phone: '+998712345610',
    approval_gates: true,
    active: true,
    created_by: null,
    updated_by: null,
  });
  const transitWorkerId = newId();
  await insertUser(trx, {
    id: transitWorkerId,
    username: 'worker.transit',
    display_name: 'Shahlo Mirzayeva',
    organisation_id: transitCentreId,
    roles: ['social_worker'],
    scope_level: 'own',
    scope_territory_code: null,
    supervisor_id: null,
    locale: 'uz-Latn',
    password_hash: input.passwordHash,
    created_by: null,
    active: true,
    updated_by: null,
  });

  const households = [
    {
      districtCode: SHORCHI,
      mahallaCode: '1722226-003',
      address: 'Боғишамол МФЙ, Навоий кўчаси, 7-уй',
      identificationSource: 'mahalla_social_worker' as const,
      members: [
        member('Тўраева', 'Дилноза', 'Баҳтиёр қизи', 'female', 'head', '1988-03-14'),
        member('Тўраев', 'Баҳром', 'Олим ўғли', 'male', 'spouse', '1984-10-02', {
          whereabouts: { status: 'abroad', country: 'RU', since: '2023-04-01', sendsSupport: false, contactChannel: 'none' },
        }),
        member('Тўраева', 'Мадина', 'Баҳром қизи', 'female', 'child', '2017-08-19'),
      ],
      owner: input.shorchiCentre,
    },
    {
      districtCode: DENOV,
      mahallaCode: '1722210-002',
      address: 'Пахтакор МФЙ, Ленина, 3',
      identificationSource: 'self_referral' as const,
      members: [member('Тураева', 'Дильноза', 'Рахимовна', 'female', 'head', '1968-01-20')],
      owner: input.denovCentre,
    },
  ];
  const mothers: { id: string; surname: string; givenName: string }[] = [];
  for (const { owner, ...household } of households) {
    const family = schemas.familyCreate.parse(household);
    const placement = {
      familyId: newId(),
      regionCode: await input.regionOf(family.districtCode),
      districtCode: family.districtCode,
      organisationId: owner,
    };
    const by = owner === input.shorchiCentre ? input.shorchiWorker : null;
    await insertFamily(trx, { ...familyValues(family, placement), created_by: by, updated_by: by });
    const rows = await insertPersons(
      trx,
      family.members.map((m) => personValues(m, placement, newId(), by)),
    );
    const head = rows[0];
    if (head) mothers.push({ id: head.id, surname: head.surname, givenName: head.given_name });
  }

  const now = Date.now();
  const day = (daysAgo: number) => new Date(now - daysAgo * DAY_MS);
  const base = {
    kind: 'separated_child',
    organisation_id: transitCentreId,
    region_code: await input.regionOf(YUNUSOBOD),
    district_code: YUNUSOBOD,
    created_by: transitWorkerId,
    updated_by: transitWorkerId,
  };
  const sardorsRequest = newId();
  await trx
    .insertInto('tracing_requests')
    .values({
      ...base,
      id: sardorsRequest,
      sought: JSON.stringify({
        surname: 'Toʻrayeva',
        givenName: 'Dilnoza',
        sex: 'female',
        approxAge: 38,
        lastKnownPlace: 'Surxondaryo viloyati, Shoʻrchi tumani',
        relatives: [
          { relation: 'spouse', surname: 'Toʻrayev', givenName: 'Bahrom' },
          { relation: 'child', givenName: 'Madina' },
        ],
      }),
      consent_given_by: 'child',
      consent_date: tashkentDate(day(2)),
      note: 'Sardor Toʻrayev, 12 yosh. Moskvadan otasisiz qaytarilgan; onasi Shoʻrchida yashashini, singlisi Madina ekanini aytdi.',
      status: 'tracing',
      created_at: day(2),
      updated_at: day(1),
    })
    .execute();
  // An earlier boy, found and home again: verified six days after the request, reunified four days later.
  const [, namesake] = mothers;
  const earlier = newId();
  if (namesake) {
    await trx
      .insertInto('tracing_requests')
      .values({
        ...base,
        id: earlier,
        sought: JSON.stringify({ surname: 'Turayeva', givenName: 'Dilnoza', sex: 'female', approxAge: 58, lastKnownPlace: 'Denov' }),
        consent_given_by: 'child',
        consent_date: tashkentDate(day(40)),
        status: 'reunified',
        matched_person_id: namesake.id,
        verified_by: transitWorkerId,
        verified_at: day(34),
        reunified_at: day(30),
        created_at: day(40),
        updated_at: day(30),
      })
      .execute();
  }
  await audit(trx, ctx, 'demo.seed_tracing', null, { tracingRequestIds: [sardorsRequest, earlier] });
  return { transitCentreId, transitWorkerId };
}
