import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { multipart, PNG_BYTES } from './test-fixtures.ts';

/** Every file under a folder, staged ones included. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

describe('the attachments folder unwritable or full', () => {
  const server = useTestServer();
  let worker: Session;
  let caseId: string;
  let regionCode: string;

  const upload = () =>
    server.as(worker, {
      method: 'POST',
      url: `/api/cases/${caseId}/attachments`,
      ...multipart({ name: 'hujjat.png', type: 'image/png', data: PNG_BYTES }),
    });
  const rows = async () =>
    Number(
      (
        await server.db
          .selectFrom('attachments')
          .select(server.db.fn.countAll().as('n'))
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    worker = await server.login('worker');
    const found = await server.as(worker, { method: 'GET', url: '/api/cases?assignee=me' });
    caseId = found.json().items[0].id;
    regionCode = (await server.db.selectFrom('cases').select('region_code').where('id', '=', caseId).executeTakeFirstOrThrow()).region_code;
  });

  it('answers 507 with a clear message when the folder cannot be written, and records nothing', async () => {
    const before = await rows();
    // The folder is not a folder at all (what a missing mount or a wrong path looks like, even to root).
    rmSync(server.attachmentsDir, { recursive: true, force: true });
    writeFileSync(server.attachmentsDir, 'not a folder');
    try {
      const response = await upload();
      expect(response.statusCode).toBe(507);
      expect(response.json().error.code).toBe('storage_unavailable');
      // In the worker's own language (Uzbek Latin in the demo).
      expect(response.json().error.message).toContain('Hech narsa saqlanmadi');
      expect(await rows()).toBe(before);
    } finally {
      rmSync(server.attachmentsDir, { force: true });
      mkdirSync(server.attachmentsDir);
    }
    // Once the folder is back, the same upload works.
    expect((await upload()).statusCode).toBe(201);
    expect(await rows()).toBe(before + 1);
  });

  it('leaves no row without its file and no file without its row when placing the file fails at commit', async () => {
    const before = await rows();
    const filesBefore = filesUnder(server.attachmentsDir);
    // The region's folder is blocked: the upload is staged, then cannot be moved into place.
    rmSync(join(server.attachmentsDir, regionCode), { recursive: true, force: true });
    writeFileSync(join(server.attachmentsDir, regionCode), 'blocked');
    try {
      const response = await upload();
      expect(response.statusCode).toBe(507);
      expect(await rows()).toBe(before);
      const left = filesUnder(server.attachmentsDir).filter((file) => !filesBefore.includes(file));
      expect(left).toEqual([join(server.attachmentsDir, regionCode)]);
    } finally {
      rmSync(join(server.attachmentsDir, regionCode), { force: true });
    }
  });
});
