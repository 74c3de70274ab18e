import type { RunStatus } from '../api';

/** A run's or step's status as a badge: the word, never the colour alone. */
export function Status({ status }: { status: RunStatus | string }) {
  return <span class={`status status-${status.toLowerCase()}`}>{status}</span>;
}
