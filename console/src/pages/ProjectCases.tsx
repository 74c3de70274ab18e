import { get, type Named } from '../api';
import type { PageProps } from '../main';
import { Link } from '../router';
import { CaseTable } from '../suites/CaseTable';
import { useLoad } from '../suites/load';
import '../suites/suites.css';

/** All the cases of a project, across its suites, filtered and paged by readable id. */
export function ProjectCases({ params, query }: PageProps) {
  const [loaded, error] = useLoad(async () => {
    const [project, suites] = await Promise.all([
      get<Named>(`/api/v1/projects/${params.id}`),
      get<Named[]>(`/api/v1/projects/${params.id}/suites`),
    ]);
    return { project, suites };
  }, [params.id]);
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!loaded) return <p aria-busy="true">Loading…</p>;
  return (
    <section>
      <p class="crumbs">
        <Link href="/suites">Suites</Link> ›
      </p>
      <h1>Cases of {loaded.project.name}</h1>
      <CaseTable base={`/projects/${params.id}/cases`} query={query} projectId={params.id} suites={loaded.suites} />
    </section>
  );
}
