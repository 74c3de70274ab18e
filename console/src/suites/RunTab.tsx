// Trigger a run in an environment, and first see what it would make: chains, rows, work items, steps.
import { useState } from 'preact/hooks';
import { get, message, post, type Named, type RunPlan, type SuiteDetail } from '../api';
import { Link, navigate } from '../router';
import { number } from '../format';

export function RunTab(props: { suite: SuiteDetail; environments: Named[]; canChange: boolean }) {
  const { suite, environments } = props;
  const [environment, setEnvironment] = useState('');
  const env = environment || environments[0]?.id || '';
  const [plan, setPlan] = useState<RunPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (environments.length === 0) return <p>The project has no environment to run in yet.</p>;

  const showPlan = async () => {
    setError(null);
    setBusy(true);
    try {
      setPlan(await get<RunPlan>(`/api/v1/suites/${suite.id}/plan?environment=${env}`));
    } catch (e) {
      setPlan(null);
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const run = async () => {
    setError(null);
    try {
      const started = await post<{ runId: string }>(`/api/v1/suites/${suite.id}/runs`, { environmentId: env });
      navigate(`/runs/${started.runId}`);
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <div class="stack">
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          Environment
          <select value={env} onChange={(e) => {
            setEnvironment(e.currentTarget.value);
            setPlan(null);
          }}>
            {environments.map((e) => (
              <option value={e.id}>{e.name}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={showPlan} disabled={busy}>
          Show the plan
        </button>
        {props.canChange && suite.status !== 'ARCHIVED' && (
          <button type="button" onClick={run}>
            Run {suite.name}
          </button>
        )}
        <Link href={`/runs?suite=${suite.id}`}>Runs of this suite</Link>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {plan && <Plan plan={plan} />}
    </div>
  );
}

function Plan({ plan }: { plan: RunPlan }) {
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">What a run would make now</h2>
      <dl class="facts">
        <div>
          <dt>Chains</dt>
          <dd>{number(plan.chains.length)}</dd>
        </div>
        <div>
          <dt>Data rows</dt>
          <dd>{number(plan.dataRows)}</dd>
        </div>
        <div>
          <dt>Work items</dt>
          <dd data-testid="plan-work-items">{number(plan.workItems)}</dd>
        </div>
        <div>
          <dt>Steps</dt>
          <dd>{number(plan.steps)}</dd>
        </div>
        <div>
          <dt>Partitions</dt>
          <dd>{number(plan.partitions)}</dd>
        </div>
      </dl>
      {plan.setup.length > 0 && (
        <p>
          <strong>Setup, once first:</strong> {plan.setup.map((c) => c.name).join(', ')}
        </p>
      )}
      <div class="scroll">
        <table aria-label="Chains">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Cases, in order</th>
              <th scope="col" class="num">Rows</th>
            </tr>
          </thead>
          <tbody>
            {plan.chains.slice(0, 200).map((chain, i) => (
              <tr>
                <td class="num">{i + 1}</td>
                <td class="cell">
                  {chain.map((c, j) => (
                    <>
                      {j > 0 && ' → '}
                      <Link href={`/cases/${c.id}`}>{c.name}</Link>
                    </>
                  ))}
                </td>
                <td class="num">{number(plan.chainRows[i] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.chains.length > 200 && <p class="hint">The first 200 of {number(plan.chains.length)} chains.</p>}
      {plan.teardown.length > 0 && (
        <p>
          <strong>Teardown, once last:</strong> {plan.teardown.map((c) => c.name).join(', ')}
        </p>
      )}
    </section>
  );
}
