/** Uzbek phone numbers: +998 and nine digits, shown +998 XX XXX XX XX, as Uzbek readers expect. */
function group(digits: string): string {
  return [digits.slice(0, 2), digits.slice(2, 5), digits.slice(5, 7), digits.slice(7, 9)].filter(Boolean).join(' ');
}

/** A stored number (+998915823417) as people read it: +998 91 582 34 17. Anything else is left as it is. */
export function formatPhone(phone: string | null | undefined): string {
  const match = phone ? /^\+998(\d{9})$/.exec(phone) : null;
  return match ? `+998 ${group(match[1]!)}` : (phone ?? '');
}

/**
 * Spaces a number as it is typed. The field always starts with +998 once a digit is typed, so a
 * leading 998 is the country code; nine digits without it are a local number.
 */
export function maskPhone(text: string): string {
  let digits = text.replace(/\D/g, '');
  if (text.trim().startsWith('+') || digits.length > 9) digits = digits.replace(/^998/, '');
  digits = digits.slice(0, 9);
  return digits ? `+998 ${group(digits)}` : '';
}
