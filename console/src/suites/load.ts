// What the suites' pages share: loading with an error to show, the role that may change things,
// the values cases are filed by, and problem details matched to a form's fields.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, message, type Session } from '../api';

/** Loads on mount and whenever deps change; reload() loads again (after a change). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [T | null, string | null, () => void] {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load()
      .then((v) => live && setValue(v))
      .catch((e) => live && setError(message(e)));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return [value, error, () => setTick((t) => t + 1)];
}

export const mayChange = (session: Session) => session.role === 'TESTER' || session.role === 'ADMIN';

export const PRIORITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const TYPES = ['HAPPY_PATH', 'BOUNDARY', 'NEGATIVE', 'PERFORMANCE', 'SECURITY'];
export const MODES = ['AUTOMATED', 'MANUAL'];
export const AUTOMATION = ['WORKING', 'BROKEN'];
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** HAPPY_PATH → happy path */
export const words = (value: string | null | undefined) => (value ? value.toLowerCase().replace(/_/g, ' ') : '—');

/**
 * The API's messages for the fields a form shows: each error goes to the first field whose name is
 * its field or a prefix of it (request.headers.Accept → request.headers); the rest stay unclaimed.
 */
export function fieldErrors(
  error: unknown,
  fields: string[],
  /** fields matched exactly only, to the form field that shows them ("request" → "request.method") */
  exact: Record<string, string> = {},
): { byField: Record<string, string>; rest: string[] } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  if (!(error instanceof ApiError)) return { byField, rest: error ? [String(error)] : [] };
  const errors = error.problem.errors ?? [];
  for (const e of errors) {
    const owner = exact[e.field] ?? fields.find((f) => e.field === f || e.field.startsWith(`${f}.`) || e.field.startsWith(`${f}[`));
    if (owner) byField[owner] = byField[owner] ? `${byField[owner]}; ${e.message}` : e.message;
    else rest.push(`${e.field}: ${e.message}`);
  }
  if (errors.length === 0) rest.push(error.message);
  return { byField, rest };
}
