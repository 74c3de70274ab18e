import type { PageProps } from '../main';

export function ProcessPage(_: PageProps) {
  return <section><h1>Process</h1></section>;
}
