import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PBKDF2_ITERATIONS } from './crypto.ts';
import { OfflineDb, storedKey } from './store.ts';
import { createVault, hasVault, idleTimer, pinProblem, unlockVault } from './vault.ts';

// Fewer rounds keep the tests quick; the default is checked on its own below.
const FAST = 1000;
let count = 0;
const freshDb = () => new OfflineDb(`vault-test-${++count}`);

const family = { surname: 'Qurbonova', phone: '+998901234567', notes: 'visited after school' };

describe('the offline vault', () => {
  afterEach(() => vi.useRealTimers());

  it('derives the PIN key with at least 600 000 PBKDF2 rounds by default, and the data key cannot be exported', async () => {
    const db = freshDb();
    const copy = await createVault(db, 'u1', '246810');
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect((await storedKey(db, 'u1'))?.iterations).toBe(PBKDF2_ITERATIONS);
    const key = (copy as unknown as { key: CryptoKey }).key;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('keeps records encrypted, each with its own IV, and opens them with the right PIN', async () => {
    const db = freshDb();
    const copy = await createVault(db, 'u1', '246810', FAST);
    await copy.put([
      { entity: 'family', id: 'f1', version: 1, data: family },
      { entity: 'family', id: 'f2', version: 1, data: family },
    ]);
    const rows = await db.records.toArray();
    expect(rows.map((row) => row.key).sort()).toEqual(['family:f1', 'family:f2']);
    const raw = JSON.stringify(rows.map((row) => [row.owner, row.key, Buffer.from(row.ciphertext).toString('latin1')]));
    for (const secret of Object.values(family)) expect(raw).not.toContain(secret);
    expect(Buffer.from(rows[0]!.iv).equals(Buffer.from(rows[1]!.iv))).toBe(false);

    const again = await unlockVault(db, 'u1', '246810');
    expect(again.status).toBe('unlocked');
    if (again.status === 'unlocked') expect((await again.copy.get('family', 'f1'))?.data).toEqual(family);
  });

  it('wipes the key, the records and the unsent changes at the fifth wrong PIN in a row', async () => {
    const db = freshDb();
    const copy = await createVault(db, 'u1', '246810', FAST);
    await copy.put([{ entity: 'family', id: 'f1', version: 1, data: family }]);
    await db.outbox.put({ owner: 'u1', key: 'c1', ...(await copy.seal({ type: 'task.complete' })) });
    for (const left of [4, 3, 2, 1]) expect(await unlockVault(db, 'u1', '111112')).toEqual({ status: 'wrong', attemptsLeft: left });
    expect((await unlockVault(db, 'u1', '111112')).status).toBe('wiped');
    expect(await hasVault(db, 'u1')).toBe(false);
    expect(await db.records.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await unlockVault(db, 'u1', '246810')).status).toBe('none');
  });

  it('starts the count again after the right PIN', async () => {
    const db = freshDb();
    await createVault(db, 'u1', '246810', FAST);
    for (let i = 0; i < 4; i++) await unlockVault(db, 'u1', '111112');
    expect((await unlockVault(db, 'u1', '246810')).status).toBe('unlocked');
    expect(await unlockVault(db, 'u1', '111112')).toEqual({ status: 'wrong', attemptsLeft: 4 });
  });

  it("gives a second user on the same phone their own vault, without the first one's records", async () => {
    const db = freshDb();
    const first = await createVault(db, 'u1', '246810', FAST);
    await first.put([{ entity: 'family', id: 'f1', version: 1, data: family }]);
    const second = await createVault(db, 'u2', '135790', FAST);
    expect(await second.list('family')).toEqual([]);
    expect(await second.get('family', 'f1')).toBeUndefined();
    expect((await unlockVault(db, 'u2', '246810')).status).toBe('wrong');
    expect((await first.list('family')).length).toBe(1);
  });

  it('asks for 6 to 12 digits, not a repeated digit nor a run', () => {
    expect(pinProblem('12345')).toBe('pin_format');
    expect(pinProblem('12a456')).toBe('pin_format');
    expect(pinProblem('1234567890123')).toBe('pin_format');
    for (const weak of ['000000', '123456', '987654', '890123']) expect(pinProblem(weak)).toBe('pin_weak');
    for (const fine of ['246810', '135790', '20260412']) expect(pinProblem(fine)).toBeNull();
  });

  it('forgets after the idle time, also when the clock jumped while the phone slept', () => {
    vi.useFakeTimers();
    let now = 0;
    const onIdle = vi.fn();
    const timer = idleTimer(60_000, onIdle, () => now);
    now = 59_000;
    timer.touch();
    now = 100_000;
    vi.advanceTimersByTime(30_000);
    expect(onIdle).not.toHaveBeenCalled();
    now = 10 * 60_000;
    timer.touch();
    expect(onIdle).toHaveBeenCalledTimes(1);
    timer.stop();
  });
});
