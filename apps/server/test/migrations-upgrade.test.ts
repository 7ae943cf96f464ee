import { foldForSearch, nameKey } from '@hamkor/domain';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DatabaseHandle, type Db, openDatabase } from '../src/db/database.ts';
import { migrate, migrationNames } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/db/reference.ts';
import { hashPassword } from '../src/lib/passwords.ts';
import { loadInstruments } from '../src/modules/instruments/repo.ts';
import { TEST_DB_KIND } from './databases.ts';

const IDS = {
  organisation: '0190a000-0000-7000-8000-000000000001',
  user: '0190a000-0000-7000-8000-000000000002',
  family: '0190a000-0000-7000-8000-000000000003',
  person: '0190a000-0000-7000-8000-000000000004',
  case: '0190a000-0000-7000-8000-000000000005',
  contact: '0190a000-0000-7000-8000-000000000006',
};
const PASSWORD = 'upgrade-password-1';

const exists = async (db: Db, table: string) =>
  (await sql<{ found: string | null }>`SELECT to_regclass(${`public.${table}`})::text AS found`.execute(db)).rows[0]?.found != null;

/**
 * What an office running that version had written: an organisation and a worker, a family with a member, a
 * case and a contact — in the columns the earliest schema already had, so the rows fit every version.
 */
async function writeOldData(db: Db, passwordHash: string) {
  await sql`INSERT INTO regions (code, name_uz_latn, name_uz_cyrl, name_ru, name_en) VALUES ('1722', 'Surxondaryo viloyati', 'Сурхондарё вилояти', 'Сурхандарьинская область', 'Surxondaryo region') ON CONFLICT DO NOTHING`.execute(
    db,
  );
  await sql`INSERT INTO districts (code, region_code, name_uz_latn, name_uz_cyrl, name_ru, name_en) VALUES ('1722226', '1722', 'Shoʻrchi tumani', 'Шўрчи тумани', 'Шурчинский район', 'Shorchi district') ON CONFLICT DO NOTHING`.execute(
    db,
  );
  await sql`INSERT INTO organisations (id, name, kind, district_code, region_code, territories) VALUES (${IDS.organisation}, 'Shoʻrchi tumani «Inson» markazi', 'inson_centre', '1722226', '1722', '{1722226}')`.execute(
    db,
  );
  await sql`INSERT INTO users (id, username, display_name, organisation_id, roles, scope_level, password_hash) VALUES (${IDS.user}, 'eski.xodim', 'Eski Xodim', ${IDS.organisation}, '{social_worker}', 'own', ${passwordHash})`.execute(
    db,
  );
  if (!(await exists(db, 'families'))) return;
  await sql`INSERT INTO families (id, region_code, district_code, organisation_id, address, identification_source, created_by) VALUES (${IDS.family}, '1722', '1722226', ${IDS.organisation}, 'Navbahor MFY, Eski koʻcha, 1-uy', 'mahalla_social_worker', ${IDS.user})`.execute(
    db,
  );
  await sql`INSERT INTO persons (id, family_id, region_code, district_code, organisation_id, surname, given_name, search_key, surname_key, given_name_key, birth_date, sex, relationship, created_by)
    VALUES (${IDS.person}, ${IDS.family}, '1722', '1722226', ${IDS.organisation}, 'Qurbonova', 'Dilnoza', ${foldForSearch('Qurbonova Dilnoza')}, ${nameKey('Qurbonova')}, ${nameKey('Dilnoza')}, '1988-03-14', 'female', 'head', ${IDS.user})`.execute(
    db,
  );
  if (!(await exists(db, 'cases'))) return;
  await sql`INSERT INTO cases (id, number, family_id, focus_person_ids, organisation_id, region_code, district_code, status, urgency, identification_source, reason, assigned_user_id, created_by)
    VALUES (${IDS.case}, 'SUR-SHC-2026-09001', ${IDS.family}, ${sql`ARRAY[${IDS.person}]::uuid[]`}, ${IDS.organisation}, '1722', '1722226', 'intake', 'routine', 'mahalla_social_worker', 'Otasi chet elda, yordam yubormaydi', ${IDS.user}, ${IDS.user})`.execute(
    db,
  );
  await sql`INSERT INTO contacts (id, case_id, region_code, kind, date, text, created_by) VALUES (${IDS.contact}, ${IDS.case}, '1722', 'home_visit', '2026-02-10', 'Uyga tashrif: onasi bilan suhbat', ${IDS.user})`.execute(
    db,
  );
}

/** Each earlier schema, with data written in it, upgraded to this version and read through the app. */
describe.skipIf(TEST_DB_KIND !== 'pglite')('upgrading from every earlier schema version', () => {
  const names = migrationNames();
  let database: DatabaseHandle | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it.each(names.slice(0, -1).map((name) => [name]))(
    'from %s, with data in it',
    async (name) => {
      database = await openDatabase({ dataDir: 'memory://' });
      const { db } = database;
      await migrate(db, { until: name });
      await writeOldData(db, await hashPassword(PASSWORD));
      const applied = await migrate(db);
      expect(applied).toEqual(names.slice(names.indexOf(name) + 1));
      await loadReferenceData(db);
      await loadInstruments(db);

      const app = await buildApp({ database, attachmentsDir: '/nonexistent' });
      try {
        const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'eski.xodim', password: PASSWORD } });
        expect(login.statusCode, login.body).toBe(200);
        const headers = {
          cookie: `hamkor_session=${login.cookies.find((cookie) => cookie.name === 'hamkor_session')?.value}`,
          'x-csrf-token': login.json().csrfToken,
        };
        if (names.indexOf(name) < names.findIndex((file) => file.startsWith('0002'))) return;
        const family = await app.inject({ method: 'GET', url: `/api/families/${IDS.family}`, headers });
        expect(family.statusCode, family.body).toBe(200);
        expect(family.json().members[0].surname).toBe('Qurbonova');
        // Found across scripts after the upgrade, as before it.
        const found = await app.inject({ method: 'GET', url: `/api/persons?q=${encodeURIComponent('Курбанова')}`, headers });
        expect(found.statusCode, found.body).toBe(200);
        expect(found.json().items.map((item: { id: string }) => item.id)).toContain(IDS.person);
        if (names.indexOf(name) < names.findIndex((file) => file.startsWith('0003'))) return;
        const theCase = await app.inject({ method: 'GET', url: `/api/cases/${IDS.case}`, headers });
        expect(theCase.statusCode, theCase.body).toBe(200);
        expect(theCase.json().number).toBe('SUR-SHC-2026-09001');
        const contacts = await app.inject({ method: 'GET', url: `/api/cases/${IDS.case}/contacts`, headers });
        expect(contacts.json().items.map((item: { id: string }) => item.id)).toEqual([IDS.contact]);
      } finally {
        await app.close();
      }
    },
    120_000,
  );
});
