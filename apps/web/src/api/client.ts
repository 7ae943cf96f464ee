/**
 * The one way the web app talks to the server: JSON with the session cookie, the CSRF token on every
 * unsafe method, the interface language as Accept-Language, and errors as `ApiError`. A tab that lacks the
 * token, or holds one of a session that was replaced, reads the token of the live session and tries once more.
 */
const CSRF_KEY = 'hamkor.csrf';
const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export type FieldMessage = { path: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldMessage[] = [],
    /** The record as it stands now, sent with a 409 version_conflict. */
    readonly current?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Hooks = {
  language: () => string;
  onSessionLost: () => void;
  /** Reads the token of the live session; true when it is the same user's, so a refused write may be sent again. */
  recoverToken: () => Promise<boolean>;
};
let hooks: Hooks = { language: () => 'uz-Latn', onSessionLost: () => {}, recoverToken: async () => false };

export function configureApi(next: Hooks): void {
  hooks = next;
}

/** Kept per tab; the server's session is the source, so a lost or stale token is read again from it. */
export const csrf = {
  get: () => sessionStorage.getItem(CSRF_KEY),
  set: (token: string) => sessionStorage.setItem(CSRF_KEY, token),
  clear: () => sessionStorage.removeItem(CSRF_KEY),
};

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type RequestOptions = {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A body sent as it is, e.g. a CSV file, with its content type. */
  raw?: { text: string; contentType: string };
};

function url(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

type ErrorPayload = {
  error?: { code?: string; message?: string; fields?: FieldMessage[] };
  current?: unknown;
} | null;

function errorOf(status: number, payload: ErrorPayload): ApiError {
  const error = payload?.error;
  return new ApiError(status, error?.code ?? 'unknown', error?.message ?? '', error?.fields ?? [], payload?.current);
}

async function errorFrom(response: Response): Promise<ApiError> {
  return errorOf(response.status, (await response.json().catch(() => null)) as ErrorPayload);
}

function headersFor(method: Method): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': hooks.language() };
  const token = csrf.get();
  if (UNSAFE.has(method) && token) headers['X-CSRF-Token'] = token;
  return headers;
}

function noticeLostSession(error: ApiError, path: string): void {
  if (error.status === 401 && !path.startsWith('/api/auth/')) hooks.onSessionLost();
}

/** A write refused for its CSRF token that may go again once the live session's token is read. */
const mayRecover = (error: ApiError, method: Method, path: string, retried: boolean) =>
  !retried && error.status === 403 && error.code === 'csrf' && UNSAFE.has(method) && !path.startsWith('/api/auth/');

/**
 * A fresh Idempotency-Key for a POST (signing in and out take none): the server records the answer with the
 * change, so a POST sent again with the same key (after its answer was lost) changes nothing twice.
 * crypto.randomUUID exists only on secure pages; a plain-http office server gets a key from getRandomValues.
 */
function idempotencyKey(method: Method, path: string): string | undefined {
  if (method !== 'POST' || path.startsWith('/api/auth/')) return undefined;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How long to wait before sending a POST again whose answer was lost to the network. */
export const RESEND_AFTER_MS = 1500;

export async function request<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
  retried = false,
  key = idempotencyKey(method, path),
): Promise<T> {
  const headers = headersFor(method);
  if (key) headers['Idempotency-Key'] = key;
  let body: string | undefined;
  if (options.raw) {
    headers['Content-Type'] = options.raw.contentType;
    body = options.raw.text;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    // The answer may have been lost after the change was made: the same key makes sending it again safe.
    if (key && !retried) {
      await new Promise((resolve) => setTimeout(resolve, RESEND_AFTER_MS));
      return request(method, path, options, true, key);
    }
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (mayRecover(error, method, path, retried) && (await hooks.recoverToken())) return request(method, path, options, true, key);
    noticeLostSession(error, path);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query']) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, query?: RequestOptions['query']) => request<T>('POST', path, { body, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
};

/**
 * Sends a file as a multipart form (field `file`). XMLHttpRequest rather than fetch, because only it
 * reports upload progress: `onProgress` gets the share sent so far, from 0 to 1.
 */
export async function upload<T>(
  path: string,
  file: File,
  options: { query?: RequestOptions['query']; onProgress?: (share: number) => void } = {},
): Promise<T> {
  try {
    return await sendFile<T>(path, file, options);
  } catch (error) {
    if (error instanceof ApiError && mayRecover(error, 'POST', path, false) && (await hooks.recoverToken()))
      return sendFile<T>(path, file, options);
    throw error;
  }
}

function sendFile<T>(
  path: string,
  file: File,
  options: { query?: RequestOptions['query']; onProgress?: (share: number) => void },
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path, options.query));
    for (const [name, value] of Object.entries(headersFor('POST'))) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.response as T);
      const error = errorOf(xhr.status, xhr.response as ErrorPayload);
      noticeLostSession(error, path);
      reject(error);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', ''));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Every page of a list endpoint, for the short reference lists of the admin pages. */
export async function listAll<T>(path: string, query: RequestOptions['query'] = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<{ items: T[]; nextCursor: string | null }>(path, { ...query, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
