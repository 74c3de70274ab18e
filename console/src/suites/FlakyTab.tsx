// Flake scores of the suite's cases over their last runs, and the quarantine: a quarantined case still
// runs, but its failures do not fail the verdict.
import { useState } from 'preact/hooks';
import { del, get, message, put, type Flakiness, type Quarantined, type SuiteDetail } from '../api';
import { Link } from '../router';
import { time } from '../format';
import { useLoad } from './load';

export function FlakyTab({ suite, canChange }: { suite: SuiteDetail; canChange: boolean }) {
  const [runs, setRuns] = useState(20);
  const [scores, error, reload] = useLoad(
    () => get<Flakiness[]>(`/api/v1/suites/${suite.id}/flakiness?runs=${runs}`),
    [suite.id, runs],
  );
  const [quarantined, qError, reloadQ] = useLoad(() => get<Quarantined[]>(`/api/v1/suites/${suite.id}/quarantine`), [suite.id]);
  const [actionError, setActionError] = useState<string | null>(null);
  const act = async (call: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await call();
      reload();
      reloadQ();
    } catch (e) {
      setActionError(message(e));
    }
  };
  const quarantine = (caseId: string, name: string) => {
    const reason = prompt(`Why is ${name} quarantined?`, 'flaky');
    if (reason !== null) act(() => put(`/api/v1/suites/${suite.id}/quarantine/${caseId}`, { reason }));
  };
  const sorted = [...(scores ?? [])].sort((a, b) => b.score - a.score);
  return (
    <div class="stack">
      {(error || qError || actionError) && <p class="error" role="alert">{error ?? qError ?? actionError}</p>}
      <section aria-labelledby="quarantine-title">
        <h2 id="quarantine-title">Quarantined</h2>
        {quarantined && quarantined.length === 0 && <p>No case is quarantined.</p>}
        {quarantined && quarantined.length > 0 && (
          <ul>
            {quarantined.map((q) => (
              <li>
                <Link href={`/cases/${q.caseId}`}>{q.name}</Link> since {time(q.since)}
                {q.reason && <> — {q.reason}</>}{' '}
                {canChange && (
                  <button type="button" class="danger" onClick={() => act(() => del(`/api/v1/suites/${suite.id}/quarantine/${q.caseId}`))}>
                    Lift
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="flaky-title">
        <div class="title-row">
          <h2 id="flaky-title">Flake scores</h2>
          <label>
            Over the last runs
            <select value={runs} onChange={(e) => setRuns(Number(e.currentTarget.value))}>
              {[10, 20, 50].map((n) => (
                <option value={n}>{n}</option>
              ))}
            </select>
          </label>
        </div>
        <p class="hint">The share of consecutive runs where a case's outcome flipped; 0.3 or more over 5 runs is worth a quarantine.</p>
        {scores && scores.length === 0 && <p>No finished runs to score.</p>}
        {sorted.length > 0 && (
          <div class="scroll">
            <table aria-label="Flake scores">
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col" class="num">Score</th>
                  <th scope="col" class="num">Runs</th>
                  <th scope="col" class="num">Failed</th>
                  <th scope="col" class="num">Flips</th>
                  <th scope="col" class="num">Passed on retry</th>
                  <th scope="col">Quarantine</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((f) => (
                  <tr>
                    <td class="cell">
                      <Link href={`/cases/${f.caseId}`}>{f.name}</Link>
                      {f.suggested && !f.quarantined && <strong> suggested for quarantine</strong>}
                    </td>
                    <td class="num score">
                      {f.score.toFixed(2)}
                      <span class="bar-score" style={{ width: `${Math.round(f.score * 40)}px` }} aria-hidden="true" />
                    </td>
                    <td class="num">{f.runs}</td>
                    <td class="num">{f.failedRuns}</td>
                    <td class="num">{f.flips}</td>
                    <td class="num">{f.flakyRuns}</td>
                    <td>
                      {f.quarantined
                        ? 'quarantined'
                        : canChange && (
                            <button type="button" onClick={() => quarantine(f.caseId, f.name)}>
                              Quarantine
                            </button>
                          )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
