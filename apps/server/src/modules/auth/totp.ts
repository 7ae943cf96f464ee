import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Db, Tx } from '../../db/database.ts';
import { sameToken } from '../../lib/tokens.ts';

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s, as every authenticator app reads), its secret sealed at rest, recovery
 * codes and remembered-device cookies. The installation's key (0024_second_factor.sql) is read once per database.
 */
const ISSUER = 'Hamkor';
const keys = new WeakMap<Db | Tx, Promise<{ seal: Buffer; sign: Buffer }>>();

function keysOf(db: Db | Tx): Promise<{ seal: Buffer; sign: Buffer }> {
  let found = keys.get(db);
  if (!found) {
    found = db
      .selectFrom('second_factor_key')
      .select('secret')
      .executeTakeFirstOrThrow()
      .then(({ secret }) => ({
        // Two keys drawn from one secret, each for one purpose.
        seal: Buffer.from(hkdfSync('sha256', secret, '', 'hamkor totp seal', 32)),
        sign: Buffer.from(hkdfSync('sha256', secret, '', 'hamkor remembered device', 32)),
      }));
    found.catch(() => keys.delete(db));
    keys.set(db, found);
  }
  return found;
}

/** AES-256-GCM: a copy of the table alone does not give anyone the secrets. */
export async function sealSecret(db: Db | Tx, base32: string): Promise<string> {
  const { seal } = await keysOf(db);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', seal, iv);
  const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

export async function openSecret(db: Db | Tx, sealed: string): Promise<string> {
  const { seal } = await keysOf(db);
  const [iv = '', tag = '', body = ''] = sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', seal, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

const totpOf = (base32: string, label = '') => new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(base32) });

/** A new secret, its otpauth:// URI and the same as a QR code (an SVG data URL, allowed by the page's CSP). */
export async function newEnrolment(username: string): Promise<{ secret: string; uri: string; qr: string }> {
  const secret = new Secret({ size: 20 }).base32;
  const uri = totpOf(secret, username).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

export const isTotpCode = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));

/**
 * The time step of `code` when it is valid now (one step of clock drift either way) and later than the last
 * step accepted, so that a code is accepted once; otherwise null.
 */
export function acceptedStep(base32: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const totp = totpOf(base32);
  const delta = totp.validate({ token: code.replace(/\s/g, ''), timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = totp.counter({ timestamp: now }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** Ten codes of 16 letters and digits (80 bits each), grouped by four to be written down. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () =>
    Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-'),
  );
}

/** Codes are matched whatever their case, spaces or dashes. */
export const recoveryCodeHash = (code: string) => createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');

/** "Remember this device": `userId.epoch.expiresMs.signature`, bound to the user and their current TOTP. */
export async function signDevice(db: Db | Tx, userId: string, epoch: string, expiresAt: Date): Promise<string> {
  const { sign } = await keysOf(db);
  const body = `${userId}.${epoch}.${expiresAt.getTime()}`;
  return `${body}.${createHmac('sha256', sign).update(body).digest('base64url')}`;
}

/** Whether a remembered-device cookie is genuine, unexpired, and for this user and their TOTP as it is now. */
export async function deviceRemembered(db: Db | Tx, cookie: string | undefined, userId: string, epoch: string): Promise<boolean> {
  if (!cookie) return false;
  const [user, cookieEpoch, expires, signature] = cookie.split('.');
  if (!user || !cookieEpoch || !expires || !signature || user !== userId || cookieEpoch !== epoch) return false;
  if (!(Number(expires) > Date.now())) return false;
  const { sign } = await keysOf(db);
  return sameToken(signature, createHmac('sha256', sign).update(`${user}.${cookieEpoch}.${expires}`).digest('base64url'));
}
