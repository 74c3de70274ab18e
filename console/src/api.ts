// The console's only way to the server: the same REST API as every other client, with the
// person's session cookie. State-changing calls echo the XSRF-TOKEN cookie in X-XSRF-TOKEN
// (Spring Security's CSRF protection for single-page applications).

/** An RFC 9457 problem detail as the API answers it. */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  /** The message the API gave for a field, if it named one. */
  field(name: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === name)?.message;
  }
}

/** Called when the API answers 401: the session is over (or was never there). */
let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void) {
  onSignedOut = handler;
}

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return match ? decodeURIComponent(match.substring('XSRF-TOKEN='.length)) : undefined;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['X-XSRF-TOKEN'] = token;
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem: Problem = { status: response.status, ...(json ?? {}) };
    if (response.status === 401 && !path.startsWith('/api/v1/session')) onSignedOut();
    throw new ApiError(problem);
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

// --- What the API answers (the fields the console reads) -------------------------------------

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface Session {
  authenticated: boolean;
  via: 'session' | 'key' | null;
  user: Person | null;
  role: 'VIEWER' | 'TESTER' | 'ADMIN' | null;
  operator: boolean;
  expiresAt: string | null;
}

export interface Totals {
  workItems: number;
  steps: number;
  done: number;
  passed: number;
  flaky: number;
  failed: number;
  skipped: number;
  errored: number;
}

export interface CaseResult {
  caseId: string;
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
  flaky: number;
  p95Ms: number | null;
}

export type RunStatus = 'QUEUED' | 'RUNNING' | 'PASSED' | 'FAILED' | 'CANCELLED' | 'ERROR';

export interface Run {
  id: string;
  suiteId: string;
  suiteName: string;
  environmentId: string;
  status: RunStatus;
  trigger: string;
  totals: Totals;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  latency: { p50Ms: number | null; p95Ms: number | null } | null;
  error: string | null;
  cases: CaseResult[] | null;
}

export interface AssertionFailure {
  check: string;
  expected: string;
  actual: string;
}

export interface StepDetail {
  workItemSeq: number;
  rowIndex: number;
  stepIndex: number;
  attempt: number;
  caseId: string;
  caseName: string;
  status: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string> | null;
  requestBody: string | null;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  startedAtEpochMs: number;
  durationMicros: number;
  failures: AssertionFailure[] | null;
  error: string | null;
  conformance: {
    endpoint: string;
    response: string;
    statusDocumented: boolean;
    bodyConforms: boolean | null;
    violations: string[] | null;
  } | null;
}

export interface StepsPage {
  total: number;
  items: StepDetail[];
}

export const terminal = (status: RunStatus) => status !== 'QUEUED' && status !== 'RUNNING';
