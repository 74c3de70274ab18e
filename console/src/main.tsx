// The console: who is signed in, the layout, and which page a route shows. A page is a component
// taking its route's parameters; add one by adding a line to ROUTES (and a link in the nav).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import './styles.css';
import { get, whenSignedOut, type Session } from './api';
import { Link, match, navigate, useLocation } from './router';
import { SignIn, signOut } from './pages/SignIn';
import { Invitation } from './pages/Invitation';
import { Runs } from './pages/Runs';
import { RunPage } from './pages/RunPage';
import { StepPage } from './pages/StepPage';
import { Suites } from './pages/Suites';
import { Releases } from './pages/Releases';
import { ReleasePage } from './pages/ReleasePage';
import { Processes } from './pages/Processes';
import { ProcessPage } from './pages/ProcessPage';
import { Operations } from './pages/Operations';
import { People } from './pages/People';
import { SuitePage } from './pages/SuitePage';
import { CasePage, NewCasePage } from './pages/CasePage';
import { DataSetPage } from './pages/DataSetPage';
import { ProjectCases } from './pages/ProjectCases';

export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
  session: Session;
}

const ROUTES: [string, FunctionComponent<PageProps>][] = [
  ['/', Runs],
  ['/runs', Runs],
  ['/runs/:id', RunPage],
  ['/runs/:id/steps/:index', StepPage],
  ['/suites', Suites],
  ['/releases', Releases],
  ['/releases/:id', ReleasePage],
  ['/processes', Processes],
  ['/processes/:id', ProcessPage],
  ['/operations', Operations],
  ['/people', People],
  ['/suites/:id', SuitePage],
  ['/suites/:id/cases/new', NewCasePage],
  ['/cases/:id', CasePage],
  ['/data-sets/:id', DataSetPage],
  ['/projects/:id/cases', ProjectCases],
];

function App() {
  const { path, query } = useLocation();
  const [session, setSession] = useState<Session | null>(null);
  const refresh = () =>
    get<Session>('/api/v1/session')
      .then(setSession)
      .catch(() => setSession({ authenticated: false } as Session));
  useEffect(() => {
    refresh();
    whenSignedOut(() => setSession({ authenticated: false } as Session));
  }, []);

  if (path === '/invitation') return <Invitation />;
  if (session === null) return <main class="centre" aria-busy="true">Loading…</main>;
  if (!session.authenticated) return <SignIn onSignedIn={refresh} />;

  let page = <NotFound />;
  for (const [pattern, Page] of ROUTES) {
    const params = match(pattern, path);
    if (params) {
      page = <Page params={params} query={query} session={session} />;
      break;
    }
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar">
        <Link href="/runs" class="brand">
          Gantry
        </Link>
        <nav aria-label="Main">
          <Link href="/runs" class={path === '/' || path.startsWith('/runs') ? 'current' : ''}>
            Runs
          </Link>
          <Link href="/suites" class={path.startsWith('/suites') ? 'current' : ''}>
            Suites
          </Link>
          <Link href="/releases" class={path.startsWith('/releases') ? 'current' : ''}>Releases</Link>
          <Link href="/processes" class={path.startsWith('/processes') ? 'current' : ''}>Processes</Link>
          {session.role === 'ADMIN' && <Link href="/people" class={path.startsWith('/people') ? 'current' : ''}>People</Link>}
          {session.operator && session.role === 'ADMIN' && <Link href="/operations" class={path.startsWith('/operations') ? 'current' : ''}>Operations</Link>}
        </nav>
        <span class="who">
          {session.user?.name} <small>{session.role}</small>
        </span>
        <button
          type="button"
          class="quiet"
          onClick={async () => {
            await signOut();
            setSession({ authenticated: false } as Session);
            navigate('/runs', true);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing is here. <Link href="/runs">Back to the runs</Link>
      </p>
    </section>
  );
}

render(<App />, document.getElementById('app')!);
