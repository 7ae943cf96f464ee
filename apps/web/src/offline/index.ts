/** What the app shell needs of the offline copy, loaded on first use so the sign-in page does not wait for it. */
export { listOutbox, outboxCounts, push, waitingCount } from './outbox.ts';
export { deviceId, lastUser, offlineDb } from './store.ts';
export { pull } from './sync.ts';
export { createVault, hasVault, unlockVault } from './vault.ts';
