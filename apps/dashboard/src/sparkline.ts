import { COLORS } from './theme';

const WIDTH = 140;
const HEIGHT = 30;

/** A small line of per-minute mean latency: the shape of the last hour at a glance. */
export function sparkline(values: (number | null)[], state: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const px = window.devicePixelRatio || 1;
  canvas.width = WIDTH * px;
  canvas.height = HEIGHT * px;
  canvas.className = 'sparkline';
  const ctx = canvas.getContext('2d');
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!ctx || finite.length === 0) return canvas;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo || Math.abs(hi) || 1;
  ctx.scale(px, px);
  ctx.strokeStyle = state === 'DRIFT_DETECTED' ? COLORS.sparkDrift : state === 'STABLE' ? COLORS.sparkStable : COLORS.sparkLearning;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = values.length === 1 ? WIDTH / 2 : (i / (values.length - 1)) * (WIDTH - 2) + 1;
    const y = HEIGHT - 2 - ((v - lo) / span) * (HEIGHT - 4);
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  });
  ctx.stroke();
  return canvas;
}
