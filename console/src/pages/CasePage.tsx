import { useEffect, useState } from 'preact/hooks';
import {
  ApiError,
  del,
  get,
  post,
  put,
  type CaseChange,
  type EditableCase,
  type ModuleNode,
  type SuiteDetail,
  type TestCase,
} from '../api';
import type { PageProps } from '../main';
import { Link, navigate } from '../router';
import { time } from '../format';
import { AUTOMATION, METHODS, MODES, PRIORITIES, TYPES, fieldErrors, mayChange, useLoad, words } from '../suites/load';
import '../suites/suites.css';

/** The fields the form edits, by their names in the API (and in its problem details). */
const FORM_FIELDS = [
  'name',
  'enabled',
  'request.method',
  'request.path',
  'request.headers',
  'request.body',
  'expectations.status',
  'tags',
  'priority',
  'type',
  'mode',
  'automationStatus',
  'moduleId',
  'preconditions',
  'steps',
  'expectedResult',
];
const TOP_LEVEL = ['name', 'enabled', 'tags', 'priority', 'type', 'mode', 'automationStatus', 'moduleId', 'preconditions',
  'steps', 'expectedResult'];

interface Form {
  name: string;
  enabled: boolean;
  method: string;
  path: string;
  headers: string;
  body: string;
  status: string;
  tags: string;
  priority: string;
  type: string;
  mode: string;
  automationStatus: string;
  moduleId: string;
  preconditions: string;
  steps: string;
  expectedResult: string;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The editable case split into what the form shows and the rest, as JSON. */
function split(e: EditableCase): { form: Form; rest: Json } {
  const request = (e.request ?? null) as Json | null;
  const expectations = (e.expectations ?? null) as Json | null;
  const form: Form = {
    name: str(e.name),
    enabled: e.enabled !== false,
    method: str(request?.method),
    path: str(request?.path),
    headers: Object.entries((request?.headers as Record<string, string>) ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
    body: str(request?.body),
    status: ((expectations?.status as unknown[]) ?? []).join(', '),
    tags: ((e.tags as string[]) ?? []).join(', '),
    priority: str(e.priority),
    type: str(e.type),
    mode: str(e.mode),
    automationStatus: str(e.automationStatus),
    moduleId: str(e.moduleId),
    preconditions: str(e.preconditions),
    steps: str(e.steps),
    expectedResult: str(e.expectedResult),
  };
  const rest: Json = { ...e };
  for (const k of TOP_LEVEL) delete rest[k];
  if (request) {
    const { method, path, headers, body, ...others } = request;
    rest.request = others;
  } else delete rest.request;
  if (expectations) {
    const { status, ...others } = expectations;
    rest.expectations = others;
  } else delete rest.expectations;
  for (const k of Object.keys(rest)) if (rest[k] === null) delete rest[k];
  return { form, rest };
}

/** Headers written "Name: value", a line each; a line without a colon is named. */
function headers(text: string): { value: Record<string, string> | null; error?: string } {
  const value: Record<string, string> = {};
  const lines = text.split('\n').map((l) => l.trim());
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]) continue;
    const colon = lines[i].indexOf(':');
    if (colon <= 0) return { value: null, error: `line ${i + 1}: write a header as Name: value` };
    value[lines[i].substring(0, colon).trim()] = lines[i].substring(colon + 1).trim();
  }
  return { value: Object.keys(value).length ? value : null };
}

/** The form and the rest joined into the request PUT /cases/{id} and POST /suites/{id}/cases take. */
function join(form: Form, rest: Json, headerValue: Record<string, string> | null): Json {
  const out: Json = { ...rest };
  out.name = form.name;
  out.enabled = form.enabled;
  out.tags = form.tags.split(',').map((t) => t.trim()).filter(Boolean);
  for (const k of ['priority', 'type', 'mode', 'automationStatus', 'moduleId', 'preconditions', 'steps', 'expectedResult'] as const) {
    out[k] = form[k] === '' ? null : form[k];
  }
  const restRequest = (rest.request as Json | undefined) ?? {};
  const anyRequest = form.method || form.path || headerValue || form.body || Object.keys(restRequest).length > 0;
  out.request = anyRequest
    ? { ...restRequest, method: form.method || null, path: form.path || null, headers: headerValue, body: form.body || null }
    : null;
  const status = form.status
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const restExpect = (rest.expectations as Json | undefined) ?? {};
  if (status.length || Object.keys(restExpect).length) out.expectations = { ...restExpect, status };
  return out;
}

/** A case: its fields in a form, everything else as validated JSON, saved through PUT /cases/{id}; its change log. */
export function CasePage({ params, session }: PageProps) {
  const id = params.id;
  const [tick, setTick] = useState(0);
  const [loaded, error] = useLoad(
    async () => {
      const [c, editable] = await Promise.all([
        get<TestCase>(`/api/v1/cases/${id}`),
        get<EditableCase>(`/api/v1/cases/${id}/editable`),
      ]);
      return { c, editable, suite: await get<SuiteDetail>(`/api/v1/suites/${c.suiteId}`) };
    },
    [id, tick],
  );
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!loaded) return <p aria-busy="true">Loading…</p>;
  const { c, editable, suite } = loaded;
  return (
    <section>
      <p class="crumbs">
        <Link href="/suites">Suites</Link> › <Link href={`/suites/${suite.id}`}>{suite.name}</Link> ›
      </p>
      <h1>
        <span class="hint">{c.readableId}</span> {c.name}
      </h1>
      <CaseForm key={id} suite={suite} initial={editable} caseId={id} canChange={mayChange(session)}
        onSaved={() => setTick((t) => t + 1)} />
      <Changes caseId={id} version={c.updatedAt} />
    </section>
  );
}

/** A new case at the end of a suite. */
export function NewCasePage({ params, session }: PageProps) {
  const [suite, error] = useLoad(() => get<SuiteDetail>(`/api/v1/suites/${params.id}`), [params.id]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!suite) return <p aria-busy="true">Loading…</p>;
  return (
    <section>
      <p class="crumbs">
        <Link href="/suites">Suites</Link> › <Link href={`/suites/${suite.id}`}>{suite.name}</Link> ›
      </p>
      <h1>New case</h1>
      <CaseForm suite={suite} initial={{ name: '', request: { method: 'GET', path: '/' }, expectations: { status: [200] } }}
        canChange={mayChange(session)} onSaved={() => {}} />
    </section>
  );
}

function CaseForm(props: { suite: SuiteDetail; initial: EditableCase; caseId?: string; canChange: boolean; onSaved: () => void }) {
  const start = split(props.initial);
  const [form, setForm] = useState<Form>(start.form);
  const [restText, setRestText] = useState(JSON.stringify(start.rest, null, 2));
  const [apiError, setApiError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [modules] = useLoad(
    () => get<{ modules: ModuleNode[] }>(`/api/v1/projects/${props.suite.projectId}/modules`),
    [props.suite.projectId],
  );
  useEffect(() => setSaved(false), [form, restText]);

  // the JSON view is checked as it is typed: JSON, an object, and none of the form's fields
  let rest: Json | null = null;
  let restProblem: string | null = null;
  try {
    const parsed = JSON.parse(restText || '{}');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) restProblem = 'must be a JSON object';
    else {
      const taken = TOP_LEVEL.filter((k) => k in parsed);
      const req = parsed.request as Json | undefined;
      if (req && typeof req === 'object') taken.push(...['method', 'path', 'headers', 'body'].filter((k) => k in req).map((k) => `request.${k}`));
      const exp = parsed.expectations as Json | undefined;
      if (exp && typeof exp === 'object' && 'status' in exp) taken.push('expectations.status');
      if (taken.length) restProblem = `${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} edited in the form above`;
      else rest = parsed;
    }
  } catch (e) {
    restProblem = e instanceof Error ? e.message : String(e);
  }
  const headerCheck = headers(form.headers);
  const { byField, rest: restErrors } = fieldErrors(apiError, FORM_FIELDS, { request: 'request.method', expectations: 'expectations.status' });
  if (headerCheck.error) byField['request.headers'] = headerCheck.error;

  const set = (key: keyof Form, value: string | boolean) => setForm({ ...form, [key]: value });
  const described = (field: string) => (byField[field] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `err-${field}` } : {});
  const message = (field: string) => byField[field] && <p class="field-error" id={`err-${field}`}>{byField[field]}</p>;
  const text = (key: keyof Form, field: string, label: string, props: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input value={form[key] as string} onInput={(e) => set(key, e.currentTarget.value)} {...described(field)} {...props} />
      {message(field)}
    </label>
  );
  const area = (key: keyof Form, field: string, label: string) => (
    <label class="wide">
      {label}
      <textarea value={form[key] as string} onInput={(e) => set(key, e.currentTarget.value)} {...described(field)} />
      {message(field)}
    </label>
  );
  const choice = (key: keyof Form, field: string, label: string, values: string[]) => (
    <label>
      {label}
      <select value={form[key] as string} onChange={(e) => set(key, e.currentTarget.value)} {...described(field)}>
        <option value="">—</option>
        {values.map((v) => (
          <option value={v}>{words(v)}</option>
        ))}
      </select>
      {message(field)}
    </label>
  );

  const save = async (e: Event) => {
    e.preventDefault();
    if (!rest || headerCheck.error) return;
    setBusy(true);
    setApiError(null);
    try {
      const body = join(form, rest, headerCheck.value);
      if (props.caseId) {
        await put(`/api/v1/cases/${props.caseId}`, body);
        setSaved(true);
        props.onSaved();
      } else {
        const made = await post<TestCase>(`/api/v1/suites/${props.suite.id}/cases`, body);
        navigate(`/cases/${made.id}`);
      }
    } catch (err) {
      setApiError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!props.caseId || !confirm(`Delete the case ${form.name}?`)) return;
    try {
      await del(`/api/v1/cases/${props.caseId}`);
      navigate(`/suites/${props.suite.id}`);
    } catch (err) {
      setApiError(err);
    }
  };

  return (
    <form onSubmit={save} aria-label="Case" noValidate>
      <fieldset disabled={!props.canChange} class="stack">
        <legend>Case</legend>
        <div class="grid-form">
          {text('name', 'name', 'Name', { class: 'wide' })}
          <label class="check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
            Enabled
          </label>
          {choice('method', 'request.method', 'Method', METHODS)}
          {text('path', 'request.path', 'Path')}
          {text('status', 'expectations.status', 'Expected status', { placeholder: '200, 2xx' })}
          {area('headers', 'request.headers', 'Headers (Name: value, a line each)')}
          {area('body', 'request.body', 'Body')}
          {text('tags', 'tags', 'Tags (comma-separated)')}
          {choice('priority', 'priority', 'Priority', PRIORITIES)}
          {choice('type', 'type', 'Type', TYPES)}
          {choice('mode', 'mode', 'Mode', MODES)}
          {choice('automationStatus', 'automationStatus', 'Automation status', AUTOMATION)}
          <label>
            Module
            <select value={form.moduleId} onChange={(e) => set('moduleId', e.currentTarget.value)} {...described('moduleId')}>
              <option value="">—</option>
              {modules && flatten(modules.modules, 0).map(([m, d]) => <option value={m.id}>{`${'· '.repeat(d)}${m.name}`}</option>)}
            </select>
            {message('moduleId')}
          </label>
          {area('preconditions', 'preconditions', 'Preconditions (manual)')}
          {area('steps', 'steps', 'Steps (manual)')}
          {area('expectedResult', 'expectedResult', 'Expected result (manual)')}
          <label class="wide">
            Everything else, as JSON (query, checks, extractions, retry, phase, data set, links, …)
            <textarea class="json" value={restText} spellcheck={false} onInput={(e) => setRestText(e.currentTarget.value)}
              aria-invalid={restProblem || restErrors.length ? 'true' : undefined} aria-describedby="err-json" />
            {(restProblem || restErrors.length > 0) && (
              <div class="field-error" id="err-json">
                {restProblem && <p>JSON: {restProblem}</p>}
                {restErrors.map((m) => (
                  <p>{m}</p>
                ))}
              </div>
            )}
          </label>
        </div>
        {props.canChange && (
          <div class="actions">
            <button type="submit" disabled={busy || rest === null || !!headerCheck.error}>
              {props.caseId ? 'Save' : 'Make case'}
            </button>
            {props.caseId && (
              <button type="button" class="danger" onClick={remove}>
                Delete
              </button>
            )}
          </div>
        )}
        <p role="status" aria-live="polite">
          {saved && 'Saved.'}
          {apiError instanceof ApiError && !saved && <span class="error">Not saved: {apiError.message}</span>}
        </p>
      </fieldset>
    </form>
  );
}

function flatten(nodes: ModuleNode[], depth: number): [ModuleNode, number][] {
  return nodes.flatMap((n) => [[n, depth] as [ModuleNode, number], ...flatten(n.children ?? [], depth + 1)]);
}

const shown = (v: unknown) => {
  const text = v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 300 ? `${text.substring(0, 300)}…` : text;
};

/** The case's change log, newest first. */
function Changes({ caseId, version }: { caseId: string; version: string }) {
  const [changes, error] = useLoad(() => get<CaseChange[]>(`/api/v1/cases/${caseId}/changes?limit=50`), [caseId, version]);
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">Change log</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {changes && (
        <div class="scroll">
          <table aria-label="Change log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col" class="num">Version</th>
                <th scope="col">Change</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((ch) => (
                <tr>
                  <td>{time(ch.changedAt)}</td>
                  <td>{ch.changedBy?.name ?? '—'}</td>
                  <td class="num">{ch.version}</td>
                  <td>
                    {words(ch.change)} {ch.field && <code>{ch.field}</code>}
                  </td>
                  <td class="cell">
                    <code>{ch.change === 'CREATED' ? '' : shown(ch.oldValue)}</code>
                  </td>
                  <td class="cell">
                    <code>{ch.change === 'DELETED' ? '' : shown(ch.newValue)}</code>
                    {ch.truncated && <small class="hint"> (cut)</small>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
