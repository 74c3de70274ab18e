// A router of a few lines over the history API: routes are patterns with :names, the server
// answers the console's page for every route (see ConsoleResources), links are real <a href>s
// (so keyboard, middle-click and "copy link" work) whose clicks are handled here.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export const BASE = '/console';

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false) {
  const url = to.startsWith(BASE) ? to : BASE + to;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((l) => l());
}

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** The current path inside the console ("/runs/…") and query; re-renders on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((t) => t + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  const path = location.pathname.startsWith(BASE) ? location.pathname.substring(BASE.length) || '/' : '/';
  return { path, query: new URLSearchParams(location.search) };
}

/** The named parts of a path if it matches a pattern ("/runs/:id"), else null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].substring(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function Link(props: { href: string; class?: string; children: ComponentChildren; title?: string }) {
  const href = BASE + props.href;
  return (
    <a
      href={href}
      class={props.class}
      title={props.title}
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
