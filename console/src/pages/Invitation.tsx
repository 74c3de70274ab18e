import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { navigate } from '../router';

/** The page of an invitation link: the token is after the "#", so it never reaches a server log. */
export function Invitation() {
  const token = location.hash.substring(1);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    get('/api/v1/session').catch(() => {}); // for the CSRF cookie
  }, []);
  if (done) {
    return (
      <main class="centre">
        <section class="card narrow">
          <h1>Password set</h1>
          <p>You can sign in now.</p>
          <button type="button" onClick={() => navigate('/runs', true)}>
            Sign in
          </button>
        </section>
      </main>
    );
  }
  return (
    <main class="centre">
      <form
        class="card narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          if (password !== again) {
            setError('The two passwords differ.');
            return;
          }
          try {
            await post('/api/v1/invitations/accept', { token, password });
            setDone(true);
          } catch (err) {
            setError(err instanceof ApiError ? (err.field('password') ?? err.field('token') ?? err.message) : String(err));
          }
        }}
      >
        <h1>Choose your password</h1>
        <p class="hint">At least 12 characters.</p>
        <label>
          Password
          <input type="password" autoComplete="new-password" required minLength={12} value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <label>
          The same again
          <input type="password" autoComplete="new-password" required value={again}
            onInput={(e) => setAgain(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit">Set password</button>
      </form>
    </main>
  );
}
