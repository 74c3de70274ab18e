import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, type Release } from '../api';
import type { PageProps } from '../main';
import { Link } from '../router';
import { Status } from '../components/Status';
import '../pages.css';

interface Named {
  id: string;
  name: string;
}

/** Each project's releases: version, environment, date, QA lead and status, newest first. */
export function Releases(_: PageProps) {
  const [projects, setProjects] = useState<{ project: Named; releases: Release[] }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      const all = [];
      for (const p of (await get<Named[]>('/api/v1/projects')).slice(0, 50)) {
        all.push({ project: p, releases: await get<Release[]>(`/api/v1/projects/${p.id}/releases`) });
      }
      setProjects(all);
    })().catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  return (
    <section>
      <h1>Releases</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {projects === null && !error && <p aria-busy="true">Loading…</p>}
      {projects?.length === 0 && <p class="hint">No projects yet.</p>}
      {projects?.map(({ project, releases }) => (
        <section aria-label={project.name}>
          <h2>{project.name}</h2>
          {releases.length === 0 ? (
            <p class="hint">No releases.</p>
          ) : (
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Name</th>
                    <th>Environment</th>
                    <th>Date</th>
                    <th>QA lead</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {releases.map((r) => (
                    <tr>
                      <td>
                        <Link href={`/releases/${r.id}`}>{r.version}</Link>
                      </td>
                      <td>{r.name ?? ''}</td>
                      <td>{r.environmentName ?? '—'}</td>
                      <td>{r.releaseDate ?? '—'}</td>
                      <td>{r.qaLead?.name ?? '—'}</td>
                      <td>
                        <Status status={r.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </section>
  );
}
