import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './harness.ts';

describe('versioned records', () => {
  const server = useTestServer();

  it('are written only through the versioned helpers: no module bumps a version by hand', async () => {
    const src = join(import.meta.dirname, '..', 'src');
    const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const byHand: string[] = [];
    for (const file of files) {
      // The demo seed, generated data and the benchmark write straight to the tables by design.
      if (file === join('db', 'versioned.ts') || /^(demo|generate|bench)\//.test(file)) continue;
      if (/['"]version['"],\s*'\+'/.test(await readFile(join(src, file), 'utf8'))) byHand.push(file);
    }
    expect(byHand).toEqual([]);
  });

  it('bump the version of what the system changes by itself: a task that follows its case to a new worker', async () => {
    const [worker, worker2, supervisor] = [await server.login('worker'), await server.login('worker2'), await server.login('supervisor')];
    const registered = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      payload: {
        districtCode: '1722226',
        mahallaCode: '1722226-001',
        address: 'Navbahor MFY, Sinov koʻchasi, 13-uy',
        identificationSource: 'mahalla_social_worker',
        members: [{ surname: 'Versiyova', givenName: 'Nodira', sex: 'female', relationship: 'head', birthDate: '1990-03-04' }],
      },
    });
    const opened = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { familyId: registered.json().id, identificationSource: 'school', reason: 'Bola darsga kelmayapti' },
    });
    const caseId = opened.json().id as string;
    const task = await server.as(worker, {
      method: 'POST',
      url: `/api/cases/${caseId}/tasks`,
      payload: { title: 'Maktabga borish', dueDate: '2027-01-15' },
    });
    expect(task.statusCode, task.body).toBe(201);
    const { id: taskId, version: readVersion } = task.json();

    const assigned = await server.as(supervisor, {
      method: 'POST',
      url: `/api/cases/${caseId}/assign`,
      payload: { userId: worker2.userId, version: await server.versionOf('cases', caseId) },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(await server.versionOf('tasks', taskId)).toBe(readVersion + 1);

    // An edit made on the version read before the reassignment is a conflict, not a silent overwrite.
    const stale = await server.as(worker2, {
      method: 'PATCH',
      url: `/api/tasks/${taskId}`,
      payload: { title: 'Maktab direktori bilan gaplashish', version: readVersion },
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'version_conflict' }, current: { id: taskId, assigneeId: worker2.userId } });
  });
});
