// A suite's status and review (DRAFT → review → READY; ARCHIVED keeps it for its history) and its versions.
import { useState } from 'preact/hooks';
import { get, message, patch, post, type SuiteDetail, type SuiteVersion } from '../api';
import { Status } from '../components/Status';
import { time } from '../format';
import { fieldErrors, useLoad } from './load';

const MOVES: Record<string, string[]> = { DRAFT: ['READY', 'ARCHIVED'], READY: ['DRAFT', 'ARCHIVED'], ARCHIVED: ['DRAFT'] };

export function ReviewTab(props: { suite: SuiteDetail; canChange: boolean; onChanged: () => void }) {
  const { suite, canChange } = props;
  const [error, setError] = useState<string | null>(null);
  const [reviewError, setReviewError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [versions, versionsError] = useLoad(
    () => get<SuiteVersion[]>(`/api/v1/suites/${suite.id}/versions?limit=50`),
    [suite.id, suite.version],
  );
  const review = suite.review;
  const move = async (status: string) => {
    setError(null);
    try {
      await patch(`/api/v1/suites/${suite.id}`, { status });
      props.onChanged();
    } catch (e) {
      setError(message(e));
    }
  };
  const decide = async (decision: string) => {
    setReviewError(null);
    try {
      await post(`/api/v1/suites/${suite.id}/review`, { decision, note: note || null });
      setNote('');
      props.onChanged();
    } catch (e) {
      setReviewError(e);
    }
  };
  const { byField, rest } = fieldErrors(reviewError, ['note']);
  return (
    <div class="stack">
      <section aria-labelledby="status-title">
        <h2 id="status-title">Status</h2>
        <p>
          <Status status={suite.status} />{' '}
          {suite.status === 'DRAFT' && 'Schedules and CI hooks do not run it until it is approved and READY.'}
          {suite.status === 'READY' && 'It runs unattended: schedules and CI hooks run it.'}
          {suite.status === 'ARCHIVED' && 'Kept for its history: it cannot run or change.'}
        </p>
        {canChange && (
          <div class="actions">
            {MOVES[suite.status].map((to) => (
              <button type="button" class={to === 'ARCHIVED' ? 'danger' : ''} onClick={() => move(to)}>
                Make it {to}
              </button>
            ))}
          </div>
        )}
        {error && <p class="error" role="alert">{error}</p>}
      </section>
      <section aria-labelledby="review-title">
        <h2 id="review-title">Review</h2>
        {review ? (
          <p>
            <Status status={review.status} />
            {review.reviewer && (
              <>
                {' '}by {review.reviewer.name} on {time(review.reviewedAt)} of version {review.version}
              </>
            )}
            {review.note && <q>{review.note}</q>}
            {review.status === 'APPROVED' && review.version !== suite.version && (
              <strong> The suite changed since: version {suite.version} needs a new approval.</strong>
            )}
          </p>
        ) : (
          <p>Never put to review.</p>
        )}
        {canChange && suite.status === 'DRAFT' && (
          <form class="stack" onSubmit={(e) => e.preventDefault()} aria-label="Review">
            <label>
              Note (needed to reject)
              <textarea value={note} maxLength={4000} onInput={(e) => setNote(e.currentTarget.value)}
                aria-invalid={byField.note ? 'true' : undefined} />
              {byField.note && <p class="field-error">{byField.note}</p>}
            </label>
            <div class="actions">
              <button type="button" onClick={() => decide('APPROVED')}>
                Approve version {suite.version}
              </button>
              <button type="button" class="danger" onClick={() => decide('REJECTED')}>
                Reject
              </button>
            </div>
            {rest.length > 0 && <p class="error" role="alert">{rest.join('; ')}</p>}
          </form>
        )}
      </section>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        {versionsError && <p class="error" role="alert">{versionsError}</p>}
        {versions && (
          <div class="scroll">
            <table aria-label="Versions">
              <thead>
                <tr>
                  <th scope="col" class="num">Version</th>
                  <th scope="col">What changed</th>
                  <th scope="col">Who</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr>
                    <td class="num">{v.version}</td>
                    <td>{v.summary}</td>
                    <td>{v.changedBy?.name ?? '—'}</td>
                    <td>{time(v.changedAt)}</td>
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
