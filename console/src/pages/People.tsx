import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, get, post } from '../api';
import type { PageProps } from '../main';
import '../pages.css';

interface User {
  id: string;
  name: string;
  email: string;
  role: 'VIEWER' | 'TESTER' | 'ADMIN';
  active: boolean;
}

interface IssuedInvitation {
  email: string;
  path: string;
  expiresAt: string;
}

const ROLES = ['VIEWER', 'TESTER', 'ADMIN'] as const;

/**
 * The tenant's people, for its ADMIN: invite someone (the answer is a one-use link to pass on, where
 * they set their password), invite an existing user again, change a role, deactivate or reactivate.
 * The API decides: an ADMIN cannot demote or deactivate themselves, and its refusal is shown.
 */
export function People({ session }: PageProps) {
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<IssuedInvitation | null>(null);
  const [form, setForm] = useState({ email: '', name: '', role: 'TESTER' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const load = () =>
    get<User[]>('/api/v1/users?limit=500')
      .then(setUsers)
      .catch((e) => setError(e instanceof ApiError ? e.message : String(e)));
  useEffect(() => {
    load();
  }, []);

  const invite = async (body: Record<string, unknown>) => {
    setError(null);
    setFieldErrors({});
    try {
      setInvited(await post<IssuedInvitation>('/api/v1/invitations', body));
      setForm({ email: '', name: '', role: 'TESTER' });
      await load();
    } catch (e) {
      if (e instanceof ApiError) {
        const errors: Record<string, string> = {};
        for (const f of ['email', 'name', 'role']) {
          const message = e.field(f);
          if (message) errors[f] = message;
        }
        setFieldErrors(errors);
        if (Object.keys(errors).length === 0) setError(e.message);
      } else {
        setError(String(e));
      }
    }
  };

  const change = async (user: User, body: Partial<User>) => {
    setError(null);
    try {
      await api('PATCH', `/api/v1/users/${user.id}`, body);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  if (session.role !== 'ADMIN') {
    return (
      <section>
        <h1>People</h1>
        <p class="hint">Only an ADMIN of the tenant manages its people.</p>
      </section>
    );
  }
  const link = invited ? `${window.location.origin}${invited.path}` : null;
  return (
    <section>
      <h1>People</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form
        class="card"
        aria-labelledby="invite-title"
        onSubmit={(event) => {
          event.preventDefault();
          invite(form);
        }}
      >
        <h2 id="invite-title">Invite someone</h2>
        <label>
          E-mail
          <input
            type="email"
            required
            value={form.email}
            aria-invalid={fieldErrors.email ? 'true' : undefined}
            onInput={(e) => setForm({ ...form, email: (e.target as HTMLInputElement).value })}
          />
          {fieldErrors.email && <span class="field-error">{fieldErrors.email}</span>}
        </label>
        <label>
          Name
          <input
            value={form.name}
            aria-invalid={fieldErrors.name ? 'true' : undefined}
            onInput={(e) => setForm({ ...form, name: (e.target as HTMLInputElement).value })}
          />
          {fieldErrors.name && <span class="field-error">{fieldErrors.name}</span>}
        </label>
        <label>
          Role
          <select
            aria-label="Role of the person invited"
            value={form.role}
            onChange={(e) => setForm({ ...form, role: (e.target as HTMLSelectElement).value })}
          >
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit">Invite</button>
      </form>
      {invited && link && (
        <p class="card" role="status" aria-label="Invitation link">
          Pass this link on to {invited.email}; it works once, until {new Date(invited.expiresAt).toLocaleString()}:{' '}
          <code class="invitation-link">{link}</code>
        </p>
      )}
      {users === null && !error && <p aria-busy="true">Loading…</p>}
      {users && (
        <div class="scroll">
          <table aria-label="People of the tenant">
            <thead>
              <tr>
                <th>Name</th>
                <th>E-mail</th>
                <th>Role</th>
                <th>Active</th>
                <th>
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr data-user={u.email}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${u.name}`}
                      value={u.role}
                      onChange={(e) => change(u, { role: (e.target as HTMLSelectElement).value as User['role'] })}
                    >
                      {ROLES.map((r) => (
                        <option value={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>{u.active ? 'yes' : 'no'}</td>
                  <td>
                    <button type="button" class="quiet" onClick={() => change(u, { active: !u.active })}>
                      {u.active ? `Deactivate ${u.name}` : `Reactivate ${u.name}`}
                    </button>{' '}
                    <button type="button" class="quiet" onClick={() => invite({ userId: u.id })}>
                      {`Invite ${u.name} again`}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
