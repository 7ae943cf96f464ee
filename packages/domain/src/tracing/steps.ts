import type { TracingStatus, TracingStep } from './schemas.ts';

/**
 * Which status each step leads to, and from where. `verify` is a step of its own (on a match). A proposal
 * turned down goes back to tracing by `start`; any request still open can be closed.
 */
const STEPS: Record<TracingStep | 'verify', { from: readonly TracingStatus[]; to: TracingStatus }> = {
  start: { from: ['open', 'match_proposed'], to: 'tracing' },
  propose: { from: ['open', 'tracing'], to: 'match_proposed' },
  verify: { from: ['open', 'tracing', 'match_proposed'], to: 'verified' },
  reunify: { from: ['verified'], to: 'reunified' },
  close: { from: ['open', 'tracing', 'match_proposed', 'verified', 'reunified'], to: 'closed' },
};

export const tracingStepAllowed = (status: TracingStatus, step: TracingStep | 'verify'): boolean => STEPS[step].from.includes(status);
export const tracingStepTarget = (step: TracingStep | 'verify'): TracingStatus => STEPS[step].to;
export const tracingStepsFrom = (status: TracingStatus): (TracingStep | 'verify')[] =>
  (Object.keys(STEPS) as (TracingStep | 'verify')[]).filter((step) => tracingStepAllowed(status, step));

/** Follow-up visits after a reunification: one a month for three months. */
export const REUNIFICATION_FOLLOW_UP_MONTHS = [1, 2, 3] as const;
