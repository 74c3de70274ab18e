import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, post, terminal, type Run, type StepDetail, type StepsPage } from '../api';
import type { PageProps } from '../main';
import { Link, navigate } from '../router';
import { Status } from '../components/Status';
import { LineChart, Progress } from '../components/Chart';
import { StackedBar } from '../components/Bars';
import { duration, number, passRate, time } from '../format';

interface Diff {
  baseRunId: string;
  newFailures: { caseId: string; name: string; count: number }[];
  fixed: { caseId: string; name: string; count: number }[];
  stillFailing: { caseId: string; name: string; count: number }[];
  slower: { caseId: string; name: string; baseP95Ms: number; p95Ms: number; ratio: number }[];
}

/** How a step is named in the console's links: its work item, step and attempt. */
export const stepKey = (s: StepDetail) => `${s.workItemSeq}-${s.stepIndex}-${s.attempt}`;

/**
 * A run, live while it goes on: its totals arrive as server-sent events (GET /runs/{id}/events),
 * so the progress, the steps-per-second chart and the counts move without reloading; when it ends,
 * the per-case results, the failures by check, the diff and the reports appear.
 */
export function RunPage({ params, session }: PageProps) {
  const id = params.id;
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rates, setRates] = useState<number[]>([]);
  const last = useRef<{ done: number; at: number } | null>(null);

  useEffect(() => {
    setRun(null);
    setRates([]);
    last.current = null;
    const source = new EventSource(`/api/v1/runs/${id}/events`);
    const update = (e: MessageEvent) => {
      const next: Run = JSON.parse(e.data);
      const now = performance.now();
      // the end event closes the stream at once: its gap to the last tick is no rate of the run
      if (last.current && now > last.current.at && e.type === 'run') {
        const perSecond = ((next.totals.done - last.current.done) * 1000) / (now - last.current.at);
        setRates((r) => [...r.slice(-119), Math.max(0, perSecond)]);
      }
      last.current = { done: next.totals.done, at: now };
      setRun(next);
    };
    source.addEventListener('run', update);
    source.addEventListener('end', (e) => {
      update(e as MessageEvent);
      source.close();
    });
    source.onerror = () => {
      // a closed stream reconnects by itself; a refused one (404, 401) tells us why through the API
      if (source.readyState === EventSource.CLOSED) {
        get<Run>(`/api/v1/runs/${id}`)
          .then(setRun)
          .catch((err) => setError(err instanceof ApiError ? err.message : String(err)));
      }
    };
    return () => source.close();
  }, [id]);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!run) return <p aria-busy="true">Loading run…</p>;
  const t = run.totals;
  const ended = terminal(run.status);
  const mayChange = session.role === 'TESTER' || session.role === 'ADMIN';

  return (
    <section>
      <p class="crumbs">
        <Link href="/runs">Runs</Link> › {run.suiteName}
      </p>
      <div class="title-row">
        <h1>
          {run.suiteName} <Status status={run.status} />
        </h1>
        <div class="actions">
          {mayChange && !ended && (
            <button type="button" class="danger" onClick={() => post(`/api/v1/runs/${id}/cancel`).catch(() => {})}>
              Cancel run
            </button>
          )}
          {mayChange && (
            <button
              type="button"
              onClick={async () => {
                const started = await post<{ runId: string }>(`/api/v1/suites/${run.suiteId}/runs`, {
                  environmentId: run.environmentId,
                });
                navigate(`/runs/${started.runId}`);
              }}
            >
              Run again
            </button>
          )}
        </div>
      </div>
      <dl class="facts">
        <div><dt>Trigger</dt><dd>{run.trigger}</dd></div>
        <div><dt>Started</dt><dd>{time(run.startedAt)}</dd></div>
        <div><dt>Duration</dt><dd>{duration(run.durationMs)}</dd></div>
        <div><dt>Steps</dt><dd data-testid="done">{number(t.done)} / {number(t.steps)}</dd></div>
        <div><dt>Passed</dt><dd data-testid="passed">{number(t.passed)}</dd></div>
        <div><dt>Failed</dt><dd data-testid="failed">{number(t.failed + t.errored)}</dd></div>
        <div><dt>Pass rate</dt><dd>{passRate(t.passed, t.done)}</dd></div>
        <div><dt>p95</dt><dd>{run.latency?.p95Ms != null ? `${run.latency.p95Ms.toFixed(1)} ms` : '—'}</dd></div>
      </dl>
      <Progress done={t.done} total={t.steps} failed={t.failed + t.errored} />
      {run.error && <p class="error">{run.error}</p>}
      {rates.length > 1 && (
        <LineChart
          values={rates}
          label={ended ? 'Steps per second, on average' : 'Steps per second'}
          unit="steps/s"
          headline={ended && run.durationMs ? (t.done * 1000) / run.durationMs : undefined}
        />
      )}
      {ended && <Cases run={run} />}
      {ended && <Failures runId={id} />}
      {ended && <RunDiff runId={id} />}
      {ended && <Coverage runId={id} />}
      {ended && <Reports runId={id} />}
    </section>
  );
}

function Cases({ run }: { run: Run }) {
  if (!run.cases?.length) return null;
  return (
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">Cases</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col" class="num">Passed</th>
              <th scope="col" class="num">Failed</th>
              <th scope="col" class="num">Skipped</th>
              <th scope="col" class="num">p95</th>
            </tr>
          </thead>
          <tbody>
            {run.cases.map((c) => (
              <tr class={c.failed + c.errored > 0 ? 'row-failed' : ''}>
                <td>{c.name}</td>
                <td class="num">{number(c.passed)}</td>
                <td class="num">{number(c.failed + c.errored)}</td>
                <td class="num">{number(c.skipped)}</td>
                <td class="num">{c.p95Ms != null ? `${c.p95Ms.toFixed(1)} ms` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Rows shown per check: enough to see the pattern, short enough to reach the next check. */
const SHOWN = 10;

/** Failed steps grouped by the check that failed, expected against actual, each a link to its detail. */
function Failures({ runId }: { runId: string }) {
  const [steps, setSteps] = useState<StepDetail[] | null>(null);
  const [total, setTotal] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    get<StepsPage>(`/api/v1/runs/${runId}/steps?status=failed&size=200`)
      .then((p) => {
        setSteps(p.items);
        setTotal(p.total);
      })
      .catch((e) => setNote(e instanceof ApiError ? e.message : String(e)));
  }, [runId]);
  if (note) return <p class="hint">{note}</p>;
  if (!steps || steps.length === 0) return null;
  const groups = new Map<string, { step: StepDetail; expected: string; actual: string }[]>();
  for (const step of steps) {
    const failures = step.failures?.length
      ? step.failures
      : [{ check: step.error ? 'error' : 'failed', expected: '', actual: step.error ?? '' }];
    for (const f of failures) {
      const list = groups.get(f.check) ?? [];
      list.push({ step, expected: f.expected, actual: f.actual });
      groups.set(f.check, list);
    }
  }
  return (
    <section aria-labelledby="failures-title">
      <h2 id="failures-title">Failures by check</h2>
      {total > steps.length && (
        <p class="hint">
          The first {steps.length} of {number(total)} failed steps, grouped; each group shows up to {SHOWN}.
        </p>
      )}
      {[...groups.entries()].map(([check, list]) => (
        <details open class="group">
          <summary>
            <code>{check}</code> — {list.length} step{list.length === 1 ? '' : 's'}
          </summary>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Row</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Actual</th>
                </tr>
              </thead>
              <tbody>
                {list.slice(0, SHOWN).map(({ step, expected, actual }) => (
                  <tr>
                    <td>
                      <Link href={`/runs/${runId}/steps/${stepKey(step)}`}>{step.caseName}</Link>
                    </td>
                    <td>{step.rowIndex}</td>
                    <td><code>{expected}</code></td>
                    <td><code>{actual}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </section>
  );
}

function RunDiff({ runId }: { runId: string }) {
  const [diff, setDiff] = useState<Diff | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    get<Diff>(`/api/v1/runs/${runId}/diff`)
      .then(setDiff)
      .catch((e) => setNote(e instanceof ApiError ? e.message : String(e)));
  }, [runId]);
  return (
    <section aria-labelledby="diff-title">
      <h2 id="diff-title">Against the run before</h2>
      {note && <p class="hint">{note}</p>}
      {diff && (
        <>
          <p>
            Compared with <Link href={`/runs/${diff.baseRunId}`}>the earlier run</Link>:{' '}
            {diff.newFailures.length} new failure(s), {diff.fixed.length} fixed, {diff.stillFailing.length} still
            failing, {diff.slower.length} slower.
          </p>
          <ul class="diff">
            {diff.newFailures.map((c) => <li class="new">new failure: {c.name} ({c.count})</li>)}
            {diff.fixed.map((c) => <li class="fixed">fixed: {c.name}</li>)}
            {diff.slower.map((c) => (
              <li>slower: {c.name} (p95 {c.baseP95Ms?.toFixed(1)} → {c.p95Ms?.toFixed(1)} ms)</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface Tally {
  total: number;
  tested: number;
}

interface CoverageReport {
  status: string;
  summary?: {
    total: number;
    tested: number;
    percent: number;
    byMethod?: Record<string, Tally>;
    uncovered?: string[];
  } | null;
  error?: string | null;
  process?: {
    diagramId: string;
    diagramName: string;
    version: number;
    elements: { total: number; exercised: number; percent: number };
    flows: { total: number; exercised: number; percent: number };
  } | null;
}

/**
 * What the run covered: the active specification's endpoints (tested of total, by method, what was
 * not reached) and, for a process suite, the diagram's elements and flows, with a link to the
 * diagram coloured by the results.
 */
function Coverage({ runId }: { runId: string }) {
  const [report, setReport] = useState<CoverageReport | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    get<CoverageReport>(`/api/v1/runs/${runId}/coverage`)
      .then(setReport)
      .catch((e) => setNote(e instanceof ApiError ? e.message : String(e)));
  }, [runId]);
  const s = report?.summary;
  const p = report?.process;
  return (
    <section aria-labelledby="coverage-title">
      <h2 id="coverage-title">Coverage</h2>
      {note && <p class="hint">{note}</p>}
      {report && !s && !p && (
        <p class="hint">
          {report.status === 'NO_SPECIFICATION'
            ? 'The project has no active specification to measure the run against.'
            : `The specification's coverage is ${report.status.toLowerCase()}.`}
        </p>
      )}
      {s && (
        <>
          <StackedBar
            label={`Endpoints of the specification tested: ${s.tested} of ${s.total} (${number(s.percent)} %)`}
            segments={[
              { key: 'PASSED', label: 'tested', value: s.tested },
              { key: 'NOT_STARTED', label: 'not tested', value: s.total - s.tested },
            ]}
          />
          {s.byMethod && (
            <ul class="inline">
              {Object.entries(s.byMethod).map(([method, t]) => (
                <li>
                  <code>{method}</code> {t.tested}/{t.total}
                </li>
              ))}
            </ul>
          )}
          {s.uncovered && s.uncovered.length > 0 && (
            <details>
              <summary>{s.uncovered.length} endpoint(s) no case reached</summary>
              <ul>
                {s.uncovered.slice(0, 50).map((e) => (
                  <li>
                    <code>{e}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      {p && (
        <p>
          Process <Link href={`/processes/${p.diagramId}`}>{p.diagramName}</Link> (version {p.version}): elements
          exercised {p.elements.exercised} of {p.elements.total} ({number(p.elements.percent)} %), sequence flows{' '}
          {p.flows.exercised} of {p.flows.total} ({number(p.flows.percent)} %).
        </p>
      )}
    </section>
  );
}

function Reports({ runId }: { runId: string }) {
  const formats: [string, string][] = [
    ['html', 'HTML'],
    ['junit', 'JUnit XML'],
    ['json', 'JSON'],
    ['csv', 'CSV'],
  ];
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">Reports</h2>
      <ul class="inline">
        {formats.map(([f, label]) => (
          <li>
            <a href={`/api/v1/runs/${runId}/reports/${f}`} download>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
