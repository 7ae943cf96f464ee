/**
 * Domain errors. Services throw these; the server maps them to HTTP in one place.
 * `code` is a stable snake_case identifier; the message is looked up by code in the user's language.
 */
export type FieldProblem = {
  path: string;
  code: string;
  params?: Record<string, unknown>;
};

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

/**
 * The record does not exist, or the actor may not know that it exists. `refused` names a record that exists
 * outside the actor's reach: the client gets the very same 404, and the server audits the refused attempt.
 */
export class NotFound extends DomainError {
  constructor(readonly refused?: { type: string; id: string }) {
    super('not_found');
  }
}

export class Unauthenticated extends DomainError {
  constructor(code = 'not_signed_in') {
    super(code);
  }
}

export class Forbidden extends DomainError {}

/** A version mismatch or a transition the rules do not allow now. `current` is the record as it stands. */
export class Conflict extends DomainError {
  constructor(
    code: string,
    readonly current?: unknown,
    params: Record<string, unknown> = {},
  ) {
    super(code, params);
  }
}

export class Invalid extends DomainError {
  constructor(
    readonly fields: FieldProblem[],
    code = 'invalid_input',
  ) {
    super(code);
  }
}

export class TooManyRequests extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_requests', { minutes: Math.ceil(retryAfterSeconds / 60) });
  }
}

/** The content is larger than the server takes, though the request itself was not (an unpacked workbook). */
export class TooLarge extends DomainError {}

/** The server could not store a file (its folder is full or not writable): nothing was saved. */
export class StorageUnavailable extends DomainError {
  constructor() {
    super('storage_unavailable');
  }
}
