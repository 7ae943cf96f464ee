import { pinflCheckDigit } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';

/**
 * PINFLs of a few demo accounts, recorded as an administrator would, so that the OneID stand-in signs them in
 * (docs/sign-in.md lists them). Invented: the birth dates and place codes are made up, the check digit is right.
 */
const BODIES: Record<string, string> = {
  worker: '4090791226003',
  worker2: '3120288226004',
  supervisor: '4220583226002',
  ngo: '4300694226005',
  admin: '3150478226001',
};

export const DEMO_PINFLS: Record<string, string> = Object.fromEntries(
  Object.entries(BODIES).map(([username, body]) => [username, `${body}${pinflCheckDigit(body)}`]),
);

export async function seedIdentities(trx: Tx): Promise<void> {
  for (const [username, pinfl] of Object.entries(DEMO_PINFLS))
    await trx.updateTable('users').set({ pinfl }).where('username', '=', username).execute();
}
