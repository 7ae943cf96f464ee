import { MAX_PIN_ATTEMPTS, newDataKey, PBKDF2_ITERATIONS, unwrapDataKey } from './crypto.ts';
import { LocalCopy, type OfflineDb, readPlain, setLastUser, storedKey, wipeOwner, writePlain } from './store.ts';

export { MAX_PIN_ATTEMPTS, pinProblem } from './crypto.ts';
export { IDLE_LOCK_MS, idleTimer } from './idle.ts';

/**
 * A user's vault on this device: the data key wrapped under their PIN, and the count of wrong PINs in a
 * row. Unlocking gives a LocalCopy holding the key in memory only; dropping it (sign-out, idle time, a
 * reload) is locking. Five wrong PINs wipe the user's key, records and unsent changes.
 */
export type UnlockResult =
  | { status: 'unlocked'; copy: LocalCopy }
  | { status: 'wrong'; attemptsLeft: number }
  | { status: 'wiped' }
  | { status: 'none' };

export async function hasVault(db: OfflineDb, userId: string): Promise<boolean> {
  return (await storedKey(db, userId)) !== undefined;
}

/** A fresh vault for the user (anything they had on this device is wiped first). */
export async function createVault(db: OfflineDb, userId: string, pin: string, iterations = PBKDF2_ITERATIONS): Promise<LocalCopy> {
  const { key, stored } = await newDataKey(pin, iterations);
  await wipeOwner(db, userId);
  await writePlain(db, userId, 'vault', stored);
  await writePlain(db, userId, 'failedPins', 0);
  await setLastUser(db, userId);
  return new LocalCopy(db, userId, key);
}

export async function unlockVault(db: OfflineDb, userId: string, pin: string): Promise<UnlockResult> {
  const stored = await storedKey(db, userId);
  if (!stored) return { status: 'none' };
  const key = await unwrapDataKey(pin, stored);
  if (key) {
    await writePlain(db, userId, 'failedPins', 0);
    await setLastUser(db, userId);
    return { status: 'unlocked', copy: new LocalCopy(db, userId, key) };
  }
  const failed = ((await readPlain<number>(db, userId, 'failedPins')) ?? 0) + 1;
  if (failed >= MAX_PIN_ATTEMPTS) {
    await wipeOwner(db, userId);
    return { status: 'wiped' };
  }
  await writePlain(db, userId, 'failedPins', failed);
  return { status: 'wrong', attemptsLeft: MAX_PIN_ATTEMPTS - failed };
}
