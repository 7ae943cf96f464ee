import { schemas } from '@hamkor/domain';
import ExcelJS from 'exceljs';
import { XLSX_MEDIA_TYPE } from './upload.ts';

/** The codes each column accepts, as listed on the template's second sheet and in docs/import-template.md. */
const ACCEPTED: Partial<Record<schemas.ImportColumnName, string>> = {
  district_code: 'SOATO district code, 7 digits (1722226)',
  mahalla_code: 'mahalla code as in Hamkor (1722226-001)',
  phone: '+998 XX XXX XX XX',
  identification_source: schemas.IDENTIFICATION_SOURCES.join(' | '),
  social_register_category: schemas.SOCIAL_REGISTER_CATEGORIES.join(' | '),
  birth_date: 'YYYY-MM-DD, DD.MM.YYYY, or YYYY when only the year is known',
  sex: schemas.SEXES.join(' | '),
  relationship: schemas.RELATIONSHIPS.join(' | '),
  pinfl: '14 digits',
  id_card: 'two letters and seven digits (AD1234567)',
  documents_held: `${schemas.DOCUMENT_KINDS.join(' | ')}; several separated by ;`,
  documents_missing: `${schemas.DOCUMENT_KINDS.join(' | ')}; several separated by ;`,
  disability: schemas.DISABILITY_GROUPS.join(' | '),
  schooling: schemas.SCHOOLING_KINDS.join(' | '),
  whereabouts: schemas.WHEREABOUTS_STATUSES.join(' | '),
  abroad_country: 'two-letter country code (RU, KZ, TR)',
  abroad_since: 'YYYY-MM-DD or DD.MM.YYYY',
  sends_support: 'yes | no',
  contact_channel: schemas.CONTACT_CHANNELS.join(' | '),
  vulnerability: `${schemas.VULNERABILITY_MARKERS.join(' | ')}; several separated by ;`,
};

export type TemplateFile = { name: string; contentType: string; data: Buffer };

/** The header row alone: a template with sample people in it would one day be imported by mistake. */
export async function importTemplate(format: 'csv' | 'xlsx'): Promise<TemplateFile> {
  if (format === 'csv') {
    // The byte order mark makes Excel open the file as UTF-8, so Oʻ and Қ survive.
    const data = Buffer.from(`\uFEFF${schemas.IMPORT_COLUMN_NAMES.join(',')}\r\n`, 'utf8');
    return { name: 'hamkor-families.csv', contentType: 'text/csv; charset=utf-8', data };
  }
  const workbook = new ExcelJS.Workbook();
  const families = workbook.addWorksheet('families');
  families.addRow([...schemas.IMPORT_COLUMN_NAMES]).font = { bold: true };
  families.views = [{ state: 'frozen', ySplit: 1 }];
  // Text cells, so Excel neither rounds a PINFL nor drops the plus of a phone number.
  for (const name of ['district_code', 'mahalla_code', 'phone', 'pinfl', 'id_card'] as const) {
    families.getColumn(schemas.IMPORT_COLUMN_NAMES.indexOf(name) + 1).numFmt = '@';
  }
  const columns = workbook.addWorksheet('columns');
  columns.addRow(['column', 'level', 'required', 'accepted values']).font = { bold: true };
  for (const column of schemas.IMPORT_COLUMNS) {
    columns.addRow([column.name, column.level, column.required ? 'yes' : 'no', ACCEPTED[column.name] ?? 'text']);
  }
  return { name: 'hamkor-families.xlsx', contentType: XLSX_MEDIA_TYPE, data: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
