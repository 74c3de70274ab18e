// What runs the suite without a person: cron schedules (with their next fire times) and the
// project's CI hooks (their URL; the secret is shown once, when made).
import { useState } from 'preact/hooks';
import { ApiError, del, get, message, patch, post, type Hook, type Named, type Schedule, type SuiteDetail } from '../api';
import { Link } from '../router';
import { Status } from '../components/Status';
import { time } from '../format';
import { fieldErrors, useLoad } from './load';

export function TriggersTab(props: { suite: SuiteDetail; environments: Named[]; canChange: boolean }) {
  return (
    <div class="stack">
      <Schedules {...props} />
      <Hooks projectId={props.suite.projectId} canChange={props.canChange} />
    </div>
  );
}

function Schedules({ suite, environments, canChange }: { suite: SuiteDetail; environments: Named[]; canChange: boolean }) {
  // the list has no last runs; each schedule's own answer has them (a suite has a few schedules)
  const [schedules, error, reload] = useLoad(async () => {
    const list = await get<Schedule[]>(`/api/v1/suites/${suite.id}/schedules`);
    return Promise.all(list.map((s, i) => (i < 20 ? get<Schedule>(`/api/v1/schedules/${s.id}`) : s)));
  }, [suite.id]);
  const [actionError, setActionError] = useState<string | null>(null);
  const envName = (id: string) => environments.find((e) => e.id === id)?.name ?? id;
  const act = async (call: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await call();
      reload();
    } catch (e) {
      setActionError(message(e));
    }
  };
  return (
    <section aria-labelledby="schedules-title">
      <h2 id="schedules-title">Schedules</h2>
      {suite.status !== 'READY' && (
        <p class="hint">The suite is {suite.status}: schedules run it only if they run unready suites.</p>
      )}
      {(error || actionError) && <p class="error" role="alert">{error ?? actionError}</p>}
      {schedules === null ? (
        <p aria-busy="true">Loading…</p>
      ) : schedules.length === 0 ? (
        <p>No schedules.</p>
      ) : (
        <div class="scroll">
          <table aria-label="Schedules">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">When</th>
                <th scope="col">Environment</th>
                <th scope="col">Next fire times</th>
                <th scope="col">Last runs</th>
                {canChange && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr>
                  <td>
                    {s.name}
                    {!s.enabled && <small class="hint"> (paused)</small>}
                    {s.lastError && <p class="error">{s.lastError}</p>}
                  </td>
                  <td>
                    <code>{s.cron}</code> <small class="hint">{s.timeZone}</small>
                  </td>
                  <td>{envName(s.environmentId)}</td>
                  <td>
                    {s.nextFireTimes.length === 0 ? (
                      '—'
                    ) : (
                      <ol class="plain">
                        {s.nextFireTimes.map((t) => (
                          <li>
                            <time dateTime={t}>{time(t)}</time>
                          </li>
                        ))}
                      </ol>
                    )}
                  </td>
                  <td>
                    {(s.lastRuns ?? []).slice(0, 3).map((r) => (
                      <div>
                        <Link href={`/runs/${r.id}`}>
                          <Status status={r.status} />
                        </Link>{' '}
                        <small>{time(r.scheduledFor)}</small>
                      </div>
                    ))}
                  </td>
                  {canChange && (
                    <td>
                      <div class="actions">
                        <button type="button" onClick={() => act(() => post(`/api/v1/schedules/${s.id}/${s.enabled ? 'pause' : 'resume'}`))}>
                          {s.enabled ? 'Pause' : 'Resume'}
                        </button>
                        <button type="button" class="danger" aria-label={`Delete schedule ${s.name}`}
                          onClick={() => confirm(`Delete the schedule ${s.name}?`) && act(() => del(`/api/v1/schedules/${s.id}`))}>
                          Delete
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canChange && environments.length > 0 && <NewSchedule suiteId={suite.id} environments={environments} onMade={reload} />}
    </section>
  );
}

function NewSchedule({ suiteId, environments, onMade }: { suiteId: string; environments: Named[]; onMade: () => void }) {
  const [form, setForm] = useState({
    name: '',
    cron: '0 2 * * 1-5',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    environmentId: environments[0].id,
    runUnreadySuites: false,
  });
  const [error, setError] = useState<unknown>(null);
  const fields = ['name', 'cron', 'timeZone', 'environmentId'];
  const { byField, rest } = fieldErrors(error, fields);
  const set = (key: string, value: unknown) => setForm({ ...form, [key]: value });
  const input = (key: 'name' | 'cron' | 'timeZone', label: string) => (
    <label>
      {label}
      <input value={form[key]} onInput={(e) => set(key, e.currentTarget.value)} aria-invalid={byField[key] ? 'true' : undefined}
        aria-describedby={byField[key] ? `schedule-${key}-error` : undefined} />
      {byField[key] && <p class="field-error" id={`schedule-${key}-error`}>{byField[key]}</p>}
    </label>
  );
  return (
    <form
      class="grid-form"
      aria-label="New schedule"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await post(`/api/v1/suites/${suiteId}/schedules`, { ...form, enabled: true });
          setError(null);
          setForm({ ...form, name: '' });
          onMade();
        } catch (err) {
          setError(err);
        }
      }}
    >
      {input('name', 'Schedule name')}
      {input('cron', 'Cron (5 fields, 6 with seconds, or @daily)')}
      {input('timeZone', 'Time zone')}
      <label>
        Environment
        <select value={form.environmentId} onChange={(e) => set('environmentId', e.currentTarget.value)}>
          {environments.map((env) => (
            <option value={env.id}>{env.name}</option>
          ))}
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={form.runUnreadySuites} onChange={(e) => set('runUnreadySuites', e.currentTarget.checked)} />
        Run it while the suite is not READY
      </label>
      <div>
        <button type="submit">Add schedule</button>
      </div>
      {rest.length > 0 && <p class="error wide" role="alert">{rest.join('; ')}</p>}
    </form>
  );
}

function Hooks({ projectId, canChange }: { projectId: string; canChange: boolean }) {
  const [hooks, error, reload] = useLoad(() => get<Hook[]>(`/api/v1/projects/${projectId}/hooks`), [projectId]);
  const [made, setMade] = useState<Hook | null>(null);
  const [name, setName] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const act = async (call: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await call();
      reload();
    } catch (e) {
      setActionError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <section aria-labelledby="hooks-title">
      <h2 id="hooks-title">CI hooks of the project</h2>
      <p class="hint">
        A CI job signs its delivery with the hook's secret and names the suite and environment (see the API's “CI
        webhooks”).
      </p>
      {(error || actionError) && <p class="error" role="alert">{error ?? actionError}</p>}
      {made?.secret && (
        <div class="secret" role="status">
          The secret of <strong>{made.name}</strong>, shown this once: <code>{made.secret}</code>
        </div>
      )}
      {hooks && hooks.length === 0 && <p>No hooks.</p>}
      {hooks && hooks.length > 0 && (
        <div class="scroll">
          <table aria-label="CI hooks">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">URL</th>
                <th scope="col">Unready suites</th>
                <th scope="col">Made</th>
                {canChange && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {hooks.map((h) => (
                <tr>
                  <td>{h.name}</td>
                  <td class="cell">
                    <code>{h.url}</code>
                  </td>
                  <td>{h.runUnreadySuites ? 'runs them' : 'refuses them'}</td>
                  <td>{time(h.createdAt)}</td>
                  {canChange && (
                    <td>
                      <div class="actions">
                        <button type="button"
                          onClick={() => act(() => patch(`/api/v1/hooks/${h.id}`, { runUnreadySuites: !h.runUnreadySuites }))}>
                          {h.runUnreadySuites ? 'Refuse unready' : 'Run unready'}
                        </button>
                        <button type="button" class="danger" aria-label={`Delete hook ${h.name}`}
                          onClick={() => confirm(`Delete the hook ${h.name}?`) && act(() => del(`/api/v1/hooks/${h.id}`))}>
                          Delete
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canChange && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            act(async () => {
              setMade(await post<Hook>(`/api/v1/projects/${projectId}/hooks`, { name }));
              setName('');
            });
          }}
        >
          <label>
            Hook name
            <input value={name} required onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <button type="submit">Add hook</button>
        </form>
      )}
    </section>
  );
}
