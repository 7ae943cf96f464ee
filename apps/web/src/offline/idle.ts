/** Without a tap or a key for this long, the key is forgotten and the PIN asked again. */
export const IDLE_LOCK_MS = 15 * 60 * 1000;

/**
 * Calls `onIdle` once nothing was touched or typed for `ms`; `touch` starts the wait again.
 * The time is read from the clock, so a phone asleep in a pocket past the limit locks at once on waking.
 */
export function idleTimer(ms: number, onIdle: () => void, now: () => number = Date.now) {
  let last = now();
  let fired = false;
  const check = () => {
    if (!fired && now() - last >= ms) {
      fired = true;
      onIdle();
    }
  };
  const timer = setInterval(check, Math.min(ms, 30_000));
  return {
    touch: () => {
      check();
      last = now();
    },
    stop: () => clearInterval(timer),
  };
}
