import { describe, expect, it } from 'vitest';
import { wrapLabel } from './chartLabels.ts';

describe('a chart label on a narrow screen', () => {
  it('stays one line when short', () => {
    expect(wrapLabel('Taʼlim')).toBe('Taʼlim');
    expect(wrapLabel('2026-03')).toBe('2026-03');
  });

  it('breaks at spaces and after hyphens into lines of about the width', () => {
    expect(wrapLabel('Psixologik-ijtimoiy yordam')).toEqual(['Psixologik-', 'ijtimoiy', 'yordam']);
    expect(wrapLabel('Psixologik-ijtimoiy yordam', 16)).toEqual(['Psixologik-', 'ijtimoiy yordam']);
    expect(wrapLabel('Baholashgacha kunlar, mediana')).toEqual(['Baholashgacha', 'kunlar,', 'mediana']);
    expect(wrapLabel('Oilaning boshqa tumanga koʻchishi', 12)).toEqual(['Oilaning', 'boshqa', 'tumanga', 'koʻchishi']);
  });

  it('never loses or reorders a character but the spaces it breaks at', () => {
    const label = 'Ijtimoiy-psixologik yordam va maslahat markazi';
    const lines = wrapLabel(label, 10);
    expect((lines as string[]).join(' ').replace(/- /g, '-')).toBe(label);
  });
});
