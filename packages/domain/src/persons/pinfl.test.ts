import { describe, expect, it } from 'vitest';
import { hasValidPinflCheckDigit, pinflCheckDigit } from './pinfl.ts';

describe('PINFL check digit', () => {
  it('weights the first thirteen digits 7, 3, 1 … and keeps the sum modulo 10', () => {
    // 3·7 + 1·3 + 4·1 + 0·7 + 3·3 + 8·1 + 7·7 + 0·3 + 1·1 + 2·7 + 0·3 + 0·1 + 3·7 = 130
    expect(pinflCheckDigit('3140387012003')).toBe(0);
    expect(pinflCheckDigit('5110215026001')).toBe(2);
  });

  it('accepts a PINFL whose last digit agrees, and only a 14-digit one', () => {
    expect(hasValidPinflCheckDigit('31403870120030')).toBe(true);
    expect(hasValidPinflCheckDigit('31403870120034')).toBe(false);
    expect(hasValidPinflCheckDigit('3140387012003')).toBe(false);
    expect(hasValidPinflCheckDigit('3140387012003x')).toBe(false);
  });

  it('catches any single mistyped digit', () => {
    const valid = '51102150260012';
    for (let position = 0; position < 13; position++) {
      const digit = Number(valid[position]);
      const typo = `${valid.slice(0, position)}${(digit + 1) % 10}${valid.slice(position + 1)}`;
      expect(hasValidPinflCheckDigit(typo), typo).toBe(false);
    }
  });
});
