import { useEffect, useState } from 'preact/hooks';
import {
  api,
  ApiError,
  EXECUTION_STATUSES,
  get,
  post,
  type Approval,
  type ApprovalStatus,
  type ExecutionStatus,
  type Release,
  type ReleaseCase,
  type ReleaseChange,
  type ReleaseDashboard,
  type Session,
} from '../api';
import type { PageProps } from '../main';
import { Link } from '../router';
import { Status } from '../components/Status';
import { GroupBars, StackedBar, type Segment } from '../components/Bars';
import { duration, time } from '../format';
import '../pages.css';

const words = (s: string) => s.toLowerCase().replace(/[_-]/g, ' ');
const ROLES: Record<string, string> = {
  QA_LEAD: 'QA lead',
  DEV_LEAD: 'Dev lead',
  PRODUCT_MANAGER: 'Product manager',
  RELEASE_MANAGER: 'Release manager',
};
const label = (s: string) => ROLES[s] ?? words(s).replace(/^./, (c) => c.toUpperCase());
const message = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

function segments(byStatus: Partial<Record<ExecutionStatus, number>>): Segment[] {
  return EXECUTION_STATUSES.map((s) => ({ key: s, label: label(s), value: byStatus[s] ?? 0 }));
}

/**
 * A release: its gate's verdict, the dashboard (cases by status and by module, failures with their
 * defects), approvals decided here by the person whose role it is, every case with the statuses
 * set by hand here, the history and the readiness report. The API decides every change; a refusal
 * is shown where it was asked for.
 */
export function ReleasePage({ params, session }: PageProps) {
  const id = params.id;
  const [dashboard, setDashboard] = useState<ReleaseDashboard | null>(null);
  const [cases, setCases] = useState<ReleaseCase[] | null>(null);
  const [history, setHistory] = useState<ReleaseChange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shipProblem, setShipProblem] = useState<string | null>(null);
  const mayChange = session.role === 'TESTER' || session.role === 'ADMIN';

  const load = async () => {
    try {
      const [d, c, h] = await Promise.all([
        get<ReleaseDashboard>(`/api/v1/releases/${id}/dashboard`),
        get<ReleaseCase[]>(`/api/v1/releases/${id}/cases`),
        get<ReleaseChange[]>(`/api/v1/releases/${id}/history?limit=500`),
      ]);
      setDashboard(d);
      setCases(c);
      setHistory(h);
      setError(null);
    } catch (e) {
      setError(message(e));
    }
  };
  useEffect(() => {
    setDashboard(null);
    load();
  }, [id]);

  if (error && !dashboard) {
    return (
      <section>
        <h1>Release</h1>
        <p class="error" role="alert">{error}</p>
      </section>
    );
  }
  if (!dashboard) return <p aria-busy="true">Loading…</p>;
  const r = dashboard.release;
  const open = r.status !== 'SHIPPED' && r.status !== 'CANCELLED';

  return (
    <section class="release">
      <p class="crumbs">
        <Link href="/releases">Releases</Link>
      </p>
      <div class="title-row">
        <h1>
          {r.version} {r.name && <small class="hint">{r.name}</small>} <Status status={r.status} />
        </h1>
        <div class="actions">
          <a class="button-link" href={`/api/v1/releases/${id}/report.html`} target="_blank" rel="noopener">
            Readiness report
          </a>
          <a class="button-link" href={`/api/v1/releases/${id}/report.pdf`} download>
            PDF
          </a>
        </div>
      </div>
      <dl class="facts">
        <div>
          <dt>Environment</dt>
          <dd>{r.environmentName ?? '—'}</dd>
        </div>
        <div>
          <dt>Release date</dt>
          <dd>{r.releaseDate ?? '—'}</dd>
        </div>
        <div>
          <dt>QA lead</dt>
          <dd>{r.qaLead?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{r.owner?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>Cases</dt>
          <dd data-testid="total">{dashboard.total}</dd>
        </div>
        <div>
          <dt>Pass rate</dt>
          <dd>{dashboard.passRate === null ? '—' : `${dashboard.passRate} %`}</dd>
        </div>
      </dl>

      <section aria-labelledby="gate-title" class={`gate ${dashboard.gate.open ? 'gate-open' : 'gate-closed'}`}>
        <h2 id="gate-title">Gate</h2>
        <p class="verdict" data-testid="gate">
          {dashboard.gate.open ? 'Open: the release may be marked ready to ship' : 'Closed'}
        </p>
        {dashboard.gate.reasons.length > 0 && (
          <ul class="reasons">
            {dashboard.gate.reasons.map((reason) => (
              <li>
                <code>{reason.code}</code> {reason.message}
              </li>
            ))}
          </ul>
        )}
        <p class="hint">
          It asks for{' '}
          {[
            ...dashboard.gate.gate.requiredRoles.map((role) => `${label(role)} approval`),
            dashboard.gate.gate.noFailedOrBlocked ? 'no case failed or blocked' : null,
            dashboard.gate.gate.allowNotStarted ? null : 'every case run',
            dashboard.gate.gate.minPassRate === null ? null : `a pass rate of ${dashboard.gate.gate.minPassRate} %`,
          ]
            .filter(Boolean)
            .join(', ') || 'nothing'}
          .
        </p>
        {mayChange && (r.status === 'PLANNED' || r.status === 'IN_PROGRESS') && (
          <button
            type="button"
            onClick={async () => {
              try {
                await post(`/api/v1/releases/${id}/ready`);
                setShipProblem(null);
              } catch (e) {
                setShipProblem(message(e));
              }
              load();
            }}
          >
            Mark ready to ship
          </button>
        )}
        {shipProblem && (
          <p class="error" role="alert">
            {shipProblem}
          </p>
        )}
      </section>

      <section aria-labelledby="dashboard-title">
        <h2 id="dashboard-title">Dashboard</h2>
        <div class="two">
          <StackedBar label="Cases by status" segments={segments(dashboard.byStatus)} />
          <GroupBars
            label="Cases by module"
            groups={dashboard.byModule.map((m) => ({ name: m.module ?? 'No module', segments: segments(m.byStatus) }))}
          />
        </div>
        <h3>Failures and their defects</h3>
        {dashboard.failures.length === 0 ? (
          <p class="hint">No case failed or is blocked.</p>
        ) : (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Case</th>
                  <th>Status</th>
                  <th>Defects</th>
                  <th>Comment</th>
                </tr>
              </thead>
              <tbody>
                {dashboard.failures.map((f) => (
                  <tr class="row-failed">
                    <td>
                      {f.readableId && <code>{f.readableId}</code>} {f.name}
                    </td>
                    <td>
                      <Status status={f.status} />
                    </td>
                    <td>{(f.defects ?? []).join(', ') || '—'}</td>
                    <td>{f.comment ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Approvals
        releaseId={id}
        approvals={dashboard.approvals}
        session={session}
        open={open}
        assigns={assigns(dashboard.release, session)}
        onChange={load}
      />

      <Cases releaseId={id} cases={cases ?? []} mayChange={mayChange && open} onChange={load} />

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <div class="scroll">
          <table class="history">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Before</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {(history ?? [])
                .slice()
                .reverse()
                .map((h) => (
                  <tr>
                    <td class="num">{time(h.at)}</td>
                    <td>{h.person ? h.person.name : h.runId ? <Link href={`/runs/${h.runId}`}>a run</Link> : '—'}</td>
                    <td>
                      {words(h.action)} {h.subject && <code>{h.subject}</code>}
                    </td>
                    <td>
                      <Value value={h.before} />
                    </td>
                    <td>
                      <Value value={h.after} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}

/** A history value: a word as it is, anything else as compact JSON. */
function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span class="hint">—</span>;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return <>{String(value)}</>;
  return <code class="json">{JSON.stringify(value)}</code>;
}

const DECISIONS: [ApprovalStatus, string][] = [
  ['APPROVED', 'Approve'],
  ['REJECTED', 'Reject'],
  ['CHANGES_REQUESTED', 'Request changes'],
];

/** Whether the signed-in person may decide: their role, or nobody's and they may change things. */
function decides(a: Approval, session: Session) {
  const tester = session.role === 'TESTER' || session.role === 'ADMIN';
  return tester && (a.holder === null || a.holder.id === session.user?.id);
}

/** Whether the signed-in person gives the approval roles: the release's owner, its QA lead, an ADMIN. */
function assigns(release: Release, session: Session) {
  const me = session.user?.id;
  return session.role === 'ADMIN' || (!!me && (release.owner?.id === me || release.qaLead?.id === me));
}

function Approvals(props: {
  releaseId: string;
  approvals: Approval[];
  session: Session;
  open: boolean;
  assigns: boolean;
  onChange: () => void;
}) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const [comments, setComments] = useState<Record<string, string>>({});
  const [people, setPeople] = useState<{ id: string; name: string; role: string; active: boolean }[]>([]);
  useEffect(() => {
    if (props.assigns && props.open) {
      get<{ id: string; name: string; role: string; active: boolean }[]>('/api/v1/users?limit=500')
        .then((all) => setPeople(all.filter((p) => p.active && p.role !== 'VIEWER')))
        .catch((e) => setRefusal(message(e)));
    }
  }, [props.assigns, props.open]);
  const assign = async (a: Approval, userId: string) => {
    try {
      await api('PUT', `/api/v1/releases/${props.releaseId}/approvers`, { [a.role]: userId || null });
      setRefusal(null);
    } catch (e) {
      setRefusal(`${label(a.role)}: ${message(e)}`);
    }
    props.onChange();
  };
  const decide = async (a: Approval, status: ApprovalStatus) => {
    try {
      await api('PUT', `/api/v1/releases/${props.releaseId}/approvals/${a.role}`, {
        status,
        comment: comments[a.role] || undefined,
      });
      setRefusal(null);
      setComments({ ...comments, [a.role]: '' });
    } catch (e) {
      setRefusal(`${label(a.role)}: ${message(e)}`);
    }
    props.onChange();
  };
  return (
    <section aria-labelledby="approvals-title">
      <h2 id="approvals-title">Approvals</h2>
      {refusal && (
        <p class="error" role="alert">
          Refused — {refusal}
        </p>
      )}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Role</th>
              <th>Whose</th>
              <th>Status</th>
              <th>Decided by</th>
              <th>Comment</th>
              <th>Decide</th>
            </tr>
          </thead>
          <tbody>
            {props.approvals.map((a) => (
              <tr data-role={a.role}>
                <th scope="row">{label(a.role)}</th>
                <td>
                  {props.assigns && props.open ? (
                    <label>
                      <span class="visually-hidden">Who decides as {label(a.role)}</span>
                      <select value={a.holder?.id ?? ''} onChange={(e) => assign(a, e.currentTarget.value)}>
                        <option value="">any tester</option>
                        {a.holder && !people.some((p) => p.id === a.holder!.id) && (
                          <option value={a.holder.id}>{a.holder.name}</option>
                        )}
                        {people.map((p) => (
                          <option value={p.id}>{p.name}</option>
                        ))}
                      </select>
                    </label>
                  ) : a.holder ? (
                    a.holder.name
                  ) : (
                    <span class="hint">any tester</span>
                  )}
                </td>
                <td>
                  <Status status={a.status} />
                </td>
                <td>
                  {a.approver ? a.approver.name : '—'}
                  {a.decidedAt && <small class="hint"> {time(a.decidedAt)}</small>}
                </td>
                <td>{a.comment ?? ''}</td>
                <td>
                  {!props.open ? (
                    <span class="hint">closed</span>
                  ) : decides(a, props.session) ? (
                    <div class="decide">
                      {a.status === 'PENDING' ? (
                        <>
                          <label>
                            <span class="visually-hidden">Comment for {label(a.role)}</span>
                            <input
                              placeholder="Comment"
                              value={comments[a.role] ?? ''}
                              maxLength={2000}
                              onInput={(e) => setComments({ ...comments, [a.role]: e.currentTarget.value })}
                            />
                          </label>
                          {DECISIONS.map(([status, text]) => (
                            <button
                              type="button"
                              class={status === 'APPROVED' ? '' : 'secondary'}
                              aria-label={`${text} as ${label(a.role)}`}
                              onClick={() => decide(a, status)}
                            >
                              {text}
                            </button>
                          ))}
                        </>
                      ) : (
                        <button type="button" class="secondary" aria-label={`Reopen ${label(a.role)}`}
                          onClick={() => decide(a, 'PENDING')}>
                          Reopen
                        </button>
                      )}
                    </div>
                  ) : (
                    <span class="hint">{a.holder?.name ?? 'a tester'} decides</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Cases(props: { releaseId: string; cases: ReleaseCase[]; mayChange: boolean; onChange: () => void }) {
  const [filter, setFilter] = useState<string>('');
  const [editing, setEditing] = useState<string | null>(null);
  const shown = filter ? props.cases.filter((c) => c.status === filter) : props.cases;
  return (
    <section aria-labelledby="cases-title">
      <div class="title-row">
        <h2 id="cases-title">Cases</h2>
        <label class="inline-label">
          Show
          <select value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
            <option value="">All {props.cases.length}</option>
            {EXECUTION_STATUSES.map((s) => (
              <option value={s}>
                {label(s)} {props.cases.filter((c) => c.status === s).length}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="scroll">
        <table class="cases">
          <thead>
            <tr>
              <th>Case</th>
              <th>Status</th>
              <th>Comment</th>
              <th>Defects</th>
              <th class="num">Duration</th>
              <th>Set by</th>
              {props.mayChange && <th />}
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <>
                <tr class={c.status === 'FAILED' || c.status === 'BLOCKED' ? 'row-failed' : ''}>
                  <td>
                    {c.readableId && <code>{c.readableId}</code>} {c.name}
                    {c.mode === 'MANUAL' && <small class="hint"> manual</small>}
                  </td>
                  <td>
                    <Status status={c.status} />
                  </td>
                  <td>{c.comment ?? ''}</td>
                  <td>{(c.defects ?? []).join(', ')}</td>
                  <td class="num">{duration(c.durationMs)}</td>
                  <td>
                    {c.setBy ? c.setBy.name : c.runId ? <Link href={`/runs/${c.runId}`}>a run</Link> : '—'}
                  </td>
                  {props.mayChange && (
                    <td>
                      <button type="button" class="secondary" aria-expanded={editing === c.caseId}
                        aria-label={`Set ${c.readableId ?? c.name}`}
                        onClick={() => setEditing(editing === c.caseId ? null : c.caseId)}>
                        Set
                      </button>
                    </td>
                  )}
                </tr>
                {editing === c.caseId && (
                  <tr class="editor">
                    <td colSpan={7}>
                      <CaseForm
                        releaseId={props.releaseId}
                        kase={c}
                        onDone={() => {
                          setEditing(null);
                          props.onChange();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** A case's status, comment, defects and duration, set by hand; the API's message beside each field. */
function CaseForm(props: { releaseId: string; kase: ReleaseCase; onDone: () => void }) {
  const c = props.kase;
  const [status, setStatus] = useState<ExecutionStatus>(c.status);
  const [comment, setComment] = useState(c.comment ?? '');
  const [defects, setDefects] = useState((c.defects ?? []).join(', '));
  const [minutes, setMinutes] = useState(c.durationMs === null ? '' : String(c.durationMs / 60000));
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const fieldError = (name: string) => {
    const text = problem?.problem.errors?.find((e) => e.field === name || e.field.startsWith(`${name}[`))?.message;
    return text ? <span class="error">{text}</span> : null;
  };
  return (
    <form
      class="case-form"
      aria-label={`Set ${c.readableId ?? c.name}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const body: Record<string, unknown> = {
          status,
          comment,
          defects: defects.split(/[\s,]+/).filter(Boolean),
        };
        if (minutes.trim() !== '') {
          const n = Number(minutes);
          body.durationMs = Number.isFinite(n) ? Math.round(n * 60000) : minutes;
        }
        try {
          await api('PATCH', `/api/v1/releases/${props.releaseId}/cases/${c.caseId}`, body);
          props.onDone();
        } catch (err) {
          if (err instanceof ApiError && err.problem.errors?.length) setProblem(err);
          else setOther(message(err));
        }
      }}
    >
      <label>
        Status
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as ExecutionStatus)}>
          {EXECUTION_STATUSES.map((s) => (
            <option value={s}>{label(s)}</option>
          ))}
        </select>
        {fieldError('status')}
      </label>
      <label>
        Comment
        <input value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
        {fieldError('comment')}
      </label>
      <label>
        Defects
        <input value={defects} placeholder="CTP-1234, CTP-1240" onInput={(e) => setDefects(e.currentTarget.value)} />
        {fieldError('defects')}
      </label>
      <label>
        Duration (minutes)
        <input value={minutes} inputMode="decimal" onInput={(e) => setMinutes(e.currentTarget.value)} />
        {fieldError('durationMs')}
      </label>
      <div class="actions">
        <button type="submit">Save</button>
        <button type="button" class="secondary" onClick={props.onDone}>
          Cancel
        </button>
      </div>
      {problem && !problem.problem.errors?.some((e) => /^(status|comment|defects|durationMs)\b/.test(e.field)) && (
        <p class="error" role="alert">{problem.message}</p>
      )}
      {other && <p class="error" role="alert">{other}</p>}
    </form>
  );
}
