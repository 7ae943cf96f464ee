import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';

/** The text of every page, as a PDF reader extracts it (through the embedded font's Unicode map). */
async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join(' ');
}

describe('case file (PDF)', () => {
  const server = useTestServer();
  let worker: Session;
  let worker2: Session;
  let caseId: string;

  beforeAll(async () => {
    worker = await server.login('worker');
    worker2 = await server.login('worker2');
    // A family written in Cyrillic, with a Latin-script member whose name has the Uzbek oʻ and gʻ.
    const family = await server.as(worker, {
      method: 'POST',
      url: '/api/families',
      payload: {
        districtCode: '1722226',
        mahallaCode: '1722226-002',
        address: 'Гулистон МФЙ, Навоий кўчаси, 12',
        identificationSource: 'school',
        members: [
          { surname: 'Қурбонова', givenName: 'Гулнора', sex: 'female', relationship: 'head', birthDate: '1988-02-11' },
          { surname: 'Xoʻjayeva', givenName: 'Oʻgʻiloy', sex: 'female', relationship: 'child', birthDate: '2014-06-03' },
        ],
      },
    });
    expect(family.statusCode, family.body).toBe(201);
    const opened = await server.as(worker, {
      method: 'POST',
      url: '/api/cases',
      payload: { familyId: family.json().id, identificationSource: 'school', reason: 'Maktab xabari: bola darsga kelmayapti.' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    const contact = await server.as(worker, {
      method: 'POST',
      url: `/api/cases/${caseId}/contacts`,
      payload: { kind: 'home_visit', date: '2026-11-20', text: 'Uyga tashrif: ona bilan suhbat, Oʻgʻiloy uyda edi.' },
    });
    expect(contact.statusCode, contact.body).toBe(201);
  });

  it('prints Cyrillic and Latin names with the embedded font, and records the read', async () => {
    const response = await server.as(worker, { method: 'GET', url: `/api/cases/${caseId}/file.pdf` });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const bytes = response.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The font travels inside the file: a subset of DejaVu Sans.
    expect(bytes.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
    const text = await pdfText(bytes);
    expect(text).toContain('Қурбонова Гулнора');
    expect(text).toContain('Xoʻjayeva Oʻgʻiloy');
    expect(text).toContain('Uyga tashrif: ona bilan suhbat');
    expect(text).toContain('Oila aʼzolari');
    const events = await server.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id'])
      .where('entity_id', '=', caseId)
      .where('action', '=', 'case.file')
      .execute();
    expect(events).toEqual([{ action: 'case.file', actor_id: worker.userId }]);
  });

  it('writes the labels in the reader’s language', async () => {
    const supervisor = await server.login('supervisor');
    const switched = await server.as(supervisor, { method: 'PATCH', url: '/api/me', payload: { locale: 'ru' } });
    expect(switched.statusCode, switched.body).toBe(200);
    const response = await server.as(supervisor, { method: 'GET', url: `/api/cases/${caseId}/file.pdf` });
    expect(response.statusCode).toBe(200);
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('Материалы случая');
    expect(text).toContain('Члены семьи');
    expect(text).toContain('Xoʻjayeva Oʻgʻiloy');
  });

  it('is not found for someone who may not read the case, and for an unknown case', async () => {
    const denied = await server.as(worker2, { method: 'GET', url: `/api/cases/${caseId}/file.pdf` });
    expect(denied.statusCode).toBe(404);
    expect(denied.headers['content-type']).toMatch(/json/);
    const analyst = await server.as(await server.login('analyst'), { method: 'GET', url: `/api/cases/${caseId}/file.pdf` });
    expect(analyst.statusCode).toBe(404);
    const unknown = await server.as(worker, { method: 'GET', url: '/api/cases/0190a3c4-0000-7000-8000-000000000000/file.pdf' });
    expect(unknown.statusCode).toBe(404);
    const count = await server.db
      .selectFrom('audit_events')
      .select('actor_id')
      .where('entity_id', '=', caseId)
      .where('action', '=', 'case.file')
      .where('actor_id', '=', worker2.userId)
      .execute();
    expect(count).toEqual([]);
  });
});
