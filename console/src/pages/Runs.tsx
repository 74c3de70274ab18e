import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, type Run } from '../api';
import type { PageProps } from '../main';
import { Link, navigate } from '../router';
import { Status } from '../components/Status';
import { duration, number, passRate, time } from '../format';

interface Named {
  id: string;
  name: string;
}

const FILTERS = ['suite', 'environment', 'status', 'trigger', 'from', 'to'] as const;

/** The tenant's runs, newest first; the filters live in the URL, so a filtered list can be shared. */
export function Runs({ query }: PageProps) {
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [suites, setSuites] = useState<Named[]>([]);
  const [environments, setEnvironments] = useState<Named[]>([]);
  const search = query.toString();

  useEffect(() => {
    (async () => {
      const projects = await get<Named[]>('/api/v1/projects');
      const s: Named[] = [];
      const e: Named[] = [];
      for (const p of projects.slice(0, 20)) {
        s.push(...(await get<Named[]>(`/api/v1/projects/${p.id}/suites`)));
        e.push(...(await get<Named[]>(`/api/v1/projects/${p.id}/environments`)));
      }
      setSuites(s);
      setEnvironments(e);
    })().catch(() => {});
  }, []);

  useEffect(() => {
    const params = new URLSearchParams();
    for (const f of FILTERS) {
      const v = query.get(f);
      if (v) params.set(f, f === 'from' || f === 'to' ? new Date(v).toISOString() : v);
    }
    setError(null);
    get<Run[]>(`/api/v1/runs?${params}`)
      .then(setRuns)
      .catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [search]);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`/runs${next.toString() ? `?${next}` : ''}`);
  };

  return (
    <section>
      <h1>Runs</h1>
      <form class="filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Suite
          <select value={query.get('suite') ?? ''} onChange={(e) => setFilter('suite', e.currentTarget.value)}>
            <option value="">All</option>
            {suites.map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <label>
          Environment
          <select value={query.get('environment') ?? ''}
            onChange={(e) => setFilter('environment', e.currentTarget.value)}>
            <option value="">All</option>
            {environments.map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={query.get('status') ?? ''} onChange={(e) => setFilter('status', e.currentTarget.value)}>
            <option value="">All</option>
            {['QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'CANCELLED', 'ERROR'].map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Trigger
          <select value={query.get('trigger') ?? ''} onChange={(e) => setFilter('trigger', e.currentTarget.value)}>
            <option value="">All</option>
            {['API', 'SCHEDULE', 'CI'].map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="datetime-local" value={query.get('from') ?? ''}
            onChange={(e) => setFilter('from', e.currentTarget.value)} />
        </label>
        <label>
          To
          <input type="datetime-local" value={query.get('to') ?? ''}
            onChange={(e) => setFilter('to', e.currentTarget.value)} />
        </label>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {runs === null ? (
        <p aria-busy="true">Loading…</p>
      ) : runs.length === 0 ? (
        <p>No runs match. Trigger one from a <Link href="/suites">suite</Link>.</p>
      ) : (
        <div class="scroll">
          <table class="runs">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Suite</th>
                <th scope="col">Trigger</th>
                <th scope="col">Started</th>
                <th scope="col" class="num">Steps</th>
                <th scope="col" class="num">Pass rate</th>
                <th scope="col" class="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr>
                  <td>
                    <Status status={r.status} />
                  </td>
                  <td>
                    <Link href={`/runs/${r.id}`}>{r.suiteName ?? r.suiteId}</Link>
                  </td>
                  <td>{r.trigger}</td>
                  <td>{time(r.startedAt ?? r.createdAt)}</td>
                  <td class="num">{number(r.totals.done)} / {number(r.totals.steps)}</td>
                  <td class="num">{passRate(r.totals.passed, r.totals.done)}</td>
                  <td class="num">{duration(r.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
