import { useState } from 'preact/hooks';
import { api, ApiError, get, post } from '../api';

export async function signOut() {
  await api('DELETE', '/api/v1/session');
  // a fresh CSRF cookie for the next sign-in
  await get('/api/v1/session');
}

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main class="centre">
      <form
        class="card narrow"
        aria-labelledby="sign-in-title"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await post('/api/v1/session', { email, password });
            onSignedIn();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1 id="sign-in-title">Sign in to Gantry</h1>
        <label>
          E-mail
          <input type="email" name="email" autoComplete="username" required value={email}
            onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <p class="hint">No password yet? Ask an ADMIN of your tenant for an invitation link.</p>
      </form>
    </main>
  );
}
