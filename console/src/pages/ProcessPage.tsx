import { useEffect, useState } from 'preact/hooks';
import {
  api,
  ApiError,
  get,
  terminal,
  type ProcessDiagram,
  type ProcessRunResults,
  type Run,
  type TaskBindings,
} from '../api';
import type { PageProps } from '../main';
import { Link, navigate } from '../router';
import { Status } from '../components/Status';
import { time } from '../format';
import '../pages.css';

interface ProcessSuite {
  suiteId: string;
  version: number;
}
interface Endpoint {
  id: string;
  method: string;
  path: string;
  operationId: string | null;
}

const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/**
 * A BPMN diagram drawn by the API, each element coloured by its result in a run of a suite generated
 * from it (the latest ended run unless ?run= names another), its elements' results as a table, and
 * its tasks' bindings to endpoints: accept the suggestion, or bind another endpoint. The drawing is
 * an <img> of the API's SVG: whatever a modeller wrote in it never runs in the console.
 */
export function ProcessPage({ params, query }: PageProps) {
  const id = params.id;
  const [diagram, setDiagram] = useState<ProcessDiagram | null>(null);
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [results, setResults] = useState<ProcessRunResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = query.get('run');

  useEffect(() => {
    (async () => {
      setDiagram(await get<ProcessDiagram>(`/api/v1/processes/${id}`));
      const suites = await get<ProcessSuite[]>(`/api/v1/processes/${id}/suites`);
      const all: Run[] = [];
      for (const s of suites.slice(-10)) {
        all.push(...(await get<Run[]>(`/api/v1/suites/${s.suiteId}/runs?limit=10`)));
      }
      setRuns(all.filter((r) => terminal(r.status)).sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    })().catch((e) => setError(message(e)));
  }, [id]);

  const runId = chosen ?? runs?.[0]?.id ?? null;
  useEffect(() => {
    setResults(null);
    if (!runId) return;
    get<ProcessRunResults>(`/api/v1/runs/${runId}/process`)
      .then(setResults)
      .catch((e) => setError(message(e)));
  }, [runId]);

  if (error && !diagram) {
    return (
      <section>
        <h1>Process</h1>
        <p class="error" role="alert">{error}</p>
      </section>
    );
  }
  if (!diagram || runs === null) return <p aria-busy="true">Loading…</p>;
  const svg = `/api/v1/processes/${id}/diagram.svg${runId ? `?runId=${encodeURIComponent(runId)}` : ''}`;
  const elements = (results?.elements ?? []).filter((e) => e.category !== 'POOL' && e.category !== 'LANE');

  return (
    <section>
      <p class="crumbs">
        <Link href="/processes">Processes</Link>
      </p>
      <h1>{diagram.name}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="title-row">
        <p class="hint">
          version {diagram.latestVersion}
          {results && ` · the run exercised version ${results.version}`}
          {results?.coverage && ` · ${results.coverage.elements.exercised} of ${results.coverage.elements.total} elements exercised`}
        </p>
        {runs.length > 0 && (
          <label class="inline-label">
            Results of
            <select value={runId ?? ''} onChange={(e) => navigate(`/processes/${id}?run=${e.currentTarget.value}`, true)}>
              {runs.map((r) => (
                <option value={r.id}>
                  {r.suiteName} · {r.status} · {time(r.createdAt)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {runs.length === 0 && <p class="hint">No run of a suite generated from this diagram has ended yet: it is drawn plain.</p>}
      <figure class="diagram">
        <img src={svg} data-testid="diagram"
          alt={runId ? `${diagram.name}, each element coloured by its result in the chosen run` : diagram.name} />
      </figure>

      {runId && (
        <section aria-labelledby="elements-title">
          <h2 id="elements-title">Elements in this run</h2>
          <p>
            <Link href={`/runs/${runId}`}>The run</Link>
          </p>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Element</th>
                  <th>Type</th>
                  <th>Result</th>
                  <th class="num">Passed</th>
                  <th class="num">Failed</th>
                  <th class="num">Not reached</th>
                </tr>
              </thead>
              <tbody>
                {elements.map((e) => (
                  <tr data-element={e.elementId} class={e.status === 'FAILED' ? 'row-failed' : ''}>
                    <td>{e.name ?? e.elementId}</td>
                    <td>{e.type}</td>
                    <td>
                      <Status status={e.status} />
                    </td>
                    <td class="num">{e.passed}</td>
                    <td class="num">{e.failed}</td>
                    <td class="num">{e.notReached}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <Bindings diagramId={id} />
    </section>
  );
}

interface BindingsAnswer {
  specificationId: string | null;
  specificationLabel: string | null;
  tasks: TaskBindings[];
}

function Bindings({ diagramId }: { diagramId: string }) {
  const [answer, setAnswer] = useState<BindingsAnswer | null>(null);
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const load = () =>
    get<BindingsAnswer>(`/api/v1/processes/${diagramId}/bindings`)
      .then(async (a) => {
        setAnswer(a);
        if (a.specificationId && endpoints.length === 0) {
          setEndpoints((await get<{ endpoints: Endpoint[] }>(`/api/v1/specs/${a.specificationId}`)).endpoints);
        }
      })
      .catch((e) => setProblem(message(e)));
  useEffect(() => {
    load();
  }, [diagramId]);
  const bind = async (elementId: string, body: unknown) => {
    try {
      await api('PUT', `/api/v1/processes/${diagramId}/bindings/${encodeURIComponent(elementId)}`, body);
      setProblem(null);
    } catch (e) {
      setProblem(message(e));
    }
    load();
  };

  return (
    <section aria-labelledby="bindings-title">
      <h2 id="bindings-title">Bindings to endpoints</h2>
      {answer?.specificationLabel && <p class="hint">Endpoints of the active specification “{answer.specificationLabel}”.</p>}
      {problem && <p class="error" role="alert">{problem}</p>}
      {answer === null ? (
        !problem && <p aria-busy="true">Loading…</p>
      ) : (
        <div class="scroll">
          <table class="bindings">
            <thead>
              <tr>
                <th>Task</th>
                <th>Bound to</th>
                <th>Suggestions</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {answer.tasks.map((t) => (
                <tr data-task={t.elementId}>
                  <th scope="row">
                    {t.name ?? t.elementId}
                    {t.lane && <div class="hint">{t.lane}</div>}
                  </th>
                  <td>
                    {t.binding ? (
                      <>
                        <code>
                          {t.binding.method} {t.binding.path}
                        </code>{' '}
                        <Status status={t.binding.stale ? 'STALE' : t.binding.how} />
                        <div class="hint">
                          {t.binding.confidence !== null && `${Math.round(t.binding.confidence * 100)} % · `}
                          {t.binding.boundBy?.name ?? ''} {time(t.binding.boundAt)}
                        </div>
                      </>
                    ) : (
                      <span class="hint">not bound</span>
                    )}
                  </td>
                  <td>
                    <ol class="suggestions">
                      {t.suggestions.map((s) => (
                        <li>
                          <code>
                            {s.method} {s.path}
                          </code>{' '}
                          <small>{Math.round(s.confidence * 100)} %</small>
                        </li>
                      ))}
                    </ol>
                    {t.suggestions.length > 0 && t.binding?.how !== 'CONFIRMED' && t.binding?.how !== 'MANUAL' && (
                      <button type="button" class="secondary" aria-label={`Accept the suggestion for ${t.name ?? t.elementId}`}
                        onClick={() => bind(t.elementId, { accept: true })}>
                        Accept
                      </button>
                    )}
                  </td>
                  <td>
                    <ChangeBinding key={t.binding?.endpointId ?? "none"} task={t} endpoints={endpoints} onBind={(endpointId) => bind(t.elementId, { endpointId })} />
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

function ChangeBinding(props: { task: TaskBindings; endpoints: Endpoint[]; onBind: (endpointId: string) => void }) {
  const [choice, setChoice] = useState(props.task.binding?.endpointId ?? '');
  const name = props.task.name ?? props.task.elementId;
  return (
    <form class="binding-form" onSubmit={(e) => {
      e.preventDefault();
      if (choice) props.onBind(choice);
    }}>
      <label>
        <span class="visually-hidden">Endpoint for {name}</span>
        <select value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
          <option value="">Choose an endpoint…</option>
          {props.endpoints.map((ep) => (
            <option value={ep.id}>
              {ep.method} {ep.path}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="secondary" aria-label={`Bind ${name}`}>
        Bind
      </button>
    </form>
  );
}
