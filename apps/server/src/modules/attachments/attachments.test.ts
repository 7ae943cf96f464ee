import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { safeFileName } from './service.ts';
import { multipart, PDF_BYTES, PNG_BYTES } from './test-fixtures.ts';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('attachments', () => {
  const server = useTestServer();
  let worker: Session;
  let worker2: Session;
  let supervisor: Session;
  let caseId: string;

  const upload = (session: Session, id: string, file: { name: string; type: string; data: Buffer }, fields: Record<string, string> = {}) =>
    server.as(session, { method: 'POST', url: `/api/cases/${id}/attachments`, ...multipart(file, fields) });
  const list = async (session: Session, id: string) => server.as(session, { method: 'GET', url: `/api/cases/${id}/attachments` });
  const storedFiles = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? storedFiles(join(dir, e.name)) : [join(dir, e.name)]))
      : [];

  beforeAll(async () => {
    [worker, worker2, supervisor] = [await server.login('worker'), await server.login('worker2'), await server.login('supervisor')];
    const demo = await server.db
      .selectFrom('cases')
      .select('id')
      .where('assigned_user_id', '=', worker.userId)
      .where('status', 'not in', ['closed', 'closing'])
      .orderBy('number')
      .executeTakeFirstOrThrow();
    caseId = demo.id;
  });

  it('stores a PNG and a PDF, typed by their content, and lists them with who uploaded them', async () => {
    const png = await upload(worker, caseId, { name: '../../etc/passport scan.png', type: 'application/octet-stream', data: PNG_BYTES });
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({
      caseId,
      contactId: null,
      fileName: 'passport scan.png',
      mediaType: 'image/png',
      size: PNG_BYTES.length,
      sha256: sha256(PNG_BYTES),
      version: 1,
      createdBy: worker.userId,
    });
    const pdf = await upload(worker, caseId, { name: 'Maʼlumotnoma.PDF', type: 'image/jpeg', data: PDF_BYTES });
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json()).toMatchObject({ mediaType: 'application/pdf', fileName: 'Maʼlumotnoma.pdf' });

    const items = (await list(worker, caseId)).json().items as { id: string; createdByName: string }[];
    expect(items.map((i) => i.id).slice(0, 2)).toEqual([pdf.json().id, png.json().id]);
    expect(items[0]?.createdByName).toBeTruthy();

    // Stored under <region>/<yyyy>/<id>, never under the user's name, and nothing left in the temporary folder.
    const files = storedFiles(server.attachmentsDir).map((f) => f.slice(server.attachmentsDir.length + 1));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^17\\d\\d/20\\d\\d/${png.json().id}$`))]));
    expect(files.some((f) => f.includes('passport') || f.startsWith('.tmp/'))).toBe(false);
  });

  it('sends the file back as a download, byte for byte, with headers that keep browsers from running it', async () => {
    const uploaded = (await upload(worker, caseId, { name: 'hujjat.pdf', type: 'application/pdf', data: PDF_BYTES })).json();
    const response = await server.as(worker, { method: 'GET', url: `/api/attachments/${uploaded.id}/content` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="hujjat.pdf"; filename*=UTF-8''hujjat.pdf`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(sha256(response.rawPayload)).toBe(sha256(PDF_BYTES));

    const other = (await upload(worker, caseId, { name: 'rasm.png', type: 'image/png', data: PNG_BYTES })).json();
    const png = await server.as(supervisor, { method: 'GET', url: `/api/attachments/${other.id}/content` });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.equals(PNG_BYTES)).toBe(true);
  });

  it('refuses content that is not a photo or a PDF whatever its name says (415), and files over 10 MB (413)', async () => {
    const before = storedFiles(server.attachmentsDir).length;
    const text = await upload(worker, caseId, { name: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('not really a photo\n') });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toMatchObject({ code: 'unsupported_media_type', fields: [{ path: 'file', code: 'attachment_type' }] });
    expect(text.json().error.message).toBeTruthy();
    const html = await upload(worker, caseId, {
      name: 'scan.png',
      type: 'image/png',
      data: Buffer.from('<html><script>alert(1)</script>'),
    });
    expect(html.statusCode).toBe(415);

    const big = Buffer.alloc(11 * 1024 * 1024, 0);
    PNG_BYTES.copy(big);
    const tooLarge = await upload(worker, caseId, { name: 'big.png', type: 'image/png', data: big });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('payload_too_large');
    expect(storedFiles(server.attachmentsDir).length).toBe(before);
  });

  it('answers 404 to a worker outside the case on upload, list, download and archive', async () => {
    const mine = (await upload(worker, caseId, { name: 'a.png', type: 'image/png', data: PNG_BYTES })).json();
    expect((await upload(worker2, caseId, { name: 'b.png', type: 'image/png', data: PNG_BYTES })).statusCode).toBe(404);
    expect((await list(worker2, caseId)).statusCode).toBe(404);
    expect((await server.as(worker2, { method: 'GET', url: `/api/attachments/${mine.id}/content` })).statusCode).toBe(404);
    const archive = { method: 'POST' as const, url: `/api/attachments/${mine.id}/archive`, payload: { version: 1 } };
    expect((await server.as(worker2, archive)).statusCode).toBe(404);
    const unknown = '0190f000-0000-7000-8000-000000000000';
    expect((await server.as(worker, { method: 'GET', url: `/api/attachments/${unknown}/content` })).statusCode).toBe(404);
  });

  it('attaches to a contact of the case only', async () => {
    const contact = (
      await server.as(worker, {
        method: 'POST',
        url: `/api/cases/${caseId}/contacts`,
        payload: { kind: 'home_visit', date: '2026-01-20', text: 'Uyga tashrif' },
      })
    ).json();
    const onContact = await upload(
      worker,
      caseId,
      { name: 'akt.pdf', type: 'application/pdf', data: PDF_BYTES },
      { contactId: contact.id },
    );
    expect(onContact.statusCode, onContact.body).toBe(201);
    expect(onContact.json().contactId).toBe(contact.id);
    const stranger = await upload(
      worker,
      caseId,
      { name: 'akt.pdf', type: 'application/pdf', data: PDF_BYTES },
      { contactId: '0190f000-0000-7000-8000-000000000000' },
    );
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.fields).toMatchObject([{ path: 'contactId', code: 'contact_not_in_case' }]);
  });

  it('keeps a closed case read-only (409 case_closed) and stores nothing', async () => {
    const family = await server.db.selectFrom('cases').select('family_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    const opened = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { familyId: family.family_id, identificationSource: 'school', reason: 'Sinov uchun' },
    });
    const closedId = opened.json().id as string;
    const kept = (await upload(worker, closedId, { name: 'a.png', type: 'image/png', data: PNG_BYTES })).json();
    await server.db.updateTable('cases').set({ status: 'closed', closed_at: new Date() }).where('id', '=', closedId).execute();
    const before = storedFiles(server.attachmentsDir).length;
    const response = await upload(worker, closedId, { name: 'b.png', type: 'image/png', data: PNG_BYTES });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('case_closed');
    expect(storedFiles(server.attachmentsDir).length).toBe(before);
    expect((await list(worker, closedId)).json().items.map((i: { id: string }) => i.id)).toEqual([kept.id]);
    const archive = await server.as(worker, { method: 'POST', url: `/api/attachments/${kept.id}/archive`, payload: { version: 1 } });
    expect(archive.json().error.code).toBe('case_closed');
  });

  it('archives: the uploader or a supervisor, with the version read; the file leaves the list but is kept', async () => {
    const a = (await upload(worker, caseId, { name: 'a.png', type: 'image/png', data: PNG_BYTES })).json();
    const b = (await upload(supervisor, caseId, { name: 'b.png', type: 'image/png', data: PNG_BYTES })).json();
    const stale = await server.as(worker, { method: 'POST', url: `/api/attachments/${a.id}/archive`, payload: { version: 2 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const byOther = await server.as(worker, { method: 'POST', url: `/api/attachments/${b.id}/archive`, payload: { version: 1 } });
    expect(byOther.statusCode).toBe(403);
    const archived = await server.as(worker, { method: 'POST', url: `/api/attachments/${a.id}/archive`, payload: { version: 1 } });
    expect(archived.statusCode).toBe(200);
    expect(archived.json()).toMatchObject({ version: 2, archivedAt: expect.any(String) });
    expect(
      (await server.as(supervisor, { method: 'POST', url: `/api/attachments/${b.id}/archive`, payload: { version: 1 } })).statusCode,
    ).toBe(200);
    const ids = (await list(worker, caseId)).json().items.map((i: { id: string }) => i.id);
    expect(ids).not.toContain(a.id);
    expect(ids).not.toContain(b.id);
    const row = await server.db.selectFrom('attachments').select(['archived_by']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.archived_by).toBe(worker.userId);
  });

  it('audits upload, list, download and archive without file names', async () => {
    const uploaded = (await upload(worker, caseId, { name: 'Karimova pasport.png', type: 'image/png', data: PNG_BYTES })).json();
    await server.as(worker, { method: 'GET', url: `/api/attachments/${uploaded.id}/content` });
    await server.as(worker, { method: 'POST', url: `/api/attachments/${uploaded.id}/archive`, payload: { version: 1 } });
    const events = await server.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'details'])
      .where('entity_id', '=', uploaded.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['attachment.create', 'attachment.read', 'attachment.archive']);
    expect(events.every((e) => e.actor_id === worker.userId)).toBe(true);
    expect(events[0]?.details).toMatchObject({ caseId, mediaType: 'image/png', size: PNG_BYTES.length });
    expect(JSON.stringify(events)).not.toMatch(/Karimova|pasport/);
    const listed = await server.db.selectFrom('audit_events').select('action').where('entity_id', '=', caseId).execute();
    expect(listed.map((e) => e.action)).toContain('attachment.list');
  });

  it('makes a safe file name', () => {
    expect(safeFileName('C:\\Users\\x\\IMG_0001.JPEG', 'image/jpeg')).toBe('IMG_0001.jpeg');
    expect(safeFileName('evil.html', 'image/png')).toBe('evil.png');
    expect(safeFileName('../..', 'application/pdf')).toBe('attachment.pdf');
    expect(safeFileName('a"b\u0007<c>.pdf', 'application/pdf')).toBe('abc.pdf');
    expect(safeFileName('x'.repeat(300), 'image/webp').length).toBeLessThanOrEqual(120);
  });
});
