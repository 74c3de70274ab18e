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

// --- Releases, processes and operations (the pages in pages/Release*, Process*, Operations) ------

export type ReleaseStatus = 'PLANNED' | 'IN_PROGRESS' | 'READY_TO_SHIP' | 'SHIPPED' | 'CANCELLED';
export type ExecutionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'PASSED' | 'FAILED' | 'BLOCKED' | 'SKIPPED';
export const EXECUTION_STATUSES: ExecutionStatus[] =
  ['PASSED', 'FAILED', 'BLOCKED', 'SKIPPED', 'IN_PROGRESS', 'NOT_STARTED'];
export type ApprovalRole = 'QA_LEAD' | 'DEV_LEAD' | 'PRODUCT_MANAGER' | 'RELEASE_MANAGER';
export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CHANGES_REQUESTED';

export interface Release {
  id: string;
  projectId: string;
  version: string;
  name: string | null;
  environmentId: string;
  environmentName: string | null;
  releaseDate: string | null;
  qaLead: Person | null;
  owner: Person | null;
  status: ReleaseStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ReleaseCase {
  caseId: string;
  readableId: string | null;
  name: string;
  suiteId: string;
  moduleId: string | null;
  mode: string | null;
  status: ExecutionStatus;
  comment: string | null;
  defects: string[] | null;
  durationMs: number | null;
  runId: string | null;
  runUrl: string | null;
  setBy: Person | null;
  statusAt: string | null;
}

export interface Approval {
  role: ApprovalRole;
  /** The person whose role it is; null: any tester may decide. */
  holder: Person | null;
  status: ApprovalStatus;
  approver: Person | null;
  comment: string | null;
  decidedAt: string | null;
}

export interface GateVerdict {
  open: boolean;
  reasons: { code: string; message: string }[];
  gate: { requiredRoles: ApprovalRole[]; noFailedOrBlocked: boolean; minPassRate: number | null; allowNotStarted: boolean };
}

export interface ReleaseDashboard {
  release: Release;
  total: number;
  byStatus: Partial<Record<ExecutionStatus, number>>;
  passRate: number | null;
  byModule: { moduleId: string | null; module: string | null; total: number; byStatus: Partial<Record<ExecutionStatus, number>> }[];
  failures: { caseId: string; readableId: string | null; name: string; status: ExecutionStatus; defects: string[] | null;
    comment: string | null; runId: string | null }[];
  approvals: Approval[];
  gate: GateVerdict;
  generatedAt: string;
}

export interface ReleaseChange {
  id: number;
  at: string;
  person: Person | null;
  runId: string | null;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
}

export interface WorkerView {
  worker: { id: string; host: string; startedAt: string; lastSeen: string; draining: boolean; partitions: number };
  drainRequested: boolean;
}

export interface QueuedRun {
  runId: string;
  tenantId: string;
  tenant: string;
  suite: string;
  queuedAt: string;
  position: number;
  reason: string;
}

export interface HeldPermit {
  runId: string;
  tenantId: string;
  tenant: string;
  status: string;
  admittedAt: string;
  admittedBy: string | null;
  leaseUntil: string | null;
}

export interface Plan {
  id: string;
  name: string;
  description: string | null;
  limits: Record<string, number | null>;
}

export interface TenantSummary {
  id: string;
  name: string;
  plan: string;
  subscription: string | null;
  operator: boolean;
  runsRunning: number;
  runsQueued: number;
  createdAt: string;
}

export interface DeadLetter {
  id: string;
  receivedAt: string;
  reason: string;
  attempts: number;
  worker: string | null;
  stepExecutionId: number | null;
  runId: string | null;
  partitionIndex: number | null;
  body: string | null;
}

export interface ProcessDiagram {
  id: string;
  projectId: string;
  name: string;
  latestVersion: number;
  updatedAt: string;
  elements: Record<string, number>;
  flows: Record<string, number>;
}

export interface EndpointSuggestion {
  endpointId: string;
  method: string;
  path: string;
  operationId: string | null;
  summary: string | null;
  confidence: number;
}

export interface TaskBindings {
  elementId: string;
  type: string;
  name: string | null;
  pool: string | null;
  lane: string | null;
  binding: {
    endpointId: string;
    method: string;
    path: string;
    operationId: string | null;
    how: 'SUGGESTED' | 'CONFIRMED' | 'MANUAL';
    confidence: number | null;
    boundBy: Person | null;
    boundAt: string;
    stale: boolean;
  } | null;
  suggestions: EndpointSuggestion[];
}

export interface ProcessRunResults {
  runId: string;
  suiteId: string;
  version: number;
  coverage: { elements: { total: number; inScenario: number; exercised: number; percent: number } } | null;
  elements: { elementId: string; type: string; category: string; name: string | null; status: string; passed: number;
    failed: number; notReached: number }[];
}
// --- Suites and cases: suites, cases, data sets, schedules, hooks, quarantine, imports ---------
// (the pages in pages/Suite*.tsx, CasePage, DataSetPage, Imports)

export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = (path: string) => api<void>('DELETE', path);

/** Sends a file or text as the body, as it is (a CSV, a collection, a specification, a BPMN document). */
export async function upload<T>(path: string, body: Blob | string, contentType: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': contentType };
  const token = csrfToken();
  if (token) headers['X-XSRF-TOKEN'] = token;
  const response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = { detail: text.substring(0, 300) };
  }
  if (!response.ok) {
    if (response.status === 401) onSignedOut();
    throw new ApiError({ status: response.status, ...((json as object) ?? {}) });
  }
  return json as T;
}

/** The message of any failure, for a page's alert. */
export const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export interface Named {
  id: string;
  name: string;
}

export type SuiteStatus = 'DRAFT' | 'READY' | 'ARCHIVED';

export interface SuiteDetail {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  version: number;
  status: SuiteStatus;
  review: {
    status: 'PENDING' | 'APPROVED' | 'REJECTED';
    reviewer: Person | null;
    reviewedAt: string | null;
    note: string | null;
    version: number | null;
  } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseLinkRef {
  kind: string;
  key: string;
}

/** A case as the API answers it. */
export interface TestCase {
  id: string;
  readableId: string;
  suiteId: string;
  name: string;
  position: number;
  dependsOn: string | null;
  enabled: boolean;
  request: { method: string; path: string; headers: Record<string, string> | null; body: string | null } | null;
  expectations: { status: number[]; statusClasses: string[] } | null;
  tags: string[];
  priority: string | null;
  type: string | null;
  mode: string | null;
  automationStatus: string | null;
  moduleId: string | null;
  preconditions: string | null;
  steps: string | null;
  expectedResult: string | null;
  links: CaseLinkRef[];
  createdAt: string;
  updatedAt: string;
}

/** A case as PUT /cases/{id} takes it (GET /cases/{id}/editable): every field, as JSON. */
export type EditableCase = Record<string, unknown> & {
  name?: string;
  request?: Record<string, unknown> | null;
  expectations?: Record<string, unknown> | null;
};

export interface CasePage {
  items: TestCase[];
  total: number;
  limit: number;
  offset: number;
}

export interface CaseChange {
  id: number;
  version: number;
  readableId: string;
  caseName: string;
  change: 'CREATED' | 'CHANGED' | 'DELETED';
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  truncated: boolean;
  changedBy: Person | null;
  changedAt: string;
}

export interface SuiteVersion {
  version: number;
  summary: string;
  changedBy: Person | null;
  changedAt: string;
  casesAdded: number;
  casesChanged: number;
  casesRemoved: number;
}

export interface ModuleNode {
  id: string;
  level: string;
  name: string;
  cases: number;
  total: number;
  children: ModuleNode[];
}

export interface DataSet {
  id: string;
  suiteId: string;
  name: string;
  enabled: boolean;
  rowCount: number;
  rows: Record<string, unknown>[];
  createdAt: string;
  updatedAt: string;
}

export interface RunPlan {
  chains: Named[][];
  dataRows: number;
  workItems: number;
  steps: number;
  partitions: number;
  chainRows: number[];
  setup: Named[];
  teardown: Named[];
}

export interface Schedule {
  id: string;
  environmentId: string;
  name: string;
  cron: string;
  timeZone: string;
  enabled: boolean;
  nextFireTimes: string[];
  lastFiredAt: string | null;
  lastError: string | null;
  runUnreadySuites: boolean;
  /** null in a list: GET /schedules/{id} has them */
  lastRuns: { id: string; status: string; scheduledFor: string; finishedAt: string | null }[] | null;
}

export interface Hook {
  id: string;
  name: string;
  url: string;
  createdAt: string;
  runUnreadySuites: boolean;
  secret: string | null;
}

export interface Flakiness {
  caseId: string;
  name: string;
  runs: number;
  failedRuns: number;
  flips: number;
  flakyRuns: number;
  score: number;
  quarantined: boolean;
  suggested: boolean;
}

export interface Quarantined {
  caseId: string;
  name: string;
  reason: string | null;
  since: string;
}

export interface SpecVersion {
  id: string;
  label: string;
  title: string | null;
  active: boolean;
  parseStatus: string;
  errors: { field?: string; message: string }[] | null;
  endpoints: number;
  parameters: number;
  responses: number;
}

export interface GeneratedRef {
  id: string;
  name: string;
  endpoint: string;
  kind: string;
}

export interface Generation {
  id: string;
  state: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  progress: { done: number; total: number | null };
  report: {
    created: GeneratedRef[];
    updated: GeneratedRef[];
    diverged: GeneratedRef[];
    orphaned: GeneratedRef[];
    skipped: string[];
    counts: Record<string, number>;
    truncated: boolean;
  } | null;
  problem: Problem | null;
}

export interface PostmanImport {
  created: { id: string; name: string; dependsOn: string | null }[];
  variables: string[];
  unmapped: { item: string; what: string; reason: string }[];
  chains: { cases: string[]; variables: string[] }[];
}

export interface Unmatched {
  line: number;
  scenario: string;
  step: string;
  reason: string;
  candidates: string[];
}

export interface Feature {
  id: string;
  name: string;
  status: string;
  suiteId: string | null;
  preview: {
    feature: string;
    scenarios: { name: string; keyword: string; line: number; enabled: boolean; cases: { name: string }[] }[];
    unmatched: Unmatched[];
    counts: Record<string, number>;
  } | null;
}

export interface Published {
  version: number;
  suiteId: string;
  created: { id: string; name: string }[];
  updated: { id: string; name: string }[];
  removed: { id: string; name: string }[];
  dataSets: { id: string; name: string; rows: number }[];
  unmatched: Unmatched[];
}

export interface Diagram {
  id: string;
  name: string;
  latestVersion: number;
  version: { version: number; fileName: string | null; elements: number; flows: number } | null;
  elements: Record<string, number>;
  flows: Record<string, number>;
}
