import type { ReportTableOut } from '@hamkor/domain';
import { describe, expect, it } from 'vitest';
import { drawable, RISK_COLOURS, rowsChart, totalsChart } from './figures.ts';
import { dayText, formatterFor } from './format.ts';

const risk: ReportTableOut = {
  columns: [
    { key: 'low', label: 'Low', kind: 'count' },
    { key: 'high', label: 'High', kind: 'count' },
    { key: 'total', label: 'Total', kind: 'count' },
  ],
  rows: [
    { key: '1722', label: 'Surxondaryo', cells: { low: 12, high: '<5', total: 'x' } },
    { key: '1703', label: 'Andijon', cells: { low: 0, high: 7, total: 7 } },
  ],
  totals: { low: 12, high: 'x', total: 19 },
  groupBy: 'region',
  drillDown: 'district',
  suppressed: true,
};

describe('charts of report tables', () => {
  it('draws the totals row without the total column, hidden figures as gaps rather than zeros', () => {
    const spec = totalsChart(risk, 'doughnut', 'Cases', RISK_COLOURS);
    expect(spec.labels).toEqual(['Low', 'High']);
    expect(spec.series).toEqual([{ label: 'Cases', values: [12, null] }]);
    expect(spec.colours).toEqual([RISK_COLOURS.low, RISK_COLOURS.high]);
  });

  it('draws rows as categories with one series per chosen column', () => {
    const spec = rowsChart(risk, ['high', 'low'], { horizontal: true });
    expect(spec.labels).toEqual(['Surxondaryo', 'Andijon']);
    expect(spec.series).toEqual([
      { label: 'Low', values: [12, 0] },
      { label: 'High', values: [null, 7] },
    ]);
    expect(spec.horizontal).toBe(true);
  });

  it('has nothing to draw when every figure is zero or hidden', () => {
    const hidden = { ...risk, totals: { low: '<5' as const, high: 0, total: 'x' as const } };
    expect(drawable(totalsChart(hidden, 'bar', 'Cases'))).toBe(false);
    expect(drawable(totalsChart(risk, 'bar', 'Cases'))).toBe(true);
  });
});

describe('figures as text', () => {
  it('writes counts and days per language and leaves "<5", "x" and missing figures recognisable', () => {
    const ru = formatterFor('ru');
    expect(ru.cell(12345).replace(/\s/g, ' ')).toBe('12 345');
    expect(ru.cell(4.25, 'days')).toBe('4,3');
    expect(formatterFor('en').cell(4.25, 'days')).toBe('4.3');
    expect(ru.cell('<5')).toBe('<5');
    expect(ru.cell('x')).toBe('x');
    expect(ru.cell(null)).toBe('—');
  });

  it('writes days and moments as DD.MM.YYYY in Tashkent', () => {
    expect(dayText('2026-11-03')).toBe('03.11.2026');
    expect(dayText('2026-11-02T20:30:00Z')).toBe('03.11.2026');
  });
});
