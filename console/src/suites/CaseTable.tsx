// A table of cases with the API's filters. The filters live in the URL (so a filtered list can be
// shared) and are passed to GET /suites/{id}/cases or GET /projects/{id}/cases as they are.
import { get, type CasePage, type ModuleNode, type Named, type TestCase } from '../api';
import { Link, navigate } from '../router';
import { AUTOMATION, MODES, PRIORITIES, TYPES, useLoad, words } from './load';

const FILTERS = ['tag', 'priority', 'type', 'mode', 'automationStatus', 'link', 'q', 'module', 'suite'];
const PAGE = 50;

export function CaseTable(props: {
  /** the page's path, to which the filters are added */
  base: string;
  query: URLSearchParams;
  suiteId?: string;
  projectId: string;
  suites?: Named[];
}) {
  const { query, base } = props;
  const project = props.suiteId === undefined;
  const offset = Number(query.get('offset') ?? 0);
  const params = new URLSearchParams();
  for (const f of FILTERS) {
    const v = query.get(f);
    if (v && (project || (f !== 'module' && f !== 'suite'))) params.set(f, v);
  }
  if (project) {
    params.set('limit', String(PAGE));
    params.set('offset', String(offset));
  }
  const [page, error] = useLoad<CasePage>(async () => {
    if (!project) {
      const items = await get<TestCase[]>(`/api/v1/suites/${props.suiteId}/cases?${params}`);
      return { items, total: items.length, limit: items.length, offset: 0 };
    }
    return get<CasePage>(`/api/v1/projects/${props.projectId}/cases?${params}`);
  }, [params.toString(), props.suiteId, props.projectId]);
  const [modules] = useLoad(
    () => (project ? get<{ modules: ModuleNode[] }>(`/api/v1/projects/${props.projectId}/modules`) : Promise.resolve(null)),
    [props.projectId, project],
  );

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'offset') next.delete('offset');
    navigate(`${base}?${next}`, true);
  };
  const select = (name: string, label: string, values: string[]) => (
    <label>
      {label}
      <select value={query.get(name) ?? ''} onChange={(e) => setFilter(name, e.currentTarget.value)}>
        <option value="">All</option>
        {values.map((v) => (
          <option value={v}>{words(v)}</option>
        ))}
      </select>
    </label>
  );
  const text = (name: string, label: string) => (
    <label>
      {label}
      <input type="search" value={query.get(name) ?? ''} maxLength={200}
        onChange={(e) => setFilter(name, e.currentTarget.value.trim())} />
    </label>
  );

  return (
    <div class="stack">
      <form class="filters" aria-label="Filter cases" onSubmit={(e) => e.preventDefault()}>
        {text('q', 'Text')}
        {text('tag', 'Tag')}
        {select('priority', 'Priority', PRIORITIES)}
        {select('type', 'Type', TYPES)}
        {select('mode', 'Mode', MODES)}
        {select('automationStatus', 'Automation', AUTOMATION)}
        {text('link', 'Story or defect')}
        {project && props.suites && (
          <label>
            Suite
            <select value={query.get('suite') ?? ''} onChange={(e) => setFilter('suite', e.currentTarget.value)}>
              <option value="">All</option>
              {props.suites.map((s) => (
                <option value={s.id}>{s.name}</option>
              ))}
            </select>
          </label>
        )}
        {project && modules && (
          <label>
            Module
            <select value={query.get('module') ?? ''} onChange={(e) => setFilter('module', e.currentTarget.value)}>
              <option value="">All</option>
              {flatten(modules.modules, 0).map(([m, depth]) => (
                <option value={m.id}>{`${'· '.repeat(depth)}${m.name} (${m.total})`}</option>
              ))}
            </select>
          </label>
        )}
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {page === null ? (
        <p aria-busy="true">Loading…</p>
      ) : page.items.length === 0 ? (
        <p>No cases match.</p>
      ) : (
        <>
          <p class="hint" aria-live="polite">
            {project ? `${offset + 1}–${offset + page.items.length} of ${page.total} cases` : `${page.total} cases`}
          </p>
          <div class="scroll">
            <table aria-label="Cases">
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">Name</th>
                  <th scope="col">Request</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Type</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Automation</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr>
                    <td>
                      <Link href={`/cases/${c.id}`}>{c.readableId}</Link>
                    </td>
                    <td class="cell">
                      {c.name}
                      {!c.enabled && <small class="hint"> (disabled)</small>}
                    </td>
                    <td class="cell">
                      {c.request ? (
                        <code>
                          {c.request.method} {c.request.path}
                        </code>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <span class="tags">
                        {c.tags.map((t) => (
                          <span class="tag">{t}</span>
                        ))}
                      </span>
                    </td>
                    <td>{words(c.priority)}</td>
                    <td>{words(c.type)}</td>
                    <td>{words(c.mode)}</td>
                    <td>{words(c.automationStatus)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {project && page.total > PAGE && (
            <div class="actions">
              <button type="button" disabled={offset === 0} onClick={() => setFilter('offset', String(Math.max(0, offset - PAGE)))}>
                Previous
              </button>
              <button type="button" disabled={offset + PAGE >= page.total}
                onClick={() => setFilter('offset', String(offset + PAGE))}>
                Next
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function flatten(nodes: ModuleNode[], depth: number): [ModuleNode, number][] {
  return nodes.flatMap((n) => [[n, depth] as [ModuleNode, number], ...flatten(n.children ?? [], depth + 1)]);
}
