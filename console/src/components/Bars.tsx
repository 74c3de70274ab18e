// Bars in plain SVG (no library): a status breakdown as one stacked bar with a legend in words, and
// one such bar per group (module) scaled to the largest group. Colours come from the stylesheet's
// .seg-<status> classes; every segment has a <title>, and the legend names each count.

export interface Segment {
  key: string;
  label: string;
  value: number;
}

/** One stacked bar of the segments, with a legend that says each count in words. */
export function StackedBar(props: { segments: Segment[]; label: string }) {
  const total = props.segments.reduce((sum, s) => sum + s.value, 0);
  let x = 0;
  return (
    <figure class="bars">
      <figcaption>{props.label}</figcaption>
      <svg viewBox="0 0 1000 28" preserveAspectRatio="none" role="img"
        aria-label={`${props.label}: ${props.segments.filter((s) => s.value).map((s) => `${s.value} ${s.label}`).join(', ')}`}>
        <rect x="0" y="0" width="1000" height="28" class="seg-empty" />
        {total > 0 &&
          props.segments.map((s) => {
            const w = (1000 * s.value) / total;
            const rect = (
              <rect x={x} y="0" width={w} height="28" class={`seg-${s.key.toLowerCase()}`}>
                <title>{`${s.label}: ${s.value}`}</title>
              </rect>
            );
            x += w;
            return rect;
          })}
      </svg>
      <ul class="legend">
        {props.segments.map((s) => (
          <li>
            <span class={`swatch seg-${s.key.toLowerCase()}`} aria-hidden="true" />
            {s.label} <strong>{s.value}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** A bar per group, its length the group's size against the largest, split by the same segments. */
export function GroupBars(props: { groups: { name: string; segments: Segment[] }[]; label: string }) {
  const totals = props.groups.map((g) => g.segments.reduce((sum, s) => sum + s.value, 0));
  const max = Math.max(1, ...totals);
  const row = 26;
  const height = Math.max(row, props.groups.length * row);
  return (
    <figure class="bars">
      <figcaption>{props.label}</figcaption>
      <div class="group-bars">
        <ul class="group-names" aria-hidden="true">
          {props.groups.map((g, i) => (
            <li>
              {g.name} <small>{totals[i]}</small>
            </li>
          ))}
        </ul>
        <svg viewBox={`0 0 1000 ${height}`} preserveAspectRatio="none" role="img"
          aria-label={`${props.label}: ${props.groups.map((g, i) => `${g.name} ${totals[i]}`).join(', ')}`}
          style={{ height: `${height}px` }}>
          {props.groups.map((g, i) => {
            let x = 0;
            return g.segments.map((s) => {
              const w = (1000 * s.value) / max;
              const rect = (
                <rect x={x} y={i * row + 4} width={w} height={row - 8} class={`seg-${s.key.toLowerCase()}`}>
                  <title>{`${g.name} — ${s.label}: ${s.value}`}</title>
                </rect>
              );
              x += w;
              return rect;
            });
          })}
        </svg>
      </div>
    </figure>
  );
}
