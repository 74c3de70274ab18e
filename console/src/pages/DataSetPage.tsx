import { useState } from 'preact/hooks';
import { del, get, message, put, type DataSet, type SuiteDetail } from '../api';
import type { PageProps } from '../main';
import { Link, navigate } from '../router';
import { number, time } from '../format';
import { mayChange, useLoad } from '../suites/load';
import '../suites/suites.css';

const PAGE = 100;

/** A data set's rows as a table (a page at a time), enabled or not, deleted. */
export function DataSetPage({ params, query, session }: PageProps) {
  const [loaded, error, reload] = useLoad(async () => {
    const d = await get<DataSet>(`/api/v1/data-sets/${params.id}`);
    return { d, suite: await get<SuiteDetail>(`/api/v1/suites/${d.suiteId}`) };
  }, [params.id]);
  const [actionError, setActionError] = useState<string | null>(null);
  const offset = Math.max(0, Number(query.get('offset') ?? 0));
  if (error) return <p class="error" role="alert">{error}</p>;
  if (!loaded) return <p aria-busy="true">Loading…</p>;
  const { d, suite } = loaded;
  const columns = [...new Set(d.rows.flatMap((r) => Object.keys(r)))];
  const rows = d.rows.slice(offset, offset + PAGE);
  const canChange = mayChange(session) && suite.status !== 'ARCHIVED';
  const act = async (call: () => Promise<unknown>, after: () => void) => {
    setActionError(null);
    try {
      await call();
      after();
    } catch (e) {
      setActionError(message(e));
    }
  };
  return (
    <section>
      <p class="crumbs">
        <Link href="/suites">Suites</Link> › <Link href={`/suites/${suite.id}?tab=data`}>{suite.name}</Link> ›
      </p>
      <div class="title-row">
        <h1>{d.name}</h1>
        {canChange && (
          <div class="actions">
            <button type="button"
              onClick={() => act(() => put(`/api/v1/data-sets/${d.id}`, { name: d.name, enabled: !d.enabled, rows: d.rows }), reload)}>
              {d.enabled ? 'Disable' : 'Enable'}
            </button>
            <button type="button" class="danger"
              onClick={() => confirm(`Delete the data set ${d.name}?`) &&
                act(() => del(`/api/v1/data-sets/${d.id}`), () => navigate(`/suites/${suite.id}?tab=data`))}>
              Delete
            </button>
          </div>
        )}
      </div>
      <p class="hint">
        {number(d.rowCount)} rows, {columns.length} columns, {d.enabled ? 'enabled' : 'disabled'}, changed {time(d.updatedAt)}
      </p>
      {actionError && <p class="error" role="alert">{actionError}</p>}
      <div class="scroll">
        <table aria-label={`Rows of ${d.name}`}>
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              {columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr>
                <td class="num">{offset + i + 1}</td>
                {columns.map((c) => (
                  <td class="cell">{r[c] === undefined ? '' : typeof r[c] === 'string' ? r[c] : JSON.stringify(r[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.rowCount > PAGE && (
        <div class="actions">
          <button type="button" disabled={offset === 0} onClick={() => navigate(`/data-sets/${d.id}?offset=${Math.max(0, offset - PAGE)}`)}>
            Previous rows
          </button>
          <button type="button" disabled={offset + PAGE >= d.rowCount} onClick={() => navigate(`/data-sets/${d.id}?offset=${offset + PAGE}`)}>
            Next rows
          </button>
        </div>
      )}
    </section>
  );
}
