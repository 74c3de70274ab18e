import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, type StepDetail, type StepsPage } from '../api';
import type { PageProps } from '../main';
import { Link } from '../router';
import { Status } from '../components/Status';
import { stepKey } from './RunPage';

/** One step of a run: request, response, headers, timing, attempt, the checks and the conformance verdict. */
export function StepPage({ params }: PageProps) {
  const [step, setStep] = useState<StepDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      for (const filter of ['?status=failed&size=500', '?size=500']) {
        const page = await get<StepsPage>(`/api/v1/runs/${params.id}/steps${filter}`);
        const found = page.items.find((s) => stepKey(s) === params.index);
        if (found) return setStep(found);
      }
      setError('This step is not among the run’s step details.');
    })().catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [params.id, params.index]);
  return (
    <section>
      <p class="crumbs">
        <Link href="/runs">Runs</Link> › <Link href={`/runs/${params.id}`}>Run</Link> › Step
      </p>
      {error && <p class="error" role="alert">{error}</p>}
      {!step && !error && <p aria-busy="true">Loading…</p>}
      {step && (
        <>
          <h1>
            {step.caseName} <Status status={step.status} />
          </h1>
          <dl class="facts">
            <div><dt>Request</dt><dd><code>{step.method} {step.url}</code></dd></div>
            <div><dt>Response</dt><dd>{step.responseStatus ?? '—'}</dd></div>
            <div><dt>Time</dt><dd>{(step.durationMicros / 1000).toFixed(1)} ms</dd></div>
            <div><dt>Started</dt><dd>{new Date(step.startedAtEpochMs).toLocaleString()}</dd></div>
            <div><dt>Attempt</dt><dd>{step.attempt}</dd></div>
            <div><dt>Data row</dt><dd>{step.rowIndex}</dd></div>
          </dl>
          {step.error && <p class="error">{step.error}</p>}
          {step.failures && step.failures.length > 0 && (
            <section aria-labelledby="checks-title">
              <h2 id="checks-title">Failed checks</h2>
              <table>
                <thead>
                  <tr><th scope="col">Check</th><th scope="col">Expected</th><th scope="col">Actual</th></tr>
                </thead>
                <tbody>
                  {step.failures.map((f) => (
                    <tr><td><code>{f.check}</code></td><td><code>{f.expected}</code></td><td><code>{f.actual}</code></td></tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {step.conformance && (
            <section aria-labelledby="conformance-title">
              <h2 id="conformance-title">Conformance to the specification</h2>
              <p>
                {step.conformance.endpoint} → {step.conformance.response}:{' '}
                {step.conformance.statusDocumented ? 'status documented' : 'status not documented'}
                {step.conformance.bodyConforms === false ? ', body does not conform' : ''}
              </p>
              {step.conformance.violations?.length ? (
                <ul>{step.conformance.violations.map((v) => <li>{v}</li>)}</ul>
              ) : null}
            </section>
          )}
          <div class="two">
            <Exchange title="Request" headers={step.requestHeaders} body={step.requestBody} />
            <Exchange title="Response" headers={step.responseHeaders} body={step.responseBody} />
          </div>
        </>
      )}
    </section>
  );
}

function Exchange(props: { title: string; headers: Record<string, string> | null; body: string | null }) {
  return (
    <section>
      <h2>{props.title}</h2>
      <h3>Headers</h3>
      <pre>{Object.entries(props.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n') || '—'}</pre>
      <h3>Body</h3>
      <pre>{props.body ?? '—'}</pre>
    </section>
  );
}
