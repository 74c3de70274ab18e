import { useState } from 'preact/hooks';
import { ApiError, get, message, post, type Named, type SuiteStatus } from '../api';
import type { PageProps } from '../main';
import { Link, navigate } from '../router';
import { Status } from '../components/Status';
import { mayChange, useLoad } from '../suites/load';
import '../suites/suites.css';

interface Suite extends Named {
  status: SuiteStatus;
  version: number;
  projectId: string;
  projectName: string;
  environments: Named[];
}

interface Project extends Named {
  suites: Suite[];
  environments: Named[];
}

/** The tenant's projects and their suites, each with a button to run it in one of its project's environments. */
export function Suites({ session }: PageProps) {
  const [projects, error, reload] = useLoad(async () => {
    const all: Project[] = [];
    for (const p of (await get<Named[]>('/api/v1/projects')).slice(0, 20)) {
      const environments = await get<Named[]>(`/api/v1/projects/${p.id}/environments`);
      const suites = (await get<Suite[]>(`/api/v1/projects/${p.id}/suites`)).map((s) => ({
        ...s,
        projectName: p.name,
        environments,
      }));
      all.push({ ...p, suites, environments });
    }
    return all;
  }, []);
  const canChange = mayChange(session);
  return (
    <section>
      <h1>Suites</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {projects === null ? (
        <p aria-busy="true">Loading…</p>
      ) : projects.length === 0 ? (
        <p>No projects yet: make one through the API (<code>POST /api/v1/projects</code>).</p>
      ) : (
        projects.map((p) => (
          <section aria-labelledby={`project-${p.id}`}>
            <div class="title-row">
              <h2 id={`project-${p.id}`}>{p.name}</h2>
              <div class="actions">
                <Link href={`/projects/${p.id}/cases`}>Search all cases</Link>
              </div>
            </div>
            <ul class="cards">
              {p.suites.map((s) => (
                <li class="card">
                  <h3 class="suite-name">
                    <Link href={`/suites/${s.id}`}>{s.name}</Link>
                  </h3>
                  <p class="hint">
                    <Status status={s.status} /> version {s.version}
                  </p>
                  {canChange && s.environments.length > 0 && s.status !== 'ARCHIVED' && <RunForm suite={s} />}
                </li>
              ))}
            </ul>
            {canChange && <NewSuite projectId={p.id} onMade={reload} />}
          </section>
        ))
      )}
    </section>
  );
}

function NewSuite({ projectId, onMade }: { projectId: string; onMade: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const made = await post<Named>(`/api/v1/projects/${projectId}/suites`, { name, status: 'DRAFT' });
          setName('');
          setError(null);
          onMade();
          navigate(`/suites/${made.id}`);
        } catch (err) {
          setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
        }
      }}
    >
      <label>
        New suite
        <input value={name} required onInput={(e) => setName(e.currentTarget.value)}
          aria-invalid={error?.field('name') ? 'true' : undefined} />
      </label>
      <button type="submit">Make suite</button>
      {error && <p class="error" role="alert">{error.field('name') ?? error.message}</p>}
    </form>
  );
}

export function RunForm({ suite }: { suite: Named & { environments: Named[] } }) {
  const [environment, setEnvironment] = useState(suite.environments[0]?.id ?? '');
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
          setError(message(err));
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
