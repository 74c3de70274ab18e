import { useEffect, useState } from 'preact/hooks';
import {
  api,
  ApiError,
  get,
  post,
  type DeadLetter,
  type HeldPermit,
  type Plan,
  type QueuedRun,
  type TenantSummary,
  type WorkerView,
} from '../api';
import type { PageProps } from '../main';
import { Link } from '../router';
import { Status } from '../components/Status';
import { time } from '../format';
import '../pages.css';

interface Farm {
  tenants: TenantSummary[];
  plans: Plan[];
  queue: QueuedRun[];
  permits: HeldPermit[];
  workers: WorkerView[];
  deadLetters: DeadLetter[];
}

const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/**
 * The farm for its operators: tenants and their plans, the runs waiting for a permit and those
 * holding one, the workers (drained here), and the partition requests no worker could take. Read
 * again every five seconds; the API refuses anyone else, so the page does not even ask for them.
 */
export function Operations({ session }: PageProps) {
  const operator = session.operator && session.role === 'ADMIN';
  const [farm, setFarm] = useState<Farm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    try {
      const [tenants, plans, queue, permits, workers, deadLetters] = await Promise.all([
        get<TenantSummary[]>('/api/v1/admin/tenants?limit=200'),
        get<Plan[]>('/api/v1/admin/plans'),
        get<QueuedRun[]>('/api/v1/admin/queue'),
        get<HeldPermit[]>('/api/v1/admin/permits'),
        get<WorkerView[]>('/api/v1/admin/workers'),
        get<DeadLetter[]>('/api/v1/admin/dead-letters?limit=50'),
      ]);
      setFarm({ tenants, plans, queue, permits, workers, deadLetters });
      setError(null);
    } catch (e) {
      setError(message(e));
    }
  };
  useEffect(() => {
    if (!operator) return;
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, [operator]);

  const act = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      setNotice(done);
    } catch (e) {
      setNotice(null);
      setError(message(e));
    }
    load();
  };

  if (!operator) {
    return (
      <section>
        <h1>Operations</h1>
        <p>The farm's operations are for its operators. <Link href="/runs">Back to the runs</Link></p>
      </section>
    );
  }
  return (
    <section>
      <div class="title-row">
        <h1>Operations</h1>
        <button type="button" class="secondary" onClick={load}>
          Refresh
        </button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p role="status">{notice}</p>}
      {farm === null ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <>
          <section aria-labelledby="workers-title">
            <h2 id="workers-title">Workers</h2>
            {farm.workers.length === 0 ? (
              <p class="hint">No worker has sent a heartbeat lately.</p>
            ) : (
              <div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Worker</th>
                      <th>Host</th>
                      <th>Started</th>
                      <th>Last seen</th>
                      <th class="num">Partitions</th>
                      <th>State</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {farm.workers.map(({ worker: w, drainRequested }) => (
                      <tr data-worker={w.id}>
                        <td>
                          <code>{w.id}</code>
                        </td>
                        <td>{w.host}</td>
                        <td>{time(w.startedAt)}</td>
                        <td>{time(w.lastSeen)}</td>
                        <td class="num">{w.partitions}</td>
                        <td>
                          <Status status={w.draining ? 'DRAINING' : drainRequested ? 'DRAIN_REQUESTED' : 'ACTIVE'} />
                        </td>
                        <td>
                          {drainRequested ? (
                            <button type="button" class="secondary" aria-label={`Resume ${w.id}`}
                              onClick={() => act(() => api('DELETE', `/api/v1/admin/workers/${w.id}/drain`),
                                `${w.id} takes partitions again`)}>
                              Resume
                            </button>
                          ) : (
                            <button type="button" class="danger" aria-label={`Drain ${w.id}`}
                              onClick={() => act(() => post(`/api/v1/admin/workers/${w.id}/drain`),
                                `${w.id} is draining: it finishes its partitions and takes no new ones`)}>
                              Drain
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

          <section aria-labelledby="queue-title">
            <h2 id="queue-title">Admission queue</h2>
            <h3>Waiting for a permit</h3>
            {farm.queue.length === 0 ? (
              <p class="hint" data-testid="queue-empty">No run is waiting.</p>
            ) : (
              <div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th class="num">#</th>
                      <th>Tenant</th>
                      <th>Suite</th>
                      <th>Queued</th>
                      <th>Why</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {farm.queue.map((q) => (
                      <tr>
                        <td class="num">{q.position}</td>
                        <td>{q.tenant}</td>
                        <td>{q.suite}</td>
                        <td>{time(q.queuedAt)}</td>
                        <td>{q.reason}</td>
                        <td>
                          <CancelButton runId={q.runId} act={act} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <h3>Holding a permit</h3>
            {farm.permits.length === 0 ? (
              <p class="hint">No run holds a permit.</p>
            ) : (
              <div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Run</th>
                      <th>Tenant</th>
                      <th>Status</th>
                      <th>Admitted</th>
                      <th>By</th>
                      <th>Lease until</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {farm.permits.map((p) => (
                      <tr>
                        <td>
                          <code>{p.runId.substring(0, 8)}</code>
                        </td>
                        <td>{p.tenant}</td>
                        <td>
                          <Status status={p.status} />
                        </td>
                        <td>{time(p.admittedAt)}</td>
                        <td>{p.admittedBy ?? '—'}</td>
                        <td>{time(p.leaseUntil)}</td>
                        <td>
                          <CancelButton runId={p.runId} act={act} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="tenants-title">
            <h2 id="tenants-title">Tenants</h2>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Tenant</th>
                    <th>Plan</th>
                    <th>Subscription</th>
                    <th class="num">Running</th>
                    <th class="num">Queued</th>
                    <th>Since</th>
                  </tr>
                </thead>
                <tbody>
                  {farm.tenants.map((t) => (
                    <tr>
                      <td>
                        {t.name} {t.operator && <small class="hint">operator</small>}
                      </td>
                      <td>
                        <PlanChoice tenant={t} plans={farm.plans} act={act} />
                      </td>
                      <td>{t.subscription ?? '—'}</td>
                      <td class="num">{t.runsRunning}</td>
                      <td class="num">{t.runsQueued}</td>
                      <td>{time(t.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="plans-title">
            <h2 id="plans-title">Plans</h2>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Plan</th>
                    <th>Limits</th>
                  </tr>
                </thead>
                <tbody>
                  {farm.plans.map((p) => (
                    <tr>
                      <th scope="row">
                        {p.name}
                        {p.description && <div class="hint">{p.description}</div>}
                      </th>
                      <td>
                        {Object.entries(p.limits)
                          .map(([name, value]) => `${name} ${value === null ? 'unlimited' : value.toLocaleString()}`)
                          .join(' · ') || 'unlimited'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="dead-title">
            <h2 id="dead-title">Dead letters</h2>
            {farm.deadLetters.length === 0 ? (
              <p class="hint">No partition request was given up on.</p>
            ) : (
              farm.deadLetters.map((d) => (
                <details class="group">
                  <summary>
                    {time(d.receivedAt)} — {d.reason} ({d.attempts} attempts
                    {d.worker ? `, ${d.worker}` : ''})
                  </summary>
                  <p>
                    Run {d.runId ? <code>{d.runId}</code> : '—'}, partition {d.partitionIndex ?? '—'}{' '}
                    <button type="button" class="danger"
                      onClick={() => act(() => api('DELETE', `/api/v1/admin/dead-letters/${d.id}`), 'Dead letter deleted')}>
                      Delete
                    </button>
                  </p>
                  {d.body && <pre>{d.body}</pre>}
                </details>
              ))
            )}
          </section>
        </>
      )}
    </section>
  );
}

type Act = (what: () => Promise<unknown>, done: string) => void;

function CancelButton({ runId, act }: { runId: string; act: Act }) {
  return (
    <button type="button" class="danger" aria-label={`Cancel run ${runId}`}
      onClick={() => confirm('Cancel this run?') && act(() => post(`/api/v1/admin/runs/${runId}/cancel`), 'Run cancelled')}>
      Cancel
    </button>
  );
}

function PlanChoice({ tenant, plans, act }: { tenant: TenantSummary; plans: Plan[]; act: Act }) {
  return (
    <label class="inline-label">
      <span class="visually-hidden">Plan of {tenant.name}</span>
      <select
        value={tenant.plan}
        onChange={(e) => {
          const plan = e.currentTarget.value;
          act(() => api('PUT', `/api/v1/admin/tenants/${tenant.id}/subscription`, { plan }),
            `${tenant.name} is on ${plan} from its next run`);
        }}
      >
        {plans.map((p) => (
          <option value={p.name}>{p.name}</option>
        ))}
      </select>
    </label>
  );
}
