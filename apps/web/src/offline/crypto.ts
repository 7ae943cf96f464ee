/**
 * The encryption of the offline copy, with WebCrypto alone. A random AES-GCM 256 data key encrypts every
 * record; it is stored only wrapped, by a key derived from the worker's PIN with PBKDF2-SHA-256, and once
 * unwrapped it is a non-extractable key held in memory: script can use it but never read it out. A lost
 * phone holds ciphertext, a salt and a wrapped key.
 */

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about half a second on a mid-range phone. */
export const PBKDF2_ITERATIONS = 600_000;
/** The fifth wrong PIN in a row wipes the device's copy: a PIN of six digits cannot be guessed in five tries. */
export const MAX_PIN_ATTEMPTS = 5;

/**
 * A PIN is 6 to 12 digits (a phone's number pad), not all the same digit and not a run such as 123456,
 * the first codes anyone tries.
 */
export function pinProblem(pin: string): 'pin_format' | 'pin_weak' | null {
  if (!/^\d{6,12}$/.test(pin)) return 'pin_format';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((digit, index) => (digit - (digits[index] ?? 0) + 10) % 10));
  if (steps.size === 1 && [0, 1, 9].includes([...steps][0] ?? -1)) return 'pin_weak';
  return null;
}

/** The data key as stored: wrapped under the PIN's key, with what it takes to derive that key again. */
export type WrappedKey = { salt: Uint8Array; iv: Uint8Array; wrapped: ArrayBuffer; iterations: number };

/** An encrypted value: a fresh 96-bit IV for every encryption, as AES-GCM requires. */
export type Sealed = { iv: Uint8Array; ciphertext: ArrayBuffer };

const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const DATA_KEY: AesKeyGenParams = { name: 'AES-GCM', length: 256 };

async function keyFromPin(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, DATA_KEY, false, [
    'wrapKey',
    'unwrapKey',
  ]);
}

async function unwrapWith(kek: CryptoKey, stored: WrappedKey): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey('raw', stored.wrapped, kek, { name: 'AES-GCM', iv: stored.iv as BufferSource }, DATA_KEY, false, [
    'encrypt',
    'decrypt',
  ]);
}

/** A new data key for a PIN: the wrapped form to store, and the usable (non-extractable) key. */
export async function newDataKey(pin: string, iterations = PBKDF2_ITERATIONS): Promise<{ key: CryptoKey; stored: WrappedKey }> {
  // Extractable only for the moment it takes to wrap it; the copy kept is unwrapped as non-extractable.
  const fresh = await crypto.subtle.generateKey(DATA_KEY, true, ['encrypt', 'decrypt']);
  const salt = random(16);
  const iv = random(12);
  const kek = await keyFromPin(pin, salt, iterations);
  const wrapped = await crypto.subtle.wrapKey('raw', fresh, kek, { name: 'AES-GCM', iv: iv as BufferSource });
  const stored = { salt, iv, wrapped, iterations };
  return { key: await unwrapWith(kek, stored), stored };
}

/** The data key for a PIN, or null when the PIN is wrong (AES-GCM's tag does not verify). */
export async function unwrapDataKey(pin: string, stored: WrappedKey): Promise<CryptoKey | null> {
  const kek = await keyFromPin(pin, stored.salt, stored.iterations);
  try {
    return await unwrapWith(kek, stored);
  } catch {
    return null;
  }
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = random(12);
  const plain = new TextEncoder().encode(JSON.stringify(value));
  return { iv, ciphertext: await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource }, key, plain) };
}

export async function open<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as BufferSource }, key, sealed.ciphertext);
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}
