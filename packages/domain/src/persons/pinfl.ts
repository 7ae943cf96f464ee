/**
 * PINFL (JShShIR), the 14-digit personal identification number: sex and century, birth date (DDMMYY),
 * a place code, a serial number and a check digit. The check digit is the ICAO 9303 scheme: the first
 * thirteen digits weighted 7, 3, 1, 7, 3, 1 …, summed, modulo 10 (Cabinet of Ministers resolution No. 177
 * of 12.04.2022, as cited by public validators). A failed check is only a warning: a worker copying from
 * a worn document should be told, not stopped.
 */
export const PINFL_PATTERN = /^\d{14}$/;

const WEIGHTS = [7, 3, 1] as const;

export function pinflCheckDigit(firstThirteenDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(firstThirteenDigits[i]) * (WEIGHTS[i % 3] as number);
  return sum % 10;
}

/** Whether a 14-digit PINFL's last digit agrees with the others. */
export function hasValidPinflCheckDigit(pinfl: string): boolean {
  return PINFL_PATTERN.test(pinfl) && pinflCheckDigit(pinfl) === Number(pinfl[13]);
}
