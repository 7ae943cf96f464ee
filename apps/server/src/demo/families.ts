import { pinflCheckDigit, schemas } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { familyValues, insertFamily } from '../modules/families/repo.ts';
import { personValues } from '../modules/persons/columns.ts';
import { insertPersons } from '../modules/persons/repo.ts';

/**
 * Demo households in Shoʻrchi and Denov, names as registered in Uzbek Latin (one Denov record in the
 * Cyrillic a worker there typed). Invented people, shaped like the cases the district centres meet:
 * mothers left with the children while the father works abroad, grandmothers raising grandchildren,
 * a child back from Russia without a school place, a child with a disability.
 */
type Member = schemas.PersonCreate;
type Household = Omit<schemas.FamilyCreate, 'members'> & { members: Member[] };

/** A demo PINFL with a correct check digit: sex and century, DDMMYY, place code 226, a serial number. */
function pinfl(sex: 'female' | 'male', birthDate: string, serial: number): string {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  const century = Number(year) >= 2000 ? 5 : 3;
  const first = `${century + (sex === 'female' ? 1 : 0)}${day}${month}${year.slice(2)}226${String(serial).padStart(3, '0')}`;
  return `${first}${pinflCheckDigit(first)}`;
}

const person = (
  surname: string,
  givenName: string,
  patronymic: string,
  sex: 'female' | 'male',
  relationship: Member['relationship'],
  birth: string,
  details: Partial<Member> = {},
): Member => ({
  surname,
  givenName,
  patronymic,
  sex,
  relationship,
  ...(birth.length === 4 ? { birthYear: Number(birth) } : { birthDate: birth }),
  ...details,
});

const pupil = (grade: number, institution = 'Shoʻrchi tumani 12-umumiy oʻrta taʼlim maktabi'): Partial<Member> => ({
  schooling: { kind: 'school', institution, grade },
  documentsHeld: ['birth_certificate'],
});
const leftBehind = (grade?: number): Partial<Member> => ({
  ...(grade === undefined ? { documentsHeld: ['birth_certificate'] } : pupil(grade)),
  vulnerabilityMarkers: ['left_behind_child'],
});
const abroad = (country: string, since: string, sendsSupport: boolean, contactChannel: 'phone' | 'messenger' | 'none') => ({
  whereabouts: { status: 'abroad' as const, country, since, sendsSupport, contactChannel },
  documentsHeld: ['id_card' as const, 'foreign_passport' as const],
});

const SHORCHI: Household[] = [
  {
    districtCode: '1722226',
    mahallaCode: '1722226-001',
    address: 'Navbahor MFY, Bogʻbon koʻchasi, 14-uy',
    phone: '+998915823417',
    identificationSource: 'mahalla_social_worker',
    socialRegisterCategory: 'poor',
    livingConditions: {
      housing: 'own',
      rooms: 2,
      water: false,
      electricity: true,
      gas: false,
      heating: false,
      note: 'Tom choʻkkan, qishda bir xona isitiladi',
    },
    notes:
      'Ona yolgʻiz, otasi 2024-yildan Rossiyada; pul yubormaydi, bolalar bilan aloqa yoʻq. Kenja oʻgʻilning tugʻilganlik guvohnomasi yoʻq.',
    members: [
      person('Tursunova', 'Gulnora', 'Baxtiyor qizi', 'female', 'head', '1989-06-12', {
        pinfl: pinfl('female', '1989-06-12', 41),
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['unemployed'],
      }),
      person('Tursunov', 'Sherzod', 'Olim oʻgʻli', 'male', 'spouse', '1986-02-03', abroad('RU', '2024-03-10', false, 'none')),
      person('Tursunov', 'Jasurbek', 'Sherzod oʻgʻli', 'male', 'child', '2011-09-01', leftBehind(8)),
      person('Tursunova', 'Madina', 'Sherzod qizi', 'female', 'child', '2013-04-22', leftBehind(6)),
      person('Tursunov', 'Bekzod', 'Sherzod oʻgʻli', 'male', 'child', '2016-11-05', leftBehind(3)),
      person('Tursunova', 'Sevara', 'Sherzod qizi', 'female', 'child', '2019-07-30', leftBehind()),
      person('Tursunov', 'Ozodbek', 'Sherzod oʻgʻli', 'male', 'child', '2023-01-15', {
        documentsMissing: ['birth_certificate'],
        vulnerabilityMarkers: ['no_documents', 'left_behind_child'],
      }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-002',
    address: 'Guliston MFY, Mustaqillik koʻchasi, 52-uy',
    phone: '+998934470912',
    identificationSource: 'mahalla_seven',
    socialRegisterCategory: 'state_supported',
    livingConditions: { housing: 'with_relatives', rooms: 2, water: true, electricity: true, gas: false, heating: false },
    notes: 'Koʻp bolali ona; eri Qozogʻistonda ishlaydi, pul yubormaydi.',
    members: [
      person('Ergasheva', 'Mohira', 'Rustam qizi', 'female', 'head', '1984-10-08', { documentsHeld: ['id_card'] }),
      person('Ergashev', 'Dilshod', 'Anvar oʻgʻli', 'male', 'spouse', '1981-05-19', abroad('KZ', '2022-05-01', false, 'messenger')),
      person('Ergasheva', 'Nigora', 'Dilshod qizi', 'female', 'child', '2008-01-25', {
        ...pupil(11),
        vulnerabilityMarkers: ['left_behind_child'],
      }),
      person('Ergashev', 'Sanjar', 'Dilshod oʻgʻli', 'male', 'child', '2010-03-14', {
        ...pupil(9),
        vulnerabilityMarkers: ['left_behind_child'],
      }),
      person('Ergasheva', 'Dilnoza', 'Dilshod qizi', 'female', 'child', '2012-08-02', leftBehind(7)),
      person('Ergashev', 'Otabek', 'Dilshod oʻgʻli', 'male', 'child', '2014-12-11', leftBehind(5)),
      person('Ergasheva', 'Shahzoda', 'Dilshod qizi', 'female', 'child', '2017-06-06', leftBehind(2)),
      person('Ergashev', 'Muhammadali', 'Dilshod oʻgʻli', 'male', 'child', '2020-09-17', leftBehind()),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-003',
    address: 'Bogʻishamol MFY, Navoiy koʻchasi, 7-uy',
    phone: '+998906318845',
    identificationSource: 'school',
    notes: 'Qiz onasi bilan 2025-yilda Rossiyadan qaytgan; maktabga qabul qilinmagan, hujjatlari rus tilida.',
    members: [
      person('Xolmatova', 'Nodira', 'Qahramon qizi', 'female', 'head', '1990-11-27', {
        documentsHeld: ['id_card', 'foreign_passport'],
        vulnerabilityMarkers: ['returned_from_abroad', 'unemployed'],
      }),
      person('Xolmatov', 'Rustam', 'Ikrom oʻgʻli', 'male', 'spouse', '1987-04-04', abroad('RU', '2019-08-15', true, 'phone')),
      person('Xolmatova', 'Zarina', 'Rustam qizi', 'female', 'child', '2014-02-19', {
        schooling: { kind: 'not_enrolled' },
        documentsHeld: ['birth_certificate'],
        vulnerabilityMarkers: ['returned_from_abroad', 'out_of_school'],
      }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-004',
    address: 'Yangiobod MFY, Oqtepa koʻchasi, 3-uy',
    phone: '+998889014276',
    identificationSource: 'mahalla_seven',
    socialRegisterCategory: 'at_risk_of_poverty',
    livingConditions: { housing: 'own', rooms: 3, water: true, electricity: true, gas: true, heating: false },
    notes: 'Buvisi uch nevarasini tarbiyalaydi; ota-onasi Turkiyada ishlaydi.',
    members: [
      person('Normatova', 'Oydin', 'Hamid qizi', 'female', 'head', '1958-03-09', {
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['chronic_illness'],
      }),
      person('Normatov', 'Baxrom', 'Eshmat oʻgʻli', 'male', 'child', '1985-07-21', abroad('TR', '2021-04-01', true, 'messenger')),
      person('Normatov', 'Sardor', 'Baxrom oʻgʻli', 'male', 'grandchild', '2012-05-13', leftBehind(7)),
      person('Normatova', 'Dildora', 'Baxrom qizi', 'female', 'grandchild', '2015-10-30', leftBehind(4)),
      person('Normatov', 'Asilbek', 'Baxrom oʻgʻli', 'male', 'grandchild', '2018-12-24', leftBehind(1)),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-001',
    address: 'Navbahor MFY, Paxtakor koʻchasi, 21-uy',
    phone: '+998917725380',
    identificationSource: 'clinic',
    livingConditions: { housing: 'own', rooms: 4, water: true, electricity: true, gas: true, heating: true },
    notes: 'Oʻgʻli bolalar serebral falaji bilan; maktabga bora olmaydi, uyda taʼlim oladi.',
    members: [
      person('Rahmonov', 'Akmal', 'Toʻlqin oʻgʻli', 'male', 'head', '1982-01-30', {
        pinfl: pinfl('male', '1982-01-30', 17),
        documentsHeld: ['id_card'],
      }),
      person('Rahmonova', 'Feruza', 'Abdulla qizi', 'female', 'spouse', '1986-09-14', { documentsHeld: ['id_card'] }),
      person('Rahmonov', 'Islom', 'Akmal oʻgʻli', 'male', 'child', '2015-04-02', {
        disability: { group: 'child', note: 'Bolalar serebral falaji' },
        schooling: { kind: 'home_education', institution: 'Shoʻrchi tumani 12-umumiy oʻrta taʼlim maktabi', grade: 4 },
        documentsHeld: ['birth_certificate', 'disability_certificate'],
        vulnerabilityMarkers: ['disability'],
      }),
      person('Rahmonova', 'Laylo', 'Akmal qizi', 'female', 'child', '2018-08-19', { schooling: { kind: 'kindergarten' } }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-002',
    address: 'Guliston MFY, Bahor koʻchasi, 9-uy, 4-xonadon',
    phone: '+998941206633',
    identificationSource: 'self_referral',
    notes: 'Ajrashgan, ikki bolasi bilan ijarada yashaydi; aliment olmaydi.',
    livingConditions: { housing: 'rented', rooms: 1, water: true, electricity: true, gas: true, heating: false },
    members: [
      person('Qodirova', 'Shahnoza', 'Erkin qizi', 'female', 'head', '1993-12-05', {
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['single_parent', 'unemployed'],
      }),
      person('Qodirov', 'Umid', 'Farhod oʻgʻli', 'male', 'child', '2016-03-28', pupil(3)),
      person('Qodirova', 'Marjona', 'Farhod qizi', 'female', 'child', '2020-01-09', { documentsHeld: ['birth_certificate'] }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-003',
    address: 'Bogʻishamol MFY, Temiryoʻl koʻchasi, 40-uy',
    identificationSource: 'school',
    notes: 'Katta oʻgʻil darsga kelmay bozorda ishlaydi.',
    members: [
      person('Boboyev', 'Hamza', 'Jumaboy oʻgʻli', 'male', 'head', '1979-06-01', {
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['unemployed'],
      }),
      person('Boboyeva', 'Zuhra', 'Qodir qizi', 'female', 'spouse', '1983-02-17', { documentsHeld: ['id_card'] }),
      person('Boboyev', 'Diyorbek', 'Hamza oʻgʻli', 'male', 'child', '2010-10-10', {
        schooling: { kind: 'school', institution: 'Shoʻrchi tumani 12-umumiy oʻrta taʼlim maktabi', grade: 9 },
        documentsHeld: ['birth_certificate'],
        vulnerabilityMarkers: ['child_labour', 'out_of_school'],
      }),
      person('Boboyeva', 'Mohinur', 'Hamza qizi', 'female', 'child', '2013-05-05', pupil(6)),
      person('Boboyev', 'Samandar', 'Hamza oʻgʻli', 'male', 'child', '2017-11-23', pupil(2)),
      person('Boboyeva', 'Robiya', 'Hamza qizi', 'female', 'child', '2021-04-14', { documentsHeld: ['birth_certificate'] }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-004',
    address: 'Yangiobod MFY, Guliston koʻchasi, 18-uy',
    phone: '+998972233014',
    identificationSource: 'social_register',
    socialRegisterCategory: 'state_supported',
    notes: 'Beva ona, uch farzand; nafaqa oladi.',
    members: [
      person('Yoʻldosheva', 'Barno', 'Saidakbar qizi', 'female', 'head', '1985-08-08', {
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['single_parent'],
      }),
      person('Yoʻldoshev', 'Firdavs', 'Sherali oʻgʻli', 'male', 'child', '2009-01-12', pupil(10)),
      person('Yoʻldosheva', 'Sabina', 'Sherali qizi', 'female', 'child', '2012-07-07', pupil(7)),
      person('Yoʻldoshev', 'Abdulaziz', 'Sherali oʻgʻli', 'male', 'child', '2016-02-29', pupil(3)),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-001',
    address: 'Navbahor MFY, Alpomish koʻchasi, 66-uy',
    phone: '+998905551208',
    identificationSource: 'mahalla_social_worker',
    socialRegisterCategory: 'poor',
    notes: 'Keksa er-xotin yetim nevarasini tarbiyalaydi.',
    members: [
      person('Hamroyev', 'Ismoil', 'Nurmat oʻgʻli', 'male', 'head', '1952-04-16', { documentsHeld: ['id_card'] }),
      person('Hamroyeva', 'Tojixon', 'Sobir qizi', 'female', 'spouse', '1956-12-01', {
        documentsHeld: ['id_card'],
        disability: { group: 'group_2' },
        vulnerabilityMarkers: ['disability'],
      }),
      person('Hamroyev', 'Behruz', 'Alisher oʻgʻli', 'male', 'grandchild', '2013-09-09', { ...pupil(6), vulnerabilityMarkers: ['orphan'] }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-002',
    address: 'Guliston MFY, Yoshlik koʻchasi, 27-uy',
    identificationSource: 'police',
    notes: 'Eri jazoni ijro etish muassasasida; oilada toʻrt bola.',
    members: [
      person('Islomova', 'Zulfiya', 'Karim qizi', 'female', 'head', '1988-05-23', {
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['unemployed'],
      }),
      person('Islomov', 'Sherali', 'Bahrom oʻgʻli', 'male', 'spouse', '1985-10-02', {
        whereabouts: { status: 'institution', since: '2023-06-20', place: 'Jazoni ijro etish muassasasi' },
      }),
      person('Islomov', 'Jahongir', 'Sherali oʻgʻli', 'male', 'child', '2009-11-11', pupil(10)),
      person('Islomova', 'Oʻgʻiloy', 'Sherali qizi', 'female', 'child', '2012-03-03', pupil(7)),
      person('Islomov', 'Doniyor', 'Sherali oʻgʻli', 'male', 'child', '2015-06-15', pupil(4)),
      person('Islomova', 'Muslima', 'Sherali qizi', 'female', 'child', '2019-02-02', { documentsHeld: ['birth_certificate'] }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-003',
    address: 'Bogʻishamol MFY, Sohil koʻchasi, 11-uy',
    phone: '+998993417650',
    identificationSource: 'clinic',
    notes: 'Qizida qandli diabet; dori-darmon uchun mablagʻ yetmaydi.',
    members: [
      person('Choriyev', 'Anvar', 'Sattor oʻgʻli', 'male', 'head', '1980-07-07', { documentsHeld: ['id_card'] }),
      person('Choriyeva', 'Dilbar', 'Olim qizi', 'female', 'spouse', '1984-01-19', { documentsHeld: ['id_card'] }),
      person('Choriyeva', 'Malika', 'Anvar qizi', 'female', 'child', '2011-12-12', {
        ...pupil(8),
        vulnerabilityMarkers: ['chronic_illness'],
      }),
      person('Choriyev', 'Shohruh', 'Anvar oʻgʻli', 'male', 'child', '2014-04-30', pupil(5)),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-004',
    address: 'Yangiobod MFY, Mehnat koʻchasi, 5-uy',
    phone: '+998916604417',
    identificationSource: 'mahalla_seven',
    notes: 'Egizak oʻgʻillar; otasi Rossiyada, har oy pul yuboradi.',
    members: [
      person('Abdullayeva', 'Nilufar', 'Zokir qizi', 'female', 'head', '1991-09-03', { documentsHeld: ['id_card'] }),
      person('Abdullayev', 'Jamshid', 'Rahim oʻgʻli', 'male', 'spouse', '1988-12-20', abroad('RU', '2020-02-01', true, 'phone')),
      person('Abdullayev', 'Hasan', 'Jamshid oʻgʻli', 'male', 'child', '2017-05-17', pupil(2)),
      person('Abdullayev', 'Husan', 'Jamshid oʻgʻli', 'male', 'child', '2017-05-17', pupil(2)),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-001',
    address: 'Navbahor MFY, Bogʻbon koʻchasi, 30-uy',
    identificationSource: 'police',
    notes: 'Oʻsmir profilaktika hisobida; maktabga qatnamaydi.',
    members: [
      person('Mirzayeva', 'Gulbahor', 'Toshpoʻlat qizi', 'female', 'head', '1979-03-25', {
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['single_parent'],
      }),
      person('Mirzayev', 'Otabek', 'Ulugʻbek oʻgʻli', 'male', 'child', '2011-08-08', {
        schooling: { kind: 'school', institution: 'Shoʻrchi tumani 12-umumiy oʻrta taʼlim maktabi', grade: 8 },
        documentsHeld: ['birth_certificate'],
        vulnerabilityMarkers: ['in_conflict_with_law', 'out_of_school'],
      }),
    ],
  },
  {
    districtCode: '1722226',
    mahallaCode: '1722226-003',
    address: 'Bogʻishamol MFY, Bunyodkor koʻchasi, 2-uy',
    phone: '+998935008121',
    identificationSource: 'hotline',
    notes: 'Ishonch telefoniga murojaat: oilada zoʻravonlik. Ona bolalar bilan ota-onasinikiga koʻchgan.',
    members: [
      person('Sobirova', 'Muqaddas', 'Ravshan qizi', 'female', 'head', '1995-04-11', {
        documentsHeld: ['id_card'],
        vulnerabilityMarkers: ['domestic_violence'],
      }),
      person('Sobirov', 'Azizbek', 'Javlon oʻgʻli', 'male', 'child', '2017-09-21', {
        ...pupil(2),
        vulnerabilityMarkers: ['domestic_violence'],
      }),
      person('Sobirova', 'Mehrinoz', 'Javlon qizi', 'female', 'child', '2021-12-03', { documentsHeld: ['birth_certificate'] }),
    ],
  },
];

const DENOV: Household[] = [
  {
    districtCode: '1722210',
    mahallaCode: '1722210-001',
    address: 'Doʻstlik MFY, Sharof Rashidov koʻchasi, 48-uy',
    phone: '+998902184455',
    identificationSource: 'other_agency',
    socialRegisterCategory: 'poor',
    notes: 'Eri Rossiyada; oxirgi yarim yilda pul yubormagan.',
    members: [
      person('Karimova', 'Gulchehra', 'Nurali qizi', 'female', 'head', '1987-02-14', { documentsHeld: ['id_card'] }),
      person('Karimov', 'Baxtiyor', 'Hasan oʻgʻli', 'male', 'spouse', '1984-11-30', abroad('RU', '2023-09-01', false, 'messenger')),
      person('Karimov', 'Sherzod', 'Baxtiyor oʻgʻli', 'male', 'child', '2009-06-18', leftBehind(10)),
      person('Karimova', 'Sitora', 'Baxtiyor qizi', 'female', 'child', '2013-01-27', leftBehind(6)),
      person('Karimov', 'Ilhom', 'Baxtiyor oʻgʻli', 'male', 'child', '2018-03-08', leftBehind(1)),
    ],
  },
  {
    districtCode: '1722210',
    mahallaCode: '1722210-002',
    address: 'Paxtakor MFY, Guliston koʻchasi, 6-uy',
    identificationSource: 'mahalla_social_worker',
    socialRegisterCategory: 'poor',
    notes: 'Buvisi nevaralarini vaqtincha olib turibdi; Sardor Shoʻrchidagi buvisinikida ham yashaydi.',
    members: [
      person('Umarova', 'Saodat', 'Islom qizi', 'female', 'head', '1961-07-19', { documentsHeld: ['id_card'] }),
      // Registered from an old Russian-language school record: the same boy as Normatov Sardor in Shoʻrchi.
      person('Нарматов', 'Сардор', 'Бахромович', 'male', 'grandchild', '2012', { vulnerabilityMarkers: ['left_behind_child'] }),
      person('Umarova', 'Fotima', 'Dilmurod qizi', 'female', 'grandchild', '2016-10-01', leftBehind(3)),
    ],
  },
  {
    districtCode: '1722210',
    mahallaCode: '1722210-001',
    address: 'Doʻstlik MFY, Mustaqillik koʻchasi, 90-uy',
    phone: '+998973306782',
    identificationSource: 'social_register',
    socialRegisterCategory: 'state_supported',
    members: [
      person('Joʻrayev', 'Nodir', 'Murod oʻgʻli', 'male', 'head', '1978-09-05', {
        documentsHeld: ['id_card', 'disability_certificate'],
        disability: { group: 'group_2', note: 'Ish paytidagi jarohatdan keyin' },
        vulnerabilityMarkers: ['disability', 'unemployed'],
      }),
      person('Joʻrayeva', 'Xurshida', 'Aziz qizi', 'female', 'spouse', '1982-04-26', { documentsHeld: ['id_card'] }),
      person('Joʻrayev', 'Bobur', 'Nodir oʻgʻli', 'male', 'child', '2008-12-01', pupil(11, 'Denov tumani 5-maktab')),
      person('Joʻrayeva', 'Kamola', 'Nodir qizi', 'female', 'child', '2012-02-22', pupil(7, 'Denov tumani 5-maktab')),
    ],
  },
];

export type FamilyOwner = { organisationId: string; createdBy: string | null };

/** Registers the demo households inside the seeding transaction; each is checked by the same schema as the API. */
export async function seedFamilies(
  trx: Tx,
  ctx: SystemContext,
  owners: { shorchi: FamilyOwner; denov: FamilyOwner },
  regionOf: (districtCode: string) => Promise<string>,
): Promise<void> {
  let persons = 0;
  const households = [...SHORCHI.map((h) => ({ h, owner: owners.shorchi })), ...DENOV.map((h) => ({ h, owner: owners.denov }))];
  for (const { h, owner } of households) {
    const family = schemas.familyCreate.parse(h);
    const placement = {
      familyId: newId(),
      regionCode: await regionOf(family.districtCode),
      districtCode: family.districtCode,
      organisationId: owner.organisationId,
    };
    await insertFamily(trx, { ...familyValues(family, placement), created_by: owner.createdBy, updated_by: owner.createdBy });
    await insertPersons(
      trx,
      family.members.map((member) => personValues(member, placement, newId(), owner.createdBy)),
    );
    persons += family.members.length;
  }
  await audit(trx, ctx, 'demo.seed_families', null, { families: households.length, persons });
}
