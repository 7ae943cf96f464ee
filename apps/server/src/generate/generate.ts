import { districtAbbreviations, todayInUzbekistan } from '@hamkor/domain';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { loadReferenceData } from '../db/reference.ts';
import { hashPassword } from '../lib/passwords.ts';
import { latestInstrument, loadInstruments } from '../modules/instruments/repo.ts';
import { type Casework, type CaseworkPlace, casework, type Service, type Worker } from './casework.ts';
import { household, type Place, type Row } from './households.ts';
import { femaleNames, maleNames, surnames } from './names.ts';
import { Random } from './random.ts';
import { CopySink, createIndexes, dropSecondaryIndexes, InsertSink, type Sink } from './sink.ts';
import { apportion, type District, MAHALLA_NAMES } from './territory.ts';

export type GenerateOptions = {
  persons: number;
  seed: number;
  /** The day the data set is "today" (YYYY-MM-DD); the same seed and day give the same data. */
  asOf: string;
  /** The password of every generated account. */
  password: string;
  /** PostgreSQL URL for COPY; absent for PGlite. */
  url?: string;
  log?: (message: string) => void;
};

export type GenerateReport = {
  counts: Record<string, number>;
  seconds: { generateAndLoad: number; indexes: number; analyze: number; total: number };
  accounts: { admin: string; analyst: string; worker: string; supervisor: string; districtCode: string };
};

/** Tables loaded in bulk; on PostgreSQL their secondary indexes are rebuilt after the load. */
const BULK_TABLES = [
  'families',
  'persons',
  'cases',
  'assessments',
  'contacts',
  'tasks',
  'case_events',
  'approvals',
  'plans',
  'plan_goals',
  'plan_actions',
  'consents',
  'referrals',
];

/** The services every district has, each offered by its own organisation. */
const DISTRICT_SERVICES = [
  { kind: 'clinic', organisation: 'tuman koʻp tarmoqli markaziy poliklinikasi', category: 'health', name: 'Bolalar tibbiy koʻrigi' },
  { kind: 'school', organisation: 'tuman maktabgacha va maktab taʼlimi boʻlimi', category: 'education', name: 'Maktabga qaytarish' },
  { kind: 'civil_registry', organisation: 'tuman FHDYo boʻlimi', category: 'civil_registry', name: 'Tugʻilganlik guvohnomasi' },
  { kind: 'employment_centre', organisation: 'tuman bandlikka koʻmaklashish markazi', category: 'employment', name: 'Kasbga oʻqitish' },
  { kind: 'ngo', organisation: '«Oila va bola» nodavlat tashkiloti filiali', category: 'psychosocial', name: 'Psixologik yordam' },
  { kind: 'other', organisation: 'tuman ijtimoiy himoya boʻlimi', category: 'financial_assistance', name: 'Moddiy yordam' },
] as const;

const DAY = 86_400_000;
/** Mahallas of the whole country (about 9 450), spread like the population. */
const MAHALLAS = 9450;
/** Share of families with a case, and of those with an earlier closed one: ~150 000 cases per million persons. */
const CASE_SHARE = 0.56;
const SECOND_CASE_SHARE = 0.12;
/** Open cases a worker carries, to size each district's team; a supervisor leads about six workers. */
const OPEN_CASES_PER_WORKER = 40;
const WORKERS_PER_SUPERVISOR = 6;

export async function generate(database: DatabaseHandle, options: GenerateOptions): Promise<GenerateReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const { db } = database;
  await migrate(db);
  await loadReferenceData(db);
  await loadInstruments(db);
  const existing = await db.selectFrom('families').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('The database already has families: generate into an empty database.');
  const existingUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existingUser) throw new Error('The database already has users: generate into an empty database.');

  const random = new Random(options.seed);
  const nowMs = Date.parse(`${options.asOf}T12:00:00+05:00`);
  const districts: District[] = (
    await db.selectFrom('districts').select(['code', 'region_code', 'name_uz_latn']).orderBy('code').execute()
  ).map((d) => ({ code: d.code, regionCode: d.region_code, nameUzLatn: d.name_uz_latn }));
  const abbreviations = districtAbbreviations(districts);
  const instrument = await latestInstrument(db, 'family');
  if (!instrument) throw new Error('The family instrument is missing');
  const passwordHash = await hashPassword(options.password);

  const counts: Record<string, number> = {};
  const sink: Sink = options.url ? new CopySink(options.url) : new InsertSink(db);
  const add = async (table: string, rows: readonly Row[]) => {
    counts[table] = (counts[table] ?? 0) + rows.length;
    await sink.add(table, rows);
  };
  const indexes = options.url ? await dropSecondaryIndexes(db, BULK_TABLES) : [];

  const setupMs = nowMs - 1500 * DAY;
  const displayName = () => {
    const male = random.chance(0.45);
    const given = (male ? maleNames : femaleNames)[random.int(0, 20)];
    const surname = random.pick(surnames);
    return `${given?.latin} ${surname.latin}${male ? '' : 'a'}`;
  };
  const user = (
    username: string,
    organisationId: string,
    roles: string[],
    scope: string,
    territory: string | null,
    supervisorId: string | null,
  ): Row => ({
    id: random.id(setupMs),
    username,
    display_name: displayName(),
    organisation_id: organisationId,
    roles,
    scope_level: scope,
    scope_territory_code: territory,
    locale: random.chance(0.7) ? 'uz-Latn' : random.chance(0.6) ? 'uz-Cyrl' : 'ru',
    password_hash: passwordHash,
    active: true,
    version: 1,
    created_at: new Date(setupMs),
    created_by: null,
    updated_at: new Date(setupMs),
    updated_by: null,
    supervisor_id: supervisorId,
  });
  const organisation = (name: string, kind: string, district: District, territories: string[]): Row => ({
    id: random.id(setupMs),
    name,
    kind,
    district_code: district.code,
    region_code: district.regionCode,
    territories,
    address: `${district.nameUzLatn}, Mustaqillik koʻchasi, ${random.int(1, 60)}`,
    phone: `+99871${random.digits(7)}`,
    approval_gates: true,
    active: true,
    version: 1,
    created_at: new Date(setupMs),
    created_by: null,
    updated_at: new Date(setupMs),
    updated_by: null,
  });

  // The national agency and its accounts.
  const capital = districts.find((d) => d.code === '1726266') ?? (districts[0] as District);
  const agency = organisation('Ijtimoiy himoya milliy agentligi', 'other', capital, []);
  await add('organisations', [agency]);
  const admin = user('admin', agency.id as string, ['system_admin'], 'national', null, null);
  const analyst = user('analyst', agency.id as string, ['analyst'], 'aggregate', null, null);
  const manager = user('manager', agency.id as string, ['manager'], 'national', null, null);
  await add('users', [admin, analyst, manager]);

  const personQuota = apportion(districts, options.persons);
  const mahallaQuota = apportion(districts, MAHALLAS, 5);
  const sequences = new Map<string, number>();
  const serials = { pinfl: 0 };
  let busiest: { districtCode: string; worker: string; supervisor: string; persons: number } | null = null;

  for (const district of districts) {
    // Each district: its Inson centre with a team sized to its cases, and its mahallas.
    const quota = personQuota.get(district.code) ?? 0;
    const centre = organisation(`${district.nameUzLatn} «Inson» ijtimoiy xizmatlar markazi`, 'inson_centre', district, [district.code]);
    await add('organisations', [centre]);
    const workerCount = Math.max(2, Math.ceil((quota * 0.15 * 0.58) / OPEN_CASES_PER_WORKER));
    const supervisorCount = Math.ceil(workerCount / WORKERS_PER_SUPERVISOR);
    const centreId = centre.id as string;
    const supervisors = Array.from({ length: supervisorCount }, (_, i) =>
      user(`s${district.code}-${i + 1}`, centreId, ['supervisor'], 'team', null, null),
    );
    const workers = Array.from({ length: workerCount }, (_, i) =>
      user(`w${district.code}-${i + 1}`, centreId, ['social_worker'], 'own', null, supervisors[i % supervisorCount]?.id as string),
    );
    await add('users', [
      ...supervisors,
      ...workers,
      user(`oa${district.code}`, centreId, ['org_admin'], 'organisation', null, null),
      user(`m${district.code}`, centreId, ['manager'], 'district', district.code, null),
    ]);
    const serviceOrganisations = DISTRICT_SERVICES.map((service) =>
      organisation(`${district.nameUzLatn.replace(/ (tumani|shahri)$/, '')} ${service.organisation}`, service.kind, district, [
        district.code,
      ]),
    );
    await add('organisations', serviceOrganisations);
    const services: Service[] = DISTRICT_SERVICES.map((service, i) => ({
      id: random.id(setupMs),
      organisationId: serviceOrganisations[i]?.id as string,
      category: service.category,
      name: service.name,
    }));
    await add(
      'services',
      services.map((service) => ({
        id: service.id,
        organisation_id: service.organisationId,
        name: service.name,
        category: service.category,
        description: null,
        territories: [],
        focal_point_user_id: null,
        contact_name: null,
        contact_phone: `+99871${random.digits(7)}`,
        active: true,
        version: 1,
        created_at: new Date(setupMs),
        created_by: null,
        updated_at: new Date(setupMs),
        updated_by: null,
      })),
    );
    const mahallas = Array.from({ length: mahallaQuota.get(district.code) ?? 5 }, (_, i) => {
      const name = MAHALLA_NAMES[(i + Number(district.code.slice(-3))) % MAHALLA_NAMES.length] as string;
      return { code: `${district.code}-${String(i + 1).padStart(3, '0')}`, name };
    });
    await add(
      'mahallas',
      mahallas.map((m) => ({
        id: random.id(setupMs),
        code: m.code,
        district_code: district.code,
        region_code: district.regionCode,
        name_uz_latn: m.name,
        name_uz_cyrl: null,
        name_ru: null,
        name_en: null,
        name_kaa: null,
        active: true,
        version: 1,
        created_at: new Date(setupMs),
        created_by: null,
        updated_at: new Date(setupMs),
        updated_by: null,
      })),
    );

    const place: Place = { districtCode: district.code, regionCode: district.regionCode, organisationId: centreId, mahallas };
    const workPlace: CaseworkPlace = {
      districtCode: district.code,
      regionCode: district.regionCode,
      organisationId: centreId,
      workers: workers.map((w): Worker => ({ id: w.id as string, supervisorId: w.supervisor_id as string })),
      supervisorIds: supervisors.map((s) => s.id as string),
      services,
      abbreviations,
      sequences,
    };
    let placed = 0;
    const batch: Record<string, Row[]> = {};
    const push = (table: string, rows: Row[]) => {
      const list = batch[table] ?? [];
      batch[table] = list;
      for (const row of rows) list.push(row);
    };
    const flush = async () => {
      for (const table of BULK_TABLES) {
        const rows = batch[table];
        if (rows?.length) await add(table, rows);
        batch[table] = [];
      }
    };
    while (placed < quota) {
      const createdMs = nowMs - random.int(30, 1500) * DAY;
      const home = household(random, serials, place, createdMs, nowMs, quota - placed);
      placed += home.persons.length;
      push('families', [home.family]);
      push('persons', home.persons);
      const caseCount = random.chance(CASE_SHARE) ? (random.chance(SECOND_CASE_SHARE) ? 2 : 1) : 0;
      if (caseCount) {
        const work: Casework = casework(random, home, workPlace, instrument.id, nowMs, caseCount);
        push('cases', work.cases);
        push('assessments', work.assessments);
        push('contacts', work.contacts);
        push('tasks', work.tasks);
        push('case_events', work.caseEvents);
        push('approvals', work.approvals);
        push('plans', work.plans);
        push('plan_goals', work.planGoals);
        push('plan_actions', work.planActions);
        push('consents', work.consents);
        push('referrals', work.referrals);
      }
      if ((batch.persons?.length ?? 0) >= 2000) await flush();
    }
    await flush();
    if (!busiest || quota > busiest.persons)
      busiest = {
        districtCode: district.code,
        worker: workers[0]?.username as string,
        supervisor: supervisors[0]?.username as string,
        persons: quota,
      };
    if (Number(district.code) % 10 === 0 || district === districts.at(-1)) log(`  ${district.code}: ${counts.persons ?? 0} persons so far`);
  }
  await sink.finish();

  // Case numbers continue from the generated ones.
  const sequenceRows = [...sequences].map(([key, last]) => {
    const [districtCode, year] = key.split(':') as [string, string];
    return {
      district_code: districtCode,
      year: Number(year),
      region_code: districts.find((d) => d.code === districtCode)?.regionCode as string,
      abbreviation: abbreviations.get(districtCode) as string,
      last_value: last,
    };
  });
  for (let start = 0; start < sequenceRows.length; start += 500)
    await db
      .insertInto('case_number_sequences')
      .values(sequenceRows.slice(start, start + 500))
      .execute();
  const loaded = performance.now();
  log(`Loaded in ${((loaded - started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes`);

  if (options.url && indexes.length) await createIndexes(options.url, indexes, 2);
  // COPY ran with triggers off, so the name words searched for typos and the summary figures are counted once
  // from what was loaded.
  if (options.url) {
    await sql`INSERT INTO person_name_words (word)
      SELECT DISTINCT word FROM persons, unnest(string_to_array(search_key, ' ')) AS word WHERE word <> ''
      ON CONFLICT DO NOTHING`.execute(db);
    const summarised = performance.now();
    // Statistics first: the per-family counting plans its reads on tables PostgreSQL has not yet sized.
    await sql`ANALYZE`.execute(db);
    await sql`SELECT * FROM summaries_rebuild()`.execute(db);
    log(`Summary figures counted in ${((performance.now() - summarised) / 1000).toFixed(1)} s`);
  }
  const indexed = performance.now();
  await sql`ANALYZE`.execute(db);
  const analysed = performance.now();
  return {
    counts,
    seconds: {
      generateAndLoad: round((loaded - started) / 1000),
      indexes: round((indexed - loaded) / 1000),
      analyze: round((analysed - indexed) / 1000),
      total: round((analysed - started) / 1000),
    },
    accounts: {
      admin: 'admin',
      analyst: 'analyst',
      worker: busiest?.worker ?? '',
      supervisor: busiest?.supervisor ?? '',
      districtCode: busiest?.districtCode ?? '',
    },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

export const defaultAsOf = () => todayInUzbekistan();
