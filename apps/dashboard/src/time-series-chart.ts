import uPlot from 'uplot';
import type { Deployment, MetricSeries } from './api-types';
import type { Episode } from './episodes';
import { localTime, num, reasonText } from './format';
import { COLORS } from './theme';

export interface ChartInput {
  title: string;
  unit: string;
  /** Bucket starts, ms since the epoch. */
  time: number[];
  metric: MetricSeries;
  episodes: Episode[];
  deployments: Deployment[];
  fromMs: number;
  toMs: number;
  /** A range dragged on the chart: the page zooms to it. */
  onZoom: (fromMs: number, toMs: number) => void;
}

const HEIGHT = 260;
const SYNC_KEY = 'driftwatch-service';

/** Shaded drift episodes (behind the data) and deployment markers (in front), with their labels. */
function overlays(current: () => ChartInput): uPlot.Plugin {
  const toX = (u: uPlot, ms: number) => u.valToPos(ms / 1000, 'x', true);
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { episodes } = current();
          const { ctx, bbox } = u;
          ctx.save();
          for (const ep of episodes) {
            const x0 = Math.max(bbox.left, toX(u, ep.startMs));
            const x1 = Math.min(bbox.left + bbox.width, Math.max(toX(u, ep.endMs), x0 + 2 * devicePixelRatio));
            if (x1 <= bbox.left || x0 >= bbox.left + bbox.width) continue;
            ctx.fillStyle = COLORS.episode;
            ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
            ctx.fillStyle = COLORS.episodeEdge;
            ctx.fillRect(x0, bbox.top, 2 * devicePixelRatio, bbox.height);
          }
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const { episodes, deployments } = current();
          const { ctx, bbox } = u;
          const px = devicePixelRatio;
          ctx.save();
          ctx.font = `${11 * px}px system-ui, sans-serif`;
          ctx.textBaseline = 'top';
          // uPlot leaves the alignment of its last axis labels (right) on the context.
          ctx.textAlign = 'left';
          // Labels that would overlap go one line lower.
          const placed: { x0: number; x1: number; line: number }[] = [];
          const lineOf = (x0: number, x1: number) => {
            let line = 0;
            while (placed.some((p) => p.line === line && x0 < p.x1 && x1 > p.x0)) line++;
            placed.push({ x0, x1, line });
            return line;
          };
          for (const ep of episodes) {
            const x0 = Math.max(bbox.left, toX(u, ep.startMs));
            if (x0 >= bbox.left + bbox.width) continue;
            ctx.fillStyle = COLORS.episodeText;
            const label = `⚠ ${reasonText(ep.reason)}${ep.kind ? ` (${ep.kind})` : ''}`;
            const width = ctx.measureText(label).width;
            // Near the right edge the label ends at the edge rather than being cut off.
            const right = bbox.left + bbox.width;
            const at = Math.max(bbox.left + 2 * px, Math.min(x0 + 4 * px, right - width - 2 * px));
            const line = lineOf(at, at + width + 6 * px);
            ctx.fillText(label, at, bbox.top + (4 + 14 * line) * px);
          }
          ctx.strokeStyle = COLORS.deployment;
          ctx.fillStyle = COLORS.deployment;
          ctx.lineWidth = 1.5 * px;
          ctx.setLineDash([4 * px, 3 * px]);
          for (const d of deployments) {
            const x = toX(u, Date.parse(d.timestamp));
            if (x < bbox.left || x > bbox.left + bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            const label = `▲ ${d.version}`;
            const width = ctx.measureText(label).width;
            const at = x + 3 * px + width <= bbox.left + bbox.width ? x + 3 * px : x - 3 * px - width;
            ctx.fillText(label, at, bbox.top + bbox.height - 16 * px);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** A drawn chart; `update` redraws it with new data in place (no flicker on a refresh). */
export interface TimeSeriesChart {
  readonly plot: uPlot;
  /** False when the new data needs a different chart (the band appeared or went): make a new one. */
  update(input: ChartInput): boolean;
  destroy(): void;
}

const hasBand = (m: MetricSeries): boolean => m.expected !== null && m.lower !== null && m.upper !== null;

function chartData(input: ChartInput): uPlot.AlignedData {
  const m = input.metric;
  const data: uPlot.AlignedData = [input.time.map((t) => t / 1000), m.max, m.mean, m.min];
  if (hasBand(m)) {
    // The band starts where the data does: before a service's first sample there is nothing to expect.
    const first = m.count.findIndex((c) => c > 0);
    const from = (col: number[]) => col.map((v, i) => (first >= 0 && i >= first ? v : null));
    data.push(from(m.expected!), from(m.upper!), from(m.lower!));
  }
  return data;
}

/**
 * One metric over time: the bucket min–max envelope, the mean, and the expected band (centre and
 * ± z_limit scales) of the service's model, with drift episodes shaded and deployments marked.
 * The legend shows the values under the cursor; dragging across the chart zooms.
 */
export function renderTimeSeriesChart(container: HTMLElement, first: ChartInput): TimeSeriesChart {
  let input = first;
  const banded = hasBand(input.metric);
  const fmt = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : num(v, input.unit));
  const series: uPlot.Series[] = [
    { label: 'Time', value: (_u, v) => (v === null ? '—' : localTime(v * 1000)) },
    { label: 'max', stroke: COLORS.envelopeEdge, width: 1, value: fmt },
    { label: 'mean', stroke: COLORS.mean, width: 2, value: fmt },
    { label: 'min', stroke: COLORS.envelopeEdge, width: 1, value: fmt },
  ];
  const bands: uPlot.Band[] = [{ series: [1, 3], fill: COLORS.envelope }];
  if (banded) {
    series.push(
      { label: 'expected', stroke: COLORS.expected, width: 1.5, dash: [6, 4], value: fmt },
      { label: 'band high', stroke: COLORS.bandEdge, width: 1, value: fmt },
      { label: 'band low', stroke: COLORS.bandEdge, width: 1, value: fmt },
    );
    bands.push({ series: [5, 6], fill: COLORS.band });
  }
  const axis: uPlot.Axis = { stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid, width: 1 } };
  const opts: uPlot.Options = {
    title: input.title,
    width: Math.max(320, container.clientWidth),
    height: HEIGHT,
    series,
    bands,
    scales: { x: { time: true, range: () => [input.fromMs / 1000, input.toMs / 1000] } },
    axes: [{ ...axis }, { ...axis, size: 64, values: (_u, ticks) => ticks.map((t) => num(t)), label: input.unit, labelSize: 18 }],
    cursor: { sync: { key: SYNC_KEY }, drag: { x: true, y: false, setScale: false } },
    legend: { live: true },
    plugins: [overlays(() => input)],
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 5) return;
          const from = u.posToVal(u.select.left, 'x') * 1000;
          const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          input.onZoom(Math.round(from), Math.round(to));
        },
      ],
    },
  };
  const plot = new uPlot(opts, chartData(input), container);
  return {
    plot,
    update(next: ChartInput): boolean {
      if (hasBand(next.metric) !== banded || next.title !== input.title) return false;
      input = next;
      plot.setData(chartData(next));
      return true;
    },
    destroy: () => plot.destroy(),
  };
}
