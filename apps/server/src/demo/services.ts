import type { ServiceCategory } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { insertService } from '../modules/services/repo.ts';
import { demoNameColumns } from './names.ts';
import { type DemoOrganisation, insertDemoOrganisations } from './organisations.ts';

/**
 * The demo service directory for Shoʻrchi and Denov: what the seeded organisations offer, and a few more
 * organisations families are usually sent to (a family polyclinic, the Denov civil registry, a vocational
 * training centre, a legal clinic, the district police and khokimiyat).
 */
const SHORCHI = '1722226';
const DENOV = '1722210';
const TERMIZ_CITY = '1722401';

export type DirectoryOrg = 'inson' | 'insonDenov' | 'mahalla' | 'ngo' | 'school' | 'registry' | 'employment';
export type ExtraOrg = 'clinic' | 'registryDenov' | 'trainingDenov' | 'legalAid' | 'police' | 'khokimiyat';

const EXTRA: Record<ExtraOrg, DemoOrganisation> = {
  clinic: {
    name: 'Shoʻrchi tumani 2-oilaviy poliklinikasi',
    kind: 'clinic',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998762213301',
    address: 'Shoʻrchi shahri, Sogʻlom avlod koʻchasi, 15',
  },
  registryDenov: {
    name: 'Denov tumani FHDYo boʻlimi',
    kind: 'civil_registry',
    district: DENOV,
    territories: [DENOV],
    phone: '+998764121140',
    address: 'Denov shahri, Mustaqillik koʻchasi, 21',
  },
  trainingDenov: {
    name: 'Denov tumani «Ishga marhamat» monomarkazi',
    kind: 'employment_centre',
    district: DENOV,
    territories: [DENOV, SHORCHI],
    phone: '+998764123077',
    address: 'Denov shahri, Yoshlar koʻchasi, 2',
  },
  legalAid: {
    name: '«Huquqiy koʻmak» yuridik klinikasi',
    kind: 'ngo',
    district: TERMIZ_CITY,
    territories: [SHORCHI, DENOV, TERMIZ_CITY],
    phone: '+998762245519',
    address: 'Termiz shahri, Alpomish koʻchasi, 19',
  },
  police: {
    name: 'Shoʻrchi tumani IIB profilaktika boʻlimi',
    kind: 'police',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998762212102',
    address: 'Shoʻrchi shahri, Amir Temur koʻchasi, 4',
  },
  khokimiyat: {
    name: 'Shoʻrchi tumani hokimligi',
    kind: 'other',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998762212000',
    address: 'Shoʻrchi shahri, Mustaqillik koʻchasi, 1',
  },
};

export type ServiceKey =
  | 'birthCertificate'
  | 'registryRecords'
  | 'birthCertificateDenov'
  | 'jobPlacement'
  | 'vocationalTraining'
  | 'familyDoctor'
  | 'disabilityReview'
  | 'tutoring'
  | 'psychologist'
  | 'materialAid'
  | 'socialRegister'
  | 'mothersGroup'
  | 'migrantContact'
  | 'legalAdvice'
  | 'protection'
  | 'housingRepair';

type ServiceSeed = {
  key: ServiceKey;
  org: DirectoryOrg | ExtraOrg;
  name: string;
  category: ServiceCategory;
  description: string;
  territories?: string[];
  focalPoint?: 'agency';
  contactName?: string;
  contactPhone?: string;
};

const SERVICES: ServiceSeed[] = [
  {
    key: 'birthCertificate',
    org: 'registry',
    name: 'Tugʻilganlik guvohnomasini berish va tiklash',
    category: 'civil_registry',
    description:
      'Kechiktirib roʻyxatga olish, yoʻqolgan guvohnomaning takroriy nusxasi, ota-onaning hujjatlari boʻlmaganda sud qarori asosida qayd etish.',
    focalPoint: 'agency',
  },
  {
    key: 'registryRecords',
    org: 'registry',
    name: 'Nikoh, ajrim va otalikni belgilash yozuvlari',
    category: 'civil_registry',
    description: 'Nikoh va ajrimni qayd etish, otalikni belgilash, yozuvlarga oʻzgartirish kiritish.',
    focalPoint: 'agency',
  },
  {
    key: 'birthCertificateDenov',
    org: 'registryDenov',
    name: 'Tugʻilganlik guvohnomasini berish va tiklash',
    category: 'civil_registry',
    description: 'Denov tumanida tugʻilganlarni qayd etish va takroriy guvohnomalar.',
    contactName: 'Gulchehra Mamatqulova',
    contactPhone: '+998764121141',
  },
  {
    key: 'jobPlacement',
    org: 'employment',
    name: 'Ishga joylashtirish va ishsizlik nafaqasi',
    category: 'employment',
    description: 'Boʻsh ish oʻrinlari, ishsiz sifatida roʻyxatga olish, jamoat ishlariga yoʻllash, ishsizlik nafaqasi.',
    contactName: 'Rustam Eshonqulov',
    contactPhone: '+998762212319',
  },
  {
    key: 'vocationalTraining',
    org: 'trainingDenov',
    name: 'Kasb-hunarga oʻqitish (tikuvchilik, pazandachilik, elektr montaj)',
    category: 'employment',
    description: 'Ishsiz ayollar va yoshlar uchun 2–3 oylik bepul kurslar; kurs davomida stipendiya.',
    contactName: 'Sitora Rajabova',
    contactPhone: '+998764123078',
  },
  {
    key: 'familyDoctor',
    org: 'clinic',
    name: 'Oilaviy shifokor koʻrigi va bolalarni emlash',
    category: 'health',
    description: 'Uyga chaqiruv, bolalar rivojlanishini kuzatish, emlash kalendari.',
    contactName: 'Dilbar Hasanova',
    contactPhone: '+998762213302',
  },
  {
    key: 'disabilityReview',
    org: 'clinic',
    name: 'Tibbiy-ijtimoiy ekspertizaga yoʻllanma (nogironlik)',
    category: 'health',
    description: 'Nogironlikni belgilash yoki qayta koʻrikdan oʻtkazish uchun hujjatlarni tayyorlash.',
    contactName: 'Dilbar Hasanova',
    contactPhone: '+998762213302',
  },
  {
    key: 'tutoring',
    org: 'school',
    name: 'Darsdan keyingi qoʻshimcha mashgʻulotlar',
    category: 'education',
    description: 'Oʻzlashtirishi past va uzoq dars qoldirgan oʻquvchilar uchun bepul qoʻshimcha darslar.',
    contactName: 'Zulfiya Abdurahmonova, direktor oʻrinbosari',
    contactPhone: '+998762212513',
  },
  {
    key: 'psychologist',
    org: 'inson',
    name: 'Psixolog maslahati',
    category: 'psychosocial',
    description: 'Bolalar va ota-onalar uchun yakka va guruhli maslahatlar.',
    contactName: 'Kamola Sattorova',
    contactPhone: '+998762212041',
  },
  {
    key: 'materialAid',
    org: 'inson',
    name: 'Bir martalik moddiy yordam',
    category: 'financial_assistance',
    description: 'Ogʻir ahvolga tushgan oilalarga oziq-ovqat, kiyim va pul koʻrinishida yordam.',
  },
  {
    key: 'socialRegister',
    org: 'mahalla',
    name: 'Ijtimoiy himoya yagona reyestriga kiritish va nafaqalar',
    category: 'financial_assistance',
    description: 'Kam taʼminlangan oilalarga nafaqa va bolalar nafaqasi uchun arizalarni qabul qilish.',
    contactName: 'Mahalla raisi Ibrohim Yusupov',
    contactPhone: '+998901234502',
  },
  {
    key: 'mothersGroup',
    org: 'ngo',
    name: 'Yolgʻiz onalar uchun qoʻllab-quvvatlash guruhi',
    category: 'psychosocial',
    description: 'Haftalik guruh mashgʻulotlari, psixolog hamrohligi, bolalar uchun oʻyin xonasi.',
    contactName: 'Malika Yusupova',
    contactPhone: '+998762236612',
  },
  {
    key: 'migrantContact',
    org: 'ngo',
    name: 'Chet eldagi ota-ona bilan aloqani tiklash',
    category: 'other',
    description: 'Migrant ota-onani topish, bolalar bilan muntazam aloqa va pul yuborishni kelishishga koʻmak.',
    contactName: 'Malika Yusupova',
    contactPhone: '+998762236612',
  },
  {
    key: 'legalAdvice',
    org: 'legalAid',
    name: 'Bepul yuridik maslahat va sudda vakillik',
    category: 'legal_aid',
    description: 'Aliment undirish, otalikni belgilash, hujjatlarni tiklash boʻyicha daʼvo arizalari; sudda vakillik.',
    contactName: 'Sherzod Qurbonov, advokat',
    contactPhone: '+998762245520',
  },
  {
    key: 'protection',
    org: 'police',
    name: 'Himoya orderi va profilaktika inspektori',
    category: 'police_protection',
    description: 'Oilaviy zoʻravonlikdan himoya orderi, voyaga yetmaganlar bilan profilaktika ishlari.',
    contactName: 'Mayor Alisher Nurmatov',
    contactPhone: '+998762212103',
  },
  {
    key: 'housingRepair',
    org: 'khokimiyat',
    name: 'Uy-joyni taʼmirlash uchun subsidiya',
    category: 'housing',
    description: 'Kam taʼminlangan oilalar uyining tomi va isitish tizimini taʼmirlash uchun mahalliy byudjetdan subsidiya.',
    contactName: 'Uy-joy masalalari boʻlimi',
    contactPhone: '+998762212011',
  },
];

export type Directory = {
  organisations: Record<DirectoryOrg | ExtraOrg, string>;
  services: Record<ServiceKey, string>;
};

/** Adds the directory's extra organisations and the services of all of them. */
export async function seedServices(
  trx: Tx,
  ctx: SystemContext,
  orgIds: Record<DirectoryOrg, string>,
  users: { agency: string },
  regionOf: (districtCode: string) => Promise<string>,
): Promise<Directory> {
  const organisations: Record<DirectoryOrg | ExtraOrg, string> = { ...orgIds, ...(await insertDemoOrganisations(trx, EXTRA, regionOf)) };
  const services = {} as Record<ServiceKey, string>;
  for (const seed of SERVICES) {
    const id = newId();
    services[seed.key] = id;
    await insertService(trx, {
      id,
      organisation_id: organisations[seed.org],
      name: seed.name,
      ...demoNameColumns(seed.name),
      category: seed.category,
      description: seed.description,
      territories: seed.territories ?? [],
      focal_point_user_id: seed.focalPoint ? users[seed.focalPoint] : null,
      contact_name: seed.contactName ?? null,
      contact_phone: seed.contactPhone ?? null,
      created_by: null,
      updated_by: null,
    });
  }
  await audit(trx, ctx, 'demo.seed_services', null, { organisations: Object.keys(EXTRA).length, services: SERVICES.length });
  return { organisations, services };
}
