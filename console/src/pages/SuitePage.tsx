import type { ComponentChildren } from 'preact';
import { get, type Named, type Run, type SuiteDetail } from '../api';
import type { PageProps } from '../main';
import { BASE, Link, navigate } from '../router';
import { Status } from '../components/Status';
import { LineChart } from '../components/Chart';
import { CaseTable } from '../suites/CaseTable';
import { RunTab } from '../suites/RunTab';
import { TriggersTab } from '../suites/TriggersTab';
import { DataTab } from '../suites/DataTab';
import { ReviewTab } from '../suites/ReviewTab';
import { FlakyTab } from '../suites/FlakyTab';
import { Imports } from '../suites/Imports';
import { mayChange, useLoad } from '../suites/load';
import '../suites/suites.css';

const TABS: [string, string][] = [
  ['cases', 'Cases'],
  ['run', 'Run and plan'],
  ['triggers', 'Schedules and CI'],
  ['data', 'Data sets'],
  ['review', 'Review and versions'],
  ['flaky', 'Flaky and quarantine'],
  ['imports', 'Imports'],
];

/** A suite: its cases, how it runs and is triggered, its data, review and history, flakiness and imports. */
export function SuitePage({ params, query, session }: PageProps) {
  const id = params.id;
  const tab = query.get('tab') ?? 'cases';
  const [suite, error, reload] = useLoad(() => get<SuiteDetail>(`/api/v1/suites/${id}`), [id]);
  const [environments] = useLoad(
    () => (suite ? get<Named[]>(`/api/v1/projects/${suite.projectId}/environments`) : Promise.resolve(null)),
    [suite?.projectId],
  );
  const canChange = mayChange(session);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (suite === null) return <p aria-busy="true">Loading…</p>;
  let body: ComponentChildren = null;
  const envs = environments ?? [];
  if (tab === 'cases')
    body = (
      <>
        {canChange && suite.status !== 'ARCHIVED' && (
          <p>
            <Link href={`/suites/${id}/cases/new`}>New case</Link>
          </p>
        )}
        <CaseTable base={`/suites/${id}`} query={query} suiteId={id} projectId={suite.projectId} />
      </>
    );
  else if (tab === 'run') body = <RunTab suite={suite} environments={envs} canChange={canChange} />;
  else if (tab === 'triggers') body = <TriggersTab suite={suite} environments={envs} canChange={canChange} />;
  else if (tab === 'data') body = <DataTab suite={suite} canChange={canChange} />;
  else if (tab === 'review') body = <ReviewTab suite={suite} canChange={canChange} onChanged={reload} />;
  else if (tab === 'flaky') body = <FlakyTab suite={suite} canChange={canChange} />;
  else if (tab === 'imports') body = <Imports suite={suite} canChange={canChange} onChanged={reload} />;

  return (
    <section>
      <p class="crumbs">
        <Link href="/suites">Suites</Link> ›
      </p>
      <div class="title-row">
        <h1>
          {suite.name} <Status status={suite.status} />
        </h1>
        <span class="hint">version {suite.version}</span>
      </div>
      {suite.description && <p>{suite.description}</p>}
      <Trend suiteId={id} />
      <nav class="tabs" aria-label="Suite">
        {TABS.map(([key, label]) => (
          <TabLink href={`/suites/${id}?tab=${key}`} current={tab === key}>
            {label}
          </TabLink>
        ))}
      </nav>
      {body}
    </section>
  );
}

/** Pass rate and p95 over the suite's last finished runs, oldest first. */
function Trend({ suiteId }: { suiteId: string }) {
  const [runs] = useLoad(() => get<Run[]>(`/api/v1/suites/${suiteId}/runs?limit=30`), [suiteId]);
  const finished = (runs ?? []).filter((r) => r.finishedAt && r.totals.done > 0).reverse();
  if (finished.length < 2) return null;
  return (
    <div class="charts" aria-label="Last runs">
      <LineChart label={`Pass rate, last ${finished.length} runs`} unit="%"
        values={finished.map((r) => (100 * (r.totals.passed + r.totals.flaky)) / r.totals.done)} />
      <LineChart label="p95 latency" unit="ms" values={finished.map((r) => r.latency?.p95Ms ?? 0)} />
    </div>
  );
}

function TabLink(props: { href: string; current: boolean; children: ComponentChildren }) {
  return (
    <a
      href={BASE + props.href}
      aria-current={props.current ? 'page' : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
