import { expect, it } from 'vitest';
import { useTestServer } from '../../../test/harness.ts';

/** An assessment nobody answered is not "low risk": it cannot be submitted, and the answer names every domain. */
const server = useTestServer();

it('refuses to submit an assessment with nothing answered, naming each domain, and computes no risk from it', async () => {
  const worker = await server.login('worker');
  const post = (url: string, payload: object = {}) => server.as(worker, { method: 'POST', url, payload });
  const family = await post('/api/families', {
    districtCode: '1722226',
    address: 'Yangiobod koʻchasi, 9-uy',
    identificationSource: 'school',
    members: [{ surname: 'Saidova', givenName: 'Lola', sex: 'female', relationship: 'head', birthDate: '1992-01-01' }],
  });
  const caseId = (await post('/api/cases', { familyId: family.json().id, identificationSource: 'school', reason: 'Tekshirish' })).json().id;
  await post(`/api/cases/${caseId}/transition`, { to: 'assessment', version: await server.versionOf('cases', caseId) });
  const started = (await post(`/api/cases/${caseId}/assessments`, {})).json();
  const submitted = await post(`/api/assessments/${started.id}/submit`, { version: started.version });
  expect(submitted.statusCode).toBe(400);
  const fields = submitted.json().error.fields as { path: string; code: string }[];
  expect(fields.length).toBe(Object.keys(started.domainScores).length);
  expect(fields.every((f) => f.path.startsWith('domains.') && f.code === 'domain_not_answered')).toBe(true);
  const after = (await server.as(worker, { method: 'GET', url: `/api/assessments/${started.id}` })).json();
  expect(after.status).toBe('draft');
  expect((await server.as(worker, { method: 'GET', url: `/api/cases/${caseId}` })).json()).toMatchObject({
    riskLevel: null,
    pendingApproval: null,
  });
});
