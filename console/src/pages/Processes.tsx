import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, type ProcessDiagram } from '../api';
import type { PageProps } from '../main';
import { Link } from '../router';
import { time } from '../format';
import '../pages.css';

interface Named {
  id: string;
  name: string;
}

/** Each project's BPMN diagrams, with what their latest version holds. */
export function Processes(_: PageProps) {
  const [projects, setProjects] = useState<{ project: Named; diagrams: ProcessDiagram[] }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      const all = [];
      for (const p of (await get<Named[]>('/api/v1/projects')).slice(0, 50)) {
        all.push({ project: p, diagrams: await get<ProcessDiagram[]>(`/api/v1/projects/${p.id}/processes`) });
      }
      setProjects(all.filter((p) => p.diagrams.length > 0));
    })().catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <section>
      <h1>Processes</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {projects === null && !error && <p aria-busy="true">Loading…</p>}
      {projects?.length === 0 && <p class="hint">No BPMN diagram has been imported yet.</p>}
      {projects?.map(({ project, diagrams }) => (
        <section aria-label={project.name}>
          <h2>{project.name}</h2>
          <ul class="cards">
            {diagrams.map((d) => (
              <li class="card">
                <h3 class="card-title">
                  <Link href={`/processes/${d.id}`}>{d.name}</Link>
                </h3>
                <p class="hint">
                  version {d.latestVersion} · {Object.entries(d.elements ?? {})
                    .map(([category, n]) => `${n} ${category.toLowerCase().replace('_', '-')}`)
                    .join(', ')}{' '}
                  · {time(d.updatedAt)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
