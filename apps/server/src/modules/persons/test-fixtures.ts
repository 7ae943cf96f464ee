import type { Session, TestServer } from '../../../test/harness.ts';

/** A Shoʻrchi household registered through the API; names as the test needs them. */
export function household(members: Record<string, unknown>[], overrides: Record<string, unknown> = {}) {
  return {
    districtCode: '1722226',
    mahallaCode: '1722226-003',
    address: 'Bogʻishamol MFY, Sinov koʻchasi, 5-uy',
    identificationSource: 'school',
    members,
    ...overrides,
  };
}

export async function register(server: TestServer, session: Session, payload: object) {
  const response = await server.as(session, { method: 'POST', url: '/api/families', payload });
  if (response.statusCode !== 201) throw new Error(`register: ${response.statusCode} ${response.body}`);
  return response.json() as { id: string; members: { id: string; version: number }[] };
}

/** A social worker of the Denov «Inson» centre: reaches Denov, not Shoʻrchi. */
export async function denovWorker(server: TestServer): Promise<Session> {
  const admin = await server.login('admin');
  const organisation = await server.db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'inson_centre')
    .where('district_code', '=', '1722210')
    .executeTakeFirstOrThrow();
  const created = await server.as(admin, {
    method: 'POST',
    url: '/api/users',
    payload: {
      username: `denov${Date.now().toString(36)}`,
      displayName: 'Denov Xodimi',
      password: 'long-enough-1',
      organisationId: organisation.id,
      roles: ['social_worker'],
    },
  });
  if (created.statusCode !== 201) throw new Error(`user: ${created.statusCode} ${created.body}`);
  return server.login(created.json().username, 'long-enough-1');
}
