export const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export const number = (n: number) => n.toLocaleString();

export const passRate = (passed: number, done: number) => (done === 0 ? '—' : `${((100 * passed) / done).toFixed(1)} %`);
