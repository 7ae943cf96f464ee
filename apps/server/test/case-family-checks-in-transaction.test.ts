import { type Actor, caseCreate, consentCreate, consentWithdraw, schemas, taskUpdate } from '@hamkor/domain';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/lib/context.ts';
import { openCase } from '../src/modules/cases/service.ts';
import { recordConsent, withdrawConsent } from '../src/modules/consents/service.ts';
import { addMember, mergeFamilies, registerFamily, updateFamily } from '../src/modules/families/service.ts';
import { mergePersons, recordNotDuplicate, updatePerson } from '../src/modules/persons/service.ts';
import { updateTask } from '../src/modules/tasks/service.ts';
import { transactionsOnly, useTestServer } from './harness.ts';

const family = (surname: string) =>
  schemas.familyCreate.parse({
    districtCode: '1722226',
    mahallaCode: '1722226-001',
    address: 'Navbahor MFY, Sinov koʻchasi, 7-uy',
    identificationSource: 'mahalla_social_worker',
    members: [
      { surname, givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1988-02-11' },
      { surname, givenName: 'Aziz', sex: 'male', relationship: 'child', birthYear: 2015 },
    ],
  });

const newCase = (familyId: string, childId: string) =>
  caseCreate.parse({ familyId, focusPersonIds: [childId], identificationSource: 'school', reason: 'Maktabga bormayapti' });

describe('family, person and case writes check what they rely on inside the transaction that writes', () => {
  const server = useTestServer();
  const strict = (actor: Actor): RequestContext => ({ actor, db: transactionsOnly(server.db), locale: 'en', ip: null });

  it('registers, edits, opens a case, records and withdraws consent, updates a task and merges, each in one transaction', async () => {
    const worker = strict(await server.actor('worker'));
    const supervisor = strict(await server.actor('supervisor'));
    const registered = await registerFamily(worker, family('Tranzaksiyova'));
    const [head, child] = registered.members;
    if (!head || !child) throw new Error('members missing');
    const updated = await updateFamily(worker, registered.id, schemas.familyUpdate.parse({ version: registered.version, notes: 'Yangi' }));
    expect(updated.version).toBe(registered.version + 1);
    const added = await addMember(
      worker,
      registered.id,
      schemas.personCreate.parse({ surname: 'Tranzaksiyova', givenName: 'Laylo', sex: 'female', relationship: 'child', birthYear: 2019 }),
    );
    const person = await updatePerson(worker, child.id, schemas.personUpdate.parse({ version: child.version, givenName: 'Azizbek' }));
    expect(person.givenName).toBe('Azizbek');
    await recordNotDuplicate(worker, child.id, added.id);

    const opened = await openCase(worker, newCase(registered.id, child.id));
    const consent = await recordConsent(
      worker,
      opened.id,
      consentCreate.parse({ givenByPersonId: head.id, onBehalfOfPersonIds: [child.id], scope: ['education'], date: '2026-01-10' }),
    );
    const withdrawn = await withdrawConsent(worker, consent.id, consentWithdraw.parse({ version: consent.version }));
    expect(withdrawn.status).toBe('withdrawn');
    const task = await server.db.selectFrom('tasks').selectAll().where('case_id', '=', opened.id).executeTakeFirstOrThrow();
    const done = await updateTask(worker, task.id, taskUpdate.parse({ version: task.version, status: 'done' }));
    expect(done.status).toBe('done');

    const other = await registerFamily(worker, family('Tranzaksiyova'));
    const merged = await mergeFamilies(
      supervisor,
      registered.id,
      schemas.familyMerge.parse({ otherFamilyId: other.id, version: updated.version, otherVersion: other.version }),
    );
    expect(merged.members.length).toBe(5);
    const [twin] = other.members;
    if (!twin) throw new Error('members missing');
    const versionOf = async (id: string) =>
      (await server.db.selectFrom('persons').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    const survivor = await mergePersons(
      supervisor,
      head.id,
      schemas.personMerge.parse({ otherPersonId: twin.id, version: await versionOf(head.id), otherVersion: await versionOf(twin.id) }),
    );
    expect(survivor.id).toBe(head.id);
  });

  it('opens a case inside an outer transaction on one connection, and leaves nothing when that rolls back', async () => {
    const actor = await server.actor('worker');
    const registered = await registerFamily(strict(actor), family('Qaytarilgan'));
    const child = registered.members[1];
    if (!child) throw new Error('members missing');
    await expect(
      server.db.transaction().execute(async (trx) => {
        const opened = await openCase({ actor, db: trx, locale: 'en', ip: null }, newCase(registered.id, child.id));
        expect(opened.status).toBe('intake');
        throw new Error('the outer work failed');
      }),
    ).rejects.toThrow('the outer work failed');
    const cases = await server.db.selectFrom('cases').select('id').where('family_id', '=', registered.id).execute();
    expect(cases).toEqual([]);
  });
});
