import { randomBytes } from 'node:crypto';
import { regionOf as regionOfCode } from '@hamkor/domain';
import type { Db } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import { newId } from '../lib/ids.ts';
import { hashPassword } from '../lib/passwords.ts';
import { findDistrict, insertMahalla } from '../modules/territories/repo.ts';
import { anyUserExists, insertUser } from '../modules/users/repo.ts';
import { seedEmergencyAccess } from './access.ts';
import { seedAssessments } from './assessments.ts';
import { seedCare } from './care.ts';
import { seedCases } from './cases.ts';
import { seedFamilies } from './families.ts';
import { seedHistory } from './history.ts';
import { seedIdentities } from './identities.ts';
import { type DemoOrganisation, insertDemoOrganisations } from './organisations.ts';
import { seedPlans } from './plans.ts';
import { seedReferrals } from './referrals.ts';
import { seedReminders } from './reminders.ts';
import { seedRetention } from './retention.ts';
import { seedSessions } from './security.ts';
import { seedServices } from './services.ts';
import { seedSyncConflict } from './sync.ts';
import { seedTracing } from './tracing.ts';
import { seedTransfers } from './transfers.ts';
import { seedWorkforce } from './workforce.ts';

/**
 * Demo data for a first look: organisations in Sho'rchi and Denov districts of Surxondaryo, a national
 * agency, mahallas, and one account per role (listed in the README). Only on an empty database.
 */
const SHORCHI = '1722226';
const DENOV = '1722210';
const TERMIZ_CITY = '1722401';
const YUNUSOBOD = '1726266';

type OrgKey = 'agency' | 'inson' | 'insonDenov' | 'mahalla' | 'ngo' | 'school' | 'registry' | 'employment';

const ORGANISATIONS: Record<OrgKey, DemoOrganisation> = {
  agency: {
    name: 'Ijtimoiy himoya milliy agentligi',
    kind: 'other',
    district: YUNUSOBOD,
    territories: [],
    phone: '+998712000000',
    address: 'Toshkent shahri, Yunusobod tumani',
  },
  inson: {
    name: 'Shoʻrchi tumani «Inson» ijtimoiy xizmatlar markazi',
    kind: 'inson_centre',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998762212040',
    address: 'Shoʻrchi shahri, Alpomish koʻchasi, 12',
  },
  insonDenov: {
    name: 'Denov tumani «Inson» ijtimoiy xizmatlar markazi',
    kind: 'inson_centre',
    district: DENOV,
    territories: [DENOV],
    phone: '+998764120315',
    address: 'Denov shahri, Sharof Rashidov koʻchasi, 5',
  },
  mahalla: {
    name: '«Navbahor» mahalla fuqarolar yigʻini',
    kind: 'mahalla',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998901234501',
    address: 'Shoʻrchi tumani, Navbahor MFY',
  },
  ngo: {
    name: '«Oila va bola» nodavlat notijorat tashkiloti',
    kind: 'ngo',
    district: TERMIZ_CITY,
    territories: [SHORCHI, DENOV, TERMIZ_CITY],
    phone: '+998762236611',
    address: 'Termiz shahri, At-Termiziy koʻchasi, 44',
  },
  school: {
    name: 'Shoʻrchi tumani 12-umumiy oʻrta taʼlim maktabi',
    kind: 'school',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998762212512',
    address: 'Shoʻrchi tumani, Navbahor MFY',
  },
  registry: {
    name: 'Shoʻrchi tumani FHDYo boʻlimi',
    kind: 'civil_registry',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998762212207',
    address: 'Shoʻrchi shahri, Mustaqillik koʻchasi, 3',
  },
  employment: {
    name: 'Shoʻrchi tumani bandlikka koʻmaklashish markazi',
    kind: 'employment_centre',
    district: SHORCHI,
    territories: [SHORCHI],
    phone: '+998762212318',
    address: 'Shoʻrchi shahri, Navoiy koʻchasi, 8',
  },
};

const MAHALLAS = [
  {
    code: '1722226-001',
    uz_latn: 'Navbahor',
    uz_cyrl: 'Навбаҳор',
    ru: 'Навбахор',
    district: SHORCHI,
  },
  {
    code: '1722226-002',
    uz_latn: 'Guliston',
    uz_cyrl: 'Гулистон',
    ru: 'Гулистан',
    district: SHORCHI,
  },
  {
    code: '1722226-003',
    uz_latn: 'Bogʻishamol',
    uz_cyrl: 'Боғишамол',
    ru: 'Богишамол',
    district: SHORCHI,
  },
  {
    code: '1722226-004',
    uz_latn: 'Yangiobod',
    uz_cyrl: 'Янгиобод',
    ru: 'Янгиабад',
    district: SHORCHI,
  },
  {
    code: '1722210-001',
    uz_latn: 'Doʻstlik',
    uz_cyrl: 'Дўстлик',
    ru: 'Дустлик',
    district: DENOV,
  },
  {
    code: '1722210-002',
    uz_latn: 'Paxtakor',
    uz_cyrl: 'Пахтакор',
    ru: 'Пахтакор',
    district: DENOV,
  },
];

type Account = {
  username: string;
  displayName: string;
  org: OrgKey;
  roles: string[];
  scope: string;
  territory?: string;
  supervisor?: string;
  locale: string;
};

export const DEMO_ACCOUNTS: Account[] = [
  {
    username: 'admin',
    displayName: 'Tizim administratori',
    org: 'agency',
    roles: ['system_admin'],
    scope: 'national',
    locale: 'uz-Latn',
  },
  // A second system administrator: an erasure proposed by one is approved by the other (retention).
  {
    username: 'admin2',
    displayName: 'Ikkinchi administrator',
    org: 'agency',
    roles: ['system_admin'],
    scope: 'national',
    locale: 'uz-Latn',
  },
  {
    username: 'supervisor',
    displayName: 'Dilfuza Rahimova',
    org: 'inson',
    roles: ['supervisor'],
    scope: 'team',
    locale: 'uz-Latn',
  },
  {
    username: 'worker',
    displayName: 'Nodira Karimova',
    org: 'inson',
    roles: ['social_worker'],
    scope: 'own',
    supervisor: 'supervisor',
    locale: 'uz-Latn',
  },
  {
    username: 'worker2',
    displayName: 'Jasur Toshmatov',
    org: 'inson',
    roles: ['social_worker'],
    scope: 'own',
    supervisor: 'supervisor',
    locale: 'uz-Cyrl',
  },
  {
    username: 'ngo',
    displayName: 'Malika Yusupova',
    org: 'ngo',
    roles: ['social_worker'],
    scope: 'own',
    locale: 'uz-Latn',
  },
  // The Denov centre receives the families moving there from Shoʻrchi (transfers).
  {
    username: 'supervisor.denov',
    displayName: 'Gulnora Ergasheva',
    org: 'insonDenov',
    roles: ['supervisor'],
    scope: 'team',
    locale: 'uz-Latn',
  },
  {
    username: 'worker.denov',
    displayName: 'Akmal Nurmatov',
    org: 'insonDenov',
    roles: ['social_worker'],
    scope: 'own',
    supervisor: 'supervisor.denov',
    locale: 'uz-Latn',
  },
  {
    username: 'agency',
    displayName: 'Bahodir Qodirov',
    org: 'registry',
    roles: ['agency_focal_point'],
    scope: 'organisation',
    locale: 'ru',
  },
  // Reads the audit log and reviews emergency accesses (break-the-glass) of the Shoʻrchi centre's records.
  {
    username: 'auditor',
    displayName: 'Zulfiya Hamroyeva',
    org: 'inson',
    roles: ['auditor'],
    scope: 'organisation',
    locale: 'uz-Latn',
  },
  {
    username: 'analyst',
    displayName: 'Sardor Aliyev',
    org: 'agency',
    roles: ['analyst'],
    scope: 'aggregate',
    locale: 'ru',
  },
];

export const isEmptyDatabase = async (db: Db): Promise<boolean> => !(await anyUserExists(db));

/** Seeds the demo; returns the password when one was generated, so the caller can show it once. */
export async function seedDemo(db: Db, password?: string): Promise<{ generatedPassword: string | undefined }> {
  const generatedPassword = password ? undefined : randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password ?? (generatedPassword as string));
  await db.transaction().execute(async (trx) => {
    const ctx = { actor: null, db, locale: 'uz-Latn' as const, ip: null };
    const regionOf = async (code: string) => (await findDistrict(trx, code))?.region_code ?? regionOfCode(code);
    const orgIds = await insertDemoOrganisations(trx, ORGANISATIONS, regionOf);
    for (const m of MAHALLAS) {
      await insertMahalla(trx, {
        id: newId(),
        code: m.code,
        district_code: m.district,
        region_code: await regionOf(m.district),
        name_uz_latn: m.uz_latn,
        name_uz_cyrl: m.uz_cyrl,
        name_ru: m.ru,
        name_en: m.uz_latn,
        name_kaa: null,
        created_by: null,
        updated_by: null,
      });
    }
    const userIds = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      const id = newId();
      userIds.set(account.username, id);
      await insertUser(trx, {
        id,
        username: account.username,
        display_name: account.displayName,
        organisation_id: orgIds[account.org],
        roles: account.roles,
        scope_level: account.scope,
        scope_territory_code: account.territory ?? null,
        supervisor_id: account.supervisor ? (userIds.get(account.supervisor) ?? null) : null,
        locale: account.locale,
        password_hash: passwordHash,
        created_by: null,
        active: true,
        updated_by: null,
      });
    }
    await seedFamilies(
      trx,
      ctx,
      {
        shorchi: { organisationId: orgIds.inson, createdBy: userIds.get('worker') ?? null },
        denov: { organisationId: orgIds.insonDenov, createdBy: null },
      },
      regionOf,
    );
    await seedCases(trx, ctx, {
      organisationId: orgIds.inson,
      worker: userIds.get('worker') ?? '',
      worker2: userIds.get('worker2') ?? '',
      supervisor: userIds.get('supervisor') ?? '',
    });
    await seedAssessments(trx, ctx, orgIds.inson);
    const directory = await seedServices(trx, ctx, orgIds, { agency: userIds.get('agency') ?? '' }, regionOf);
    const plans = await seedPlans(trx, ctx, orgIds.inson, directory);
    await seedReferrals(trx, ctx, orgIds.inson, directory, plans, { agency: userIds.get('agency') ?? '', ngo: userIds.get('ngo') ?? '' });
    await seedSyncConflict(trx, ctx, userIds.get('worker2') ?? '');
    await seedTransfers(trx, ctx, {
      denovCentre: orgIds.insonDenov,
      denovSupervisor: userIds.get('supervisor.denov') ?? '',
      ngo: userIds.get('ngo') ?? '',
    });
    await seedSessions(trx, { supervisor: userIds.get('supervisor') ?? '', worker: userIds.get('worker') ?? '' });
    await seedEmergencyAccess(trx, {
      denovWorker: userIds.get('worker.denov') ?? '',
      denovSupervisor: userIds.get('supervisor.denov') ?? '',
      supervisor: userIds.get('supervisor') ?? '',
      auditor: userIds.get('auditor') ?? '',
    });
    await seedTracing(trx, ctx, {
      passwordHash,
      regionOf,
      shorchiCentre: orgIds.inson,
      denovCentre: orgIds.insonDenov,
      shorchiWorker: userIds.get('worker') ?? null,
    });
    // Past work in more districts, for believable dashboards and reports.
    await seedHistory(trx, ctx, { passwordHash });
    await seedWorkforce(trx, ctx, {
      shorchiCentre: orgIds.inson,
      supervisor: userIds.get('supervisor') ?? '',
      worker: userIds.get('worker') ?? '',
      worker2: userIds.get('worker2') ?? '',
    });
    // Children in care: a Mehribonlik home and its educator, a return being prepared, an emergency placement.
    await seedCare(trx, ctx, { passwordHash, regionOf, supervisor: userIds.get('supervisor') ?? '', worker: userIds.get('worker') ?? '' });
    // Retention: a family whose erasure waits for a second administrator, one due, one under a legal hold.
    await seedRetention(trx, ctx, {
      organisationId: orgIds.inson,
      supervisor: userIds.get('supervisor') ?? '',
      admin: userIds.get('admin') ?? '',
    });
    // Reminders: channels chosen by a few accounts and a delivery log with a failure to look at.
    await seedReminders(trx, { supervisor: userIds.get('supervisor') ?? '', ngo: userIds.get('ngo') ?? '' });
    // PINFLs on a few staff accounts, for signing in with OneID (docs/sign-in.md).
    await seedIdentities(trx);
    await audit(trx, ctx, 'demo.seed', null, {
      organisations: Object.keys(orgIds).length,
      users: DEMO_ACCOUNTS.length,
    });
  });
  return { generatedPassword };
}
