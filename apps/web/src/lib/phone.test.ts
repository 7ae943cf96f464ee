import { describe, expect, it } from 'vitest';
import { formatPhone, maskPhone } from './phone.ts';

describe('phone numbers', () => {
  it('reads a stored number in groups', () => {
    expect(formatPhone('+998915823417')).toBe('+998 91 582 34 17');
    expect(formatPhone(null)).toBe('');
    expect(formatPhone('12345')).toBe('12345');
  });

  it('spaces a number as it is typed, with or without the country code', () => {
    expect(maskPhone('9')).toBe('+998 9');
    expect(maskPhone('+998 91')).toBe('+998 91');
    expect(maskPhone('+998 91 5823')).toBe('+998 91 582 3');
    expect(maskPhone('915823417')).toBe('+998 91 582 34 17');
    expect(maskPhone('998915823417')).toBe('+998 91 582 34 17');
    expect(maskPhone('+998 ')).toBe('');
    expect(maskPhone('')).toBe('');
  });

  it('keeps a local number that itself starts with 998', () => {
    expect(maskPhone('998123456')).toBe('+998 99 812 34 56');
  });
});
