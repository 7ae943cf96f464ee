import { z } from 'zod';
import { id } from './common.ts';
import { password } from './user.ts';

/** Second factor, sessions and one's own password (docs/security.md). */
export const totpEnrolOut = z.object({
  /** The otpauth:// URI, for an authenticator app on the same phone. */
  uri: z.string(),
  /** The secret in base32, to type into an app by hand; never shown again once confirmed. */
  secret: z.string(),
  /** The URI as a QR code, an SVG data URL. */
  qr: z.string(),
});
export const totpConfirmBody = z.object({
  code: z
    .string({ error: 'required' })
    .trim()
    .regex(/^\d{3} ?\d{3}$/, { error: 'totp_format' }),
});
export const totpConfirmOut = z.object({ recoveryCodes: z.array(z.string()) });

export const passwordChangeBody = z.object({
  currentPassword: z.string({ error: 'required' }).min(1, { error: 'required' }).max(200, { error: 'too_long' }),
  newPassword: password,
});

export const sessionOut = z.object({
  id: z.uuid(),
  /** Browser and system, summarised from the User-Agent; null when it said nothing useful. */
  device: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
  /** The identity provider it was opened through (docs/sign-in.md), or null for a password. */
  provider: z.string().nullable(),
});
export type SessionOut = z.infer<typeof sessionOut>;
export const sessionParams = z.object({ id });
