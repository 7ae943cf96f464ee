import { beforeAll, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

/**
 * While an assessment waits for approval, the case says what is pending and what risk it would set: the
 * header no longer reads "risk not assessed" over a high-risk assessment waiting for the supervisor.
 */
const server = useTestServer();
let worker: Session;

beforeAll(async () => {
  worker = await server.login('worker');
});

it('names the pending assessment and the risk it would set, until the supervisor decides', async () => {
  const post = (url: string, payload: object = {}) => server.as(worker, { method: 'POST', url, payload });
  const family = await post('/api/families', {
    districtCode: '1722226',
    address: 'Navbahor koʻchasi, 3-uy',
    identificationSource: 'school',
    members: [{ surname: 'Hamroyeva', givenName: 'Zulfiya', sex: 'female', relationship: 'head', birthDate: '1985-05-05' }],
  });
  const caseId = (
    await post('/api/cases', { familyId: family.json().id, identificationSource: 'school', reason: 'Maktabga bormaydi' })
  ).json().id as string;
  await post(`/api/cases/${caseId}/transition`, { to: 'assessment', version: await server.versionOf('cases', caseId) });
  const started = (await post(`/api/cases/${caseId}/assessments`, {})).json();
  const definition = (await server.as(worker, { method: 'GET', url: '/api/instruments' }))
    .json()
    .items.find((i: { id: string }) => i.id === started.instrumentId).definition as {
    domains: { questions: { key: string; answers: { key: string; score: number }[] }[] }[];
  };
  // The worst answer that is not an immediate danger, everywhere: a high risk at least.
  const answers = Object.fromEntries(
    definition.domains.flatMap((d) =>
      d.questions.map((q) => [
        q.key,
        [...q.answers].filter((a) => !('immediateDanger' in a && a.immediateDanger)).sort((a, b) => b.score - a.score)[0]?.key,
      ]),
    ),
  );
  const saved = await server.as(worker, {
    method: 'PATCH',
    url: `/api/assessments/${started.id}`,
    payload: { version: started.version, answers },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  const submitted = await post(`/api/assessments/${started.id}/submit`, { version: saved.json().version });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const level = submitted.json().riskLevel;
  expect(['high', 'critical']).toContain(level);
  const theCase = (await server.as(worker, { method: 'GET', url: `/api/cases/${caseId}` })).json();
  expect(theCase).toMatchObject({ riskLevel: null, pendingApproval: { kind: 'assessment', riskLevel: level } });
});
