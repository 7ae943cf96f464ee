import type { InstrumentDefinition } from '@hamkor/domain';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { useTestServer } from '../../../test/harness.ts';
import { loadInstruments } from './repo.ts';

/**
 * An instrument version is published once and never changes: its risk rule's thresholds are what the
 * assessments made with it were computed by. New thresholds come only as a new version.
 */
const server = useTestServer();

type Instrument = { id: string; key: string; version: number; definition: InstrumentDefinition };

it('changes its thresholds only by publishing a new version; an assessment keeps the rule of its version', async () => {
  const [admin, worker] = [await server.login('admin'), await server.login('worker')];
  const list = async () => (await server.as(worker, { method: 'GET', url: '/api/instruments' })).json().items as Instrument[];
  const [current] = (await list()).filter((i) => i.key === 'family');
  if (!current) throw new Error('no family instrument');

  // No route rewrites a version.
  for (const method of ['PATCH', 'PUT', 'DELETE'] as const)
    expect(
      (await server.as(admin, { method, url: `/api/instruments/${current.id}`, payload: { definition: current.definition } })).statusCode,
    ).toBe(404);
  // Nor does the database, whoever asks.
  await expect(
    sql`UPDATE instruments SET definition = jsonb_set(definition, '{riskRule,thresholds,high}', '99') WHERE id = ${current.id}`.execute(
      server.db,
    ),
  ).rejects.toThrow(/publish a new version/);
  // Loading the built-in versions again at start leaves the published ones as they are.
  await loadInstruments(server.db);
  expect((await list()).find((i) => i.id === current.id)?.definition).toEqual(current.definition);

  // A case assessed under the current version: two serious problems in ordinary domains make 8 points, high.
  const post = (url: string, payload: object = {}) => server.as(worker, { method: 'POST', url, payload });
  const family = await post('/api/families', {
    districtCode: '1722226',
    address: 'Mustaqillik koʻchasi, 12-uy',
    identificationSource: 'school',
    members: [{ surname: 'Nazarova', givenName: 'Zuhra', sex: 'female', relationship: 'head', birthDate: '1988-03-01' }],
  });
  const caseId = (await post('/api/cases', { familyId: family.json().id, identificationSource: 'school', reason: 'Tekshirish' })).json().id;
  await post(`/api/cases/${caseId}/transition`, { to: 'assessment', version: await server.versionOf('cases', caseId) });
  const answers = { 'documents.birth_certificates': 'missing', 'income.employment': 'none' };
  const before = (await post(`/api/cases/${caseId}/assessments`, { answers })).json();
  expect(before).toMatchObject({ instrumentVersion: current.version, riskLevel: 'high', points: 8 });

  // A new version with other thresholds is published by an admin only; the draft keeps its own version's rule.
  const stricter = {
    ...current.definition,
    riskRule: { ...current.definition.riskRule, thresholds: { medium: 2, high: 12, critical: 30 } },
  };
  expect((await server.as(worker, { method: 'POST', url: '/api/instruments', payload: { definition: stricter } })).statusCode).toBe(404);
  const published = await server.as(admin, { method: 'POST', url: '/api/instruments', payload: { definition: stricter } });
  expect(published.statusCode, published.body).toBe(201);
  expect(published.json()).toMatchObject({ key: 'family', version: current.version + 1 });
  const kept = (await server.as(worker, { method: 'GET', url: `/api/assessments/${before.id}` })).json();
  expect(kept).toMatchObject({ instrumentVersion: current.version, riskLevel: 'high' });
  expect(kept.reasons.at(-1)).toMatchObject({ kind: 'total', thresholds: current.definition.riskRule.thresholds });
  expect((await list()).find((i) => i.id === current.id)?.definition).toEqual(current.definition);
});
