// Imports into a suite and its project, each showing the API's report of what was made and what not:
// an OpenAPI document (then cases generated from it, with progress), a Postman collection, a Gherkin
// feature file (previewed, then published) and a BPMN diagram.
import { useState } from 'preact/hooks';
import {
  ApiError,
  api,
  get,
  post,
  upload,
  type Diagram,
  type Feature,
  type Generation,
  type PostmanImport,
  type Published,
  type SpecVersion,
  type SuiteDetail,
  type Unmatched,
} from '../api';
import { Link } from '../router';
import { Progress } from '../components/Chart';
import { Status } from '../components/Status';
import { number } from '../format';
import { fieldErrors } from './load';

interface Props {
  suite: SuiteDetail;
  canChange: boolean;
  onChanged: () => void;
}

export function Imports(props: Props) {
  if (!props.canChange) return <p>Importing needs the TESTER role.</p>;
  return (
    <div class="stack">
      <OpenApi {...props} />
      <Postman {...props} />
      <Gherkin {...props} />
      <Bpmn {...props} />
    </div>
  );
}

function Problems({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  if (!error) return null;
  const { byField, rest } = fieldErrors(error, fields);
  const all = [...Object.entries(byField).map(([f, m]) => `${f}: ${m}`), ...rest];
  return (
    <div class="error" role="alert">
      {error instanceof ApiError && error.problem.errors?.length ? <p>{error.message}</p> : null}
      <ul>
        {all.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
    </div>
  );
}

const read = (file: File) => file.text();

function FileField(props: { label: string; accept: string; onFile: (f: File | null) => void; optional?: boolean }) {
  return (
    <label>
      {props.label}
      <input type="file" accept={props.accept} required={!props.optional} onChange={(e) => props.onFile(e.currentTarget.files?.[0] ?? null)} />
    </label>
  );
}

function OpenApi({ suite, onChanged }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [label, setLabel] = useState('');
  const [spec, setSpec] = useState<SpecVersion | null>(null);
  const [kinds, setKinds] = useState(['happy', 'boundary', 'negative', 'security']);
  const [generation, setGeneration] = useState<Generation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const importSpec = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const type = /\.json$/i.test(file.name) ? 'application/json' : 'application/yaml';
      setSpec(await upload<SpecVersion>(
        `/api/v1/projects/${suite.projectId}/specs?label=${encodeURIComponent(label || file.name)}`, file, type));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const generate = async () => {
    setBusy(true);
    setError(null);
    try {
      let g = await post<Generation>(`/api/v1/suites/${suite.id}/generate`, { specId: spec?.id, kinds });
      setGeneration(g);
      while (g.state === 'QUEUED' || g.state === 'RUNNING') {
        g = await get<Generation>(`/api/v1/generations/${g.id}?wait=2s`);
        setGeneration(g);
      }
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const report = generation?.report;
  return (
    <section aria-labelledby="openapi-title">
      <h2 id="openapi-title">OpenAPI specification</h2>
      <form class="grid-form" onSubmit={(e) => (e.preventDefault(), importSpec())}>
        <FileField label="Specification (JSON or YAML)" accept=".json,.yaml,.yml" onFile={setFile} />
        <label>
          Label
          <input value={label} placeholder="the file's name" onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <div>
          <button type="submit" disabled={busy || !file}>
            Import specification
          </button>
        </div>
      </form>
      {spec && (
        <div class="report" role="status">
          <p>
            <strong>{spec.title ?? spec.label}</strong>: {spec.parseStatus}, {number(spec.endpoints)} endpoints,{' '}
            {number(spec.parameters)} parameters, {number(spec.responses)} responses{spec.active && ', active'}.
          </p>
          {spec.errors && spec.errors.length > 0 && (
            <ul>
              {spec.errors.map((e) => (
                <li class="not-made">
                  {e.field && <code>{e.field}</code>} {e.message}
                </li>
              ))}
            </ul>
          )}
          <fieldset>
            <legend>Generate cases into {suite.name}</legend>
            {['happy', 'boundary', 'negative', 'security'].map((k) => (
              <label class="check">
                <input type="checkbox" checked={kinds.includes(k)}
                  onChange={(e) => setKinds(e.currentTarget.checked ? [...kinds, k] : kinds.filter((x) => x !== k))} />
                {k}
              </label>
            ))}
            <button type="button" onClick={generate} disabled={busy || kinds.length === 0}>
              Generate cases
            </button>
          </fieldset>
        </div>
      )}
      {generation && (
        <div class="report" aria-live="polite">
          <p>
            Generation <Status status={generation.state} />
          </p>
          {generation.progress.total !== null && (
            <Progress done={generation.progress.done} total={generation.progress.total} failed={0} />
          )}
          {report && (
            <>
              <p>
                {Object.entries(report.counts)
                  .map(([k, v]) => `${number(v)} ${k}`)
                  .join(', ')}
                {report.truncated && ' (lists cut)'}
              </p>
              <RefList title="Made" items={report.created} made />
              <RefList title="Updated" items={report.updated} made />
              <RefList title="Edited by hand, left alone" items={report.diverged} />
              <RefList title="Endpoint gone from the specification (kept)" items={report.orphaned} />
              {report.skipped.length > 0 && (
                <details>
                  <summary>Not made: {report.skipped.length}</summary>
                  <ul>
                    {report.skipped.map((s) => (
                      <li class="not-made">{s}</li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          )}
          {generation.problem && <p class="error">{generation.problem.detail ?? generation.problem.title}</p>}
        </div>
      )}
      <Problems error={error} />
    </section>
  );
}

function RefList({ title, items, made }: { title: string; items: { id: string; name: string; endpoint?: string }[]; made?: boolean }) {
  if (items.length === 0) return null;
  return (
    <details>
      <summary>
        {title}: {items.length}
      </summary>
      <ul>
        {items.map((c) => (
          <li class={made ? 'made' : ''}>
            <Link href={`/cases/${c.id}`}>{c.name}</Link> {c.endpoint && <code>{c.endpoint}</code>}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Postman({ suite, onChanged }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<PostmanImport | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <section aria-labelledby="postman-title">
      <h2 id="postman-title">Postman collection</h2>
      <form
        class="grid-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setError(null);
          try {
            setAnswer(await upload<PostmanImport>(`/api/v1/suites/${suite.id}/import/postman`, file, 'application/json'));
            onChanged();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <FileField label="Collection (v2.0 or v2.1)" accept=".json" onFile={setFile} />
        <div>
          <button type="submit" disabled={!file}>
            Import collection
          </button>
        </div>
      </form>
      {answer && (
        <div class="report" role="status">
          <p>
            {answer.created.length} cases made, {answer.chains.length} chains, {answer.variables.length} suite variables,{' '}
            {answer.unmapped.length} things not mapped.
          </p>
          <RefList title="Made" items={answer.created} made />
          {answer.unmapped.length > 0 && (
            <div class="scroll">
              <table aria-label="Not mapped">
                <thead>
                  <tr>
                    <th scope="col">Item</th>
                    <th scope="col">What</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.unmapped.map((u) => (
                    <tr>
                      <td class="cell">{u.item}</td>
                      <td class="cell">
                        <code>{u.what}</code>
                      </td>
                      <td class="cell">{u.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      <Problems error={error} />
    </section>
  );
}

function Gherkin({ suite, onChanged }: Props) {
  const [content, setContent] = useState('');
  const [feature, setFeature] = useState<Feature | null>(null);
  const [published, setPublished] = useState<Published | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { byField } = fieldErrors(error, ['content']);
  const preview = async () => {
    setError(null);
    setPublished(null);
    try {
      const body = { content };
      setFeature(
        feature
          ? await api<Feature>('PUT', `/api/v1/features/${feature.id}`, body)
          : await post<Feature>(`/api/v1/projects/${suite.projectId}/features`, body),
      );
    } catch (e) {
      setError(e);
    }
  };
  const publish = async () => {
    if (!feature) return;
    setError(null);
    try {
      setPublished(await post<Published>(`/api/v1/features/${feature.id}/publish`, { suiteId: suite.id }));
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const p = feature?.preview;
  return (
    <section aria-labelledby="gherkin-title">
      <h2 id="gherkin-title">Gherkin feature file</h2>
      <form class="stack" onSubmit={(e) => (e.preventDefault(), preview())}>
        <FileField label="Feature file" accept=".feature,text/plain" optional
          onFile={async (f) => f && setContent(await read(f))} />
        <label>
          Feature text
          <textarea class="json" value={content} onInput={(e) => setContent(e.currentTarget.value)} spellcheck={false}
            aria-invalid={byField.content ? 'true' : undefined} aria-describedby={byField.content ? 'content-error' : undefined} />
          {byField.content && <p class="field-error" id="content-error">{byField.content}</p>}
        </label>
        <div class="actions">
          <button type="submit" disabled={!content.trim()}>
            Preview
          </button>
          {feature && (
            <button type="button" onClick={publish}>
              Publish into {suite.name}
            </button>
          )}
        </div>
      </form>
      {p && !published && (
        <div class="report" role="status">
          <p>
            {p.feature}: {p.counts.scenarios} scenarios, {p.counts.cases} cases, {p.counts.dataSets} data sets,{' '}
            {p.counts.unmatched} unknown steps.
          </p>
          <ul>
            {p.scenarios.map((s) => (
              <li class={s.enabled ? 'made' : 'not-made'}>
                {s.keyword} {s.name} (line {s.line}): {s.cases.length} cases{!s.enabled && ', published disabled'}
              </li>
            ))}
          </ul>
          <UnknownSteps steps={p.unmatched} />
        </div>
      )}
      {published && (
        <div class="report" role="status">
          <p>
            Published as version {published.version}: {published.created.length} made, {published.updated.length}{' '}
            updated, {published.removed.length} removed, {published.dataSets.length} data sets.
          </p>
          <RefList title="Made" items={published.created} made />
          <UnknownSteps steps={published.unmatched} />
        </div>
      )}
      <Problems error={error} fields={['content']} />
    </section>
  );
}

function UnknownSteps({ steps }: { steps: Unmatched[] }) {
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="unknown-title">
      <h3 id="unknown-title">Unknown steps (kept as disabled manual cases)</h3>
      <ul aria-label="Unknown steps">
        {steps.map((u) => (
          <li class="not-made">
            line {u.line}: <code>{u.step}</code> — {u.reason}
            {u.candidates.length > 0 && <> (matches {u.candidates.join(', ')})</>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Bpmn({ suite }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [diagram, setDiagram] = useState<Diagram | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <section aria-labelledby="bpmn-title">
      <h2 id="bpmn-title">BPMN diagram</h2>
      <form
        class="grid-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setError(null);
          try {
            setDiagram(await upload<Diagram>(
              `/api/v1/projects/${suite.projectId}/processes?fileName=${encodeURIComponent(file.name)}`, file,
              'application/xml'));
          } catch (err) {
            setError(err);
          }
        }}
      >
        <FileField label="BPMN 2.0 file" accept=".bpmn,.xml" onFile={setFile} />
        <div>
          <button type="submit" disabled={!file}>
            Import diagram
          </button>
        </div>
      </form>
      {diagram && (
        <div class="report" role="status">
          <p>
            <strong>{diagram.name}</strong>, version {diagram.latestVersion}: {diagram.version?.elements ?? 0} elements,{' '}
            {diagram.version?.flows ?? 0} flows.
          </p>
          <dl class="facts">
            {Object.entries(diagram.elements).map(([k, v]) => (
              <div>
                <dt>{k.toLowerCase().replace(/_/g, ' ')}</dt>
                <dd>{v}</dd>
              </div>
            ))}
            {Object.entries(diagram.flows).map(([k, v]) => (
              <div>
                <dt>{k.toLowerCase()} flows</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <Problems error={error} fields={['body']} />
    </section>
  );
}
