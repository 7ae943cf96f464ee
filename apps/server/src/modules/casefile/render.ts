import PDFDocument from 'pdfkit';
import { serverPath } from '../../lib/paths.ts';

/**
 * The case file as a PDF: sections of labelled lines and short tables, in DejaVu Sans (embedded, with
 * Latin and Cyrillic and the Uzbek apostrophes), so a name prints the same in either script.
 */
const FONT = serverPath('assets/fonts/DejaVuSans.ttf');
const FONT_BOLD = serverPath('assets/fonts/DejaVuSans-Bold.ttf');

export type Field = [label: string, value: string | null | undefined];
export type Block =
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'item'; heading: string; fields: Field[]; text?: string | null }
  | { kind: 'none'; text: string };
export type Section = { title: string; blocks: Block[] };
export type CaseFileDocument = { title: string; subtitle: string; confidential: string; printed: string; sections: Section[] };

const MARGIN = 50;

export function renderCaseFile(file: CaseFileDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: file.title, Creator: 'Hamkor' } });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  doc.font('bold').fontSize(16).text(file.title, { width });
  doc.font('body').fontSize(11).text(file.subtitle, { width });
  doc.moveDown(0.3);
  doc.fontSize(8).fillColor('#a00000').text(file.confidential, { width }).fillColor('black');
  doc.text(file.printed, { width });

  const fields = (list: Field[]) => {
    for (const [label, value] of list) {
      if (value === null || value === undefined || value === '') continue;
      doc.font('bold').fontSize(9).text(`${label}: `, { continued: true, width }).font('body').text(value, { width });
    }
  };
  for (const section of file.sections) {
    doc.moveDown(0.8);
    doc.font('bold').fontSize(12).text(section.title, { width });
    const y = doc.y + 1;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    doc.moveDown(0.3);
    for (const block of section.blocks) {
      if (block.kind === 'none') doc.font('body').fontSize(9).fillColor('#555555').text(block.text, { width }).fillColor('black');
      if (block.kind === 'fields') fields(block.fields);
      if (block.kind === 'item') {
        doc.moveDown(0.3);
        doc.font('bold').fontSize(10).text(block.heading, { width });
        fields(block.fields);
        if (block.text) doc.font('body').fontSize(9).text(block.text, { width });
      }
    }
  }
  doc.end();
  return done;
}
