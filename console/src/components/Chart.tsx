// A line chart in plain SVG (no library): points scaled into the box, the latest value labelled.
export function LineChart(props: {
  values: number[];
  label: string;
  unit: string;
  height?: number;
  /** The figure to show in the caption instead of the latest value (e.g. an ended run's average). */
  headline?: number;
}) {
  const width = 600;
  const height = props.height ?? 120;
  const max = Math.max(1, ...props.values);
  const n = props.values.length;
  const x = (i: number) => (n <= 1 ? 0 : (i / (n - 1)) * width);
  const y = (v: number) => height - (v / max) * (height - 10);
  const line = props.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = props.headline ?? (n ? props.values[n - 1] : 0);
  return (
    <figure class="chart">
      <figcaption>
        {props.label}: <strong>{Math.round(last).toLocaleString()}</strong> {props.unit}
        <small> (peak {Math.round(max).toLocaleString()})</small>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={`${props.label} over time`}>
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} class="axis" />
        {n > 1 && <path d={`${line} L${width},${height} L0,${height} Z`} class="area" />}
        {n > 1 && <path d={line} class="line" />}
      </svg>
    </figure>
  );
}

/** How far a run is: done steps of all, the passed and failed shares drawn apart. */
export function Progress(props: { done: number; total: number; failed: number }) {
  const total = Math.max(1, props.total);
  const failed = Math.min(props.failed, props.done);
  const pct = (100 * props.done) / total;
  return (
    <div class="progress" role="progressbar" aria-label="Steps done" aria-valuemin={0} aria-valuemax={props.total}
      aria-valuenow={props.done}>
      <div class="progress-ok" style={{ width: `${(100 * (props.done - failed)) / total}%` }} />
      <div class="progress-failed" style={{ width: `${(100 * failed) / total}%` }} />
      <span>{pct.toFixed(0)} %</span>
    </div>
  );
}
