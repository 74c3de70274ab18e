import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import type { PageProps } from '../main';
import { navigate } from '../router';

interface Named {
  id: string;
  name: string;
}
interface Suite extends Named {
  status: string;
  projectName: string;
  environments: Named[];
}

/** The tenant's suites, each with a button to run it in one of its project's environments. */
export function Suites({ session }: PageProps) {
  const [suites, setSuites] = useState<Suite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mayRun = session.role === 'TESTER' || session.role === 'ADMIN';
  useEffect(() => {
    (async () => {
      const all: Suite[] = [];
      for (const p of (await get<Named[]>('/api/v1/projects')).slice(0, 20)) {
        const environments = await get<Named[]>(`/api/v1/projects/${p.id}/environments`);
        for (const s of await get<Suite[]>(`/api/v1/projects/${p.id}/suites`)) {
          all.push({ ...s, projectName: p.name, environments });
        }
      }
      setSuites(all);
    })().catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <section>
      <h1>Suites</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {suites === null ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <ul class="cards">
          {suites.map((s) => (
            <li class="card">
              <h2>{s.name}</h2>
              <p class="hint">
                {s.projectName} · {s.status}
              </p>
              {mayRun && s.environments.length > 0 && <RunForm suite={s} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RunForm({ suite }: { suite: Suite }) {
  const [environment, setEnvironment] = useState(suite.environments[0].id);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const started = await post<{ runId: string }>(`/api/v1/suites/${suite.id}/runs`, { environmentId: environment });
          navigate(`/runs/${started.runId}`);
        } catch (err) {
          setError(err instanceof ApiError ? err.message : String(err));
        }
      }}
    >
      <label>
        Environment
        <select value={environment} onChange={(e) => setEnvironment(e.currentTarget.value)}>
          {suite.environments.map((env) => (
            <option value={env.id}>{env.name}</option>
          ))}
        </select>
      </label>
      <button type="submit">Run {suite.name}</button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}
