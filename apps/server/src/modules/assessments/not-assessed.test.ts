import { expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { newId } from '../../lib/ids.ts';

/**
 * Submission needs every domain answered or marked "not assessed" with a reason: a domain nobody asked
 * about would otherwise count as no concern, and the family would look safer than anyone knows.
 */
const server = useTestServer();

type Assessment = {
  id: string;
  version: number;
  status: string;
  answers: Record<string, string>;
  notAssessed: Record<string, { reason: string; note?: string }>;
  domainScores: Record<string, { answered: number; rating: string | null; notAssessed: boolean }>;
  riskLevel: string;
  incomplete: boolean;
};

async function draftAssessment(worker: Session, surname: string) {
  const post = (url: string, payload: object = {}) => server.as(worker, { method: 'POST', url, payload });
  const family = await post('/api/families', {
    districtCode: '1722226',
    address: 'Navroʻz koʻchasi, 4-uy',
    identificationSource: 'school',
    members: [{ surname, givenName: 'Dilnoza', sex: 'female', relationship: 'head', birthDate: '1990-05-01' }],
  });
  const caseId = (await post('/api/cases', { familyId: family.json().id, identificationSource: 'school', reason: 'Tekshirish' })).json().id;
  await post(`/api/cases/${caseId}/transition`, { to: 'assessment', version: await server.versionOf('cases', caseId) });
  return { caseId, started: (await post(`/api/cases/${caseId}/assessments`, {})).json() as Assessment };
}

it('refuses to submit while a domain is neither answered nor marked, naming each such domain; a marked domain drops its answers', async () => {
  const worker = await server.login('worker');
  const patch = (id: string, payload: object) => server.as(worker, { method: 'PATCH', url: `/api/assessments/${id}`, payload });
  const submit = (id: string, version: number) =>
    server.as(worker, { method: 'POST', url: `/api/assessments/${id}/submit`, payload: { version } });
  const { caseId, started } = await draftAssessment(worker, 'Karimova');
  const domains = Object.keys(started.domainScores);

  // Safety and education answered, wellbeing marked: the seven others are named.
  let saved = await patch(started.id, {
    version: started.version,
    answers: { 'safety.violence': 'none', 'education.attendance': 'regular', 'wellbeing.child': 'distressed' },
    notAssessed: { psychosocial_wellbeing: { reason: 'person_absent', note: 'Bola buvisinikida' } },
  });
  expect(saved.statusCode, saved.body).toBe(200);
  let body = saved.json() as Assessment;
  expect(body.answers).not.toHaveProperty('wellbeing.child');
  expect(body.domainScores.psychosocial_wellbeing).toMatchObject({ answered: 0, rating: null, notAssessed: true });
  expect(body.notAssessed).toEqual({ psychosocial_wellbeing: { reason: 'person_absent', note: 'Bola buvisinikida' } });
  const refused = await submit(started.id, body.version);
  expect(refused.statusCode).toBe(400);
  const missing = domains.filter((key) => !['safety_protection', 'education', 'psychosocial_wellbeing'].includes(key));
  expect(refused.json().error.fields).toEqual(
    missing.map((key) => expect.objectContaining({ path: `domains.${key}`, code: 'domain_not_answered' })),
  );
  expect((await server.as(worker, { method: 'GET', url: `/api/assessments/${started.id}` })).json().status).toBe('draft');

  // "Other" needs its note; a domain the instrument does not have is named.
  const noNote = await patch(started.id, { version: body.version, notAssessed: { education: { reason: 'other' } } });
  expect(noNote.statusCode).toBe(400);
  expect(noNote.json().error.fields).toEqual([
    expect.objectContaining({ path: 'notAssessed.education.note', code: 'not_assessed_note_required' }),
  ]);
  const stranger = await patch(started.id, { version: body.version, notAssessed: { astrology: { reason: 'not_applicable' } } });
  expect(stranger.json().error.fields).toEqual([expect.objectContaining({ path: 'notAssessed.astrology', code: 'unknown_domain' })]);
  const badReason = await patch(started.id, { version: body.version, notAssessed: { education: { reason: 'bored' } } });
  expect(badReason.statusCode).toBe(400);

  // Every domain marked leaves nothing assessed: refused as such.
  saved = await patch(started.id, {
    version: body.version,
    notAssessed: Object.fromEntries(domains.map((key) => [key, { reason: 'family_refused' }])),
  });
  body = saved.json() as Assessment;
  expect(body.answers).toEqual({});
  const nothing = await submit(started.id, body.version);
  expect(nothing.statusCode).toBe(400);
  expect(nothing.json().error.fields).toEqual([expect.objectContaining({ path: 'domains', code: 'nothing_assessed' })]);

  // Safety unmarked and answered, the rest marked: submitted, incomplete, naming what was not assessed.
  saved = await patch(started.id, { version: body.version, notAssessed: { safety_protection: null } });
  saved = await patch(started.id, { version: saved.json().version, answers: { 'safety.violence': 'none', 'safety.neglect': 'met' } });
  body = saved.json() as Assessment;
  expect(body.domainScores.safety_protection).toMatchObject({ answered: 2, notAssessed: false });
  const submitted = await submit(started.id, body.version);
  expect(submitted.statusCode, submitted.body).toBe(200);
  expect(submitted.json()).toMatchObject({ status: 'submitted', riskLevel: 'low', incomplete: true });
  expect(Object.keys(submitted.json().notAssessed)).toHaveLength(domains.length - 1);
  const history = (await server.as(worker, { method: 'GET', url: `/api/cases/${caseId}/assessments` })).json().items;
  expect(history[0]).toMatchObject({ incomplete: true, domainScores: { education: { score: null, rating: null, notAssessed: true } } });
  const events = (await server.as(worker, { method: 'GET', url: `/api/cases/${caseId}/timeline?limit=50` })).json().items as {
    kind: string;
    details: { notAssessed?: string[] };
  }[];
  expect(events.find((e) => e.kind === 'assessment.submitted')?.details.notAssessed).toHaveLength(domains.length - 1);
});

it('does not let a domain not assessed hide what the assessed ones say', async () => {
  const worker = await server.login('worker');
  const { started } = await draftAssessment(worker, 'Rahimova');
  const rest = Object.keys(started.domainScores).filter((key) => key !== 'safety_protection' && key !== 'income_employment');
  const saved = await server.as(worker, {
    method: 'PATCH',
    url: `/api/assessments/${started.id}`,
    payload: {
      version: started.version,
      answers: { 'safety.neglect': 'often_not', 'income.employment': 'none' },
      notAssessed: Object.fromEntries(rest.map((key) => [key, { reason: 'not_applicable' }])),
    },
  });
  // Safety concern 3 + a serious income problem 4 = 7: medium, and incomplete.
  expect(saved.json()).toMatchObject({ riskLevel: 'medium', points: 7, incomplete: true });
});

it('takes "not assessed" from the phone too: the offline save carries the marks, and the submission follows the same rule', async () => {
  const worker = await server.login('worker');
  const { started } = await draftAssessment(worker, 'Sobirova');
  const push = async (commands: object[]) => {
    const answer = await server.as(worker, { method: 'POST', url: '/api/sync/push', payload: { deviceId: 'phone-na', commands } });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json().results as { status: string; error?: { code: string; fields?: { path: string }[] } }[];
  };
  const command = (type: string, payload: object) => ({
    commandId: newId(),
    type,
    entityId: started.id,
    baseVersion: started.version,
    payload,
    clientTime: new Date().toISOString(),
  });
  // Submitted offline with a domain neither answered nor marked: refused, naming it.
  const early = await push([
    command('assessment.save', { answers: { 'safety.violence': 'none' }, base: { answers: {} } }),
    command('assessment.submit', {}),
  ]);
  expect(early.map((r) => r.status)).toEqual(['applied', 'rejected']);
  expect(early[1]?.error?.code).toBe('invalid_input');
  const rest = Object.keys(started.domainScores).filter((key) => key !== 'safety_protection');
  const marks = Object.fromEntries(rest.map((key) => [key, { reason: 'family_refused' }]));
  const results = await push([command('assessment.save', { notAssessed: marks, base: {} }), command('assessment.submit', {})]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  const after = (await server.as(worker, { method: 'GET', url: `/api/assessments/${started.id}` })).json() as Assessment;
  expect(after).toMatchObject({ status: 'submitted', incomplete: true });
  expect(Object.keys(after.notAssessed).sort()).toEqual(rest.sort());
});
