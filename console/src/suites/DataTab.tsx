// A suite's data sets: each with its rows counted, a link to its table, and a CSV upload that makes one.
import { useState } from 'preact/hooks';
import { get, upload, type DataSet, type SuiteDetail } from '../api';
import { Link, navigate } from '../router';
import { number, time } from '../format';
import { fieldErrors, useLoad } from './load';

export function DataTab({ suite, canChange }: { suite: SuiteDetail; canChange: boolean }) {
  const [sets, error] = useLoad(() => get<DataSet[]>(`/api/v1/suites/${suite.id}/data-sets`), [suite.id]);
  return (
    <div class="stack">
      {error && <p class="error" role="alert">{error}</p>}
      {sets === null ? (
        <p aria-busy="true">Loading…</p>
      ) : sets.length === 0 ? (
        <p>No data sets: every chain runs once.</p>
      ) : (
        <div class="scroll">
          <table aria-label="Data sets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" class="num">Rows</th>
                <th scope="col">Enabled</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {sets.map((d) => (
                <tr>
                  <td>
                    <Link href={`/data-sets/${d.id}`}>{d.name}</Link>
                  </td>
                  <td class="num">{number(d.rowCount)}</td>
                  <td>{d.enabled ? 'yes' : 'no'}</td>
                  <td>{time(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canChange && suite.status !== 'ARCHIVED' && <CsvUpload suiteId={suite.id} />}
    </div>
  );
}

/** A CSV file (header line first) as a new data set: POST /suites/{id}/data-sets/csv?name=. */
function CsvUpload({ suiteId }: { suiteId: string }) {
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { byField, rest } = fieldErrors(error, ['name']);
  return (
    <form
      class="grid-form"
      aria-labelledby="csv-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return;
        setBusy(true);
        try {
          const made = await upload<DataSet>(
            `/api/v1/suites/${suiteId}/data-sets/csv?name=${encodeURIComponent(name || file.name.replace(/\.csv$/i, ''))}`,
            file,
            'text/csv',
          );
          navigate(`/data-sets/${made.id}`);
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="csv-title" class="wide">
        Upload a CSV data set
      </h2>
      <label>
        Data set name
        <input value={name} placeholder="the file's name" onInput={(e) => setName(e.currentTarget.value)}
          aria-invalid={byField.name ? 'true' : undefined} />
        {byField.name && <p class="field-error">{byField.name}</p>}
      </label>
      <label>
        CSV file (header line first)
        <input type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </label>
      <div>
        <button type="submit" disabled={busy || !file}>
          Upload CSV
        </button>
      </div>
      {rest.length > 0 && <p class="error wide" role="alert">{rest.join('; ')}</p>}
    </form>
  );
}
