import type { Db } from '../../db/database.ts';
import { runRetention } from './service.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The daily retention run inside the server: a first run a minute after start, then every 24 hours. Returns
 * what stops it. A failed run is reported (with no personal data) and tried again the next day.
 */
export function startRetentionJob(db: Db, log: (message: string) => void): () => void {
  const run = async () => {
    try {
      const report = await runRetention({ db, locale: 'en', ip: null, actor: null });
      log(
        `Retention run: ${report.due} families due (${report.held} under a legal hold), ${report.drafted} erasure proposals drafted, ${report.personalValuesRemoved} personal values of old audit events removed`,
      );
    } catch (error) {
      log(`Retention run failed: ${(error as Error).message}`);
    }
  };
  const first = setTimeout(() => void run(), 60_000);
  const daily = setInterval(() => void run(), DAY_MS);
  first.unref();
  daily.unref();
  return () => {
    clearTimeout(first);
    clearInterval(daily);
  };
}
