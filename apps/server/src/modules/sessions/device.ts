import Bowser from 'bowser';

/**
 * "Firefox 133 · Android": what a user needs to recognise one of their sessions. Only this summary is kept,
 * never the whole User-Agent.
 */
export function summariseDevice(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const summary = [browser, parsed.os.name].filter(Boolean).join(' · ');
  return summary ? summary.slice(0, 120) : null;
}
