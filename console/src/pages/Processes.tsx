import type { PageProps } from '../main';

export function Processes(_: PageProps) {
  return <section><h1>Processes</h1></section>;
}
