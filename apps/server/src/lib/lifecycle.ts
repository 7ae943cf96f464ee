/**
 * Where the server is in its life, for `GET /api/ready`: a load balancer sends requests only while it is
 * `serving`. `/api/health` answers liveness whatever the phase.
 */
export type Phase = 'starting' | 'serving' | 'draining';

export type Lifecycle = { phase: Phase };

/** How long a client is told to wait before trying again while the server starts or drains. */
export const RETRY_AFTER_SECONDS = 5;
