// Charts drawn with uPlot (vendored in vendor/, MIT licence; loaded as a classic script,
// so it is `window.uPlot`): lines over days, with optional interval bands.

import { h } from "./dom.js";

const COLORS = ["#1f4fd1", "#b45309", "#17663a", "#a11a1a", "#6b21a8", "#0e7490"];
const toSeconds = (iso) => Date.parse(`${String(iso).slice(0, 10)}T00:00:00Z`) / 1000;

/**
 * A chart of `series` ([{label, values, color?, fill?, points?, hidden?}]) over the days `x`
 * (ISO dates). `bands` fill between two series: [{upper, lower, fill}] (indexes into
 * `series`). Returns the element, which describes itself for screen readers.
 */
export function lineChart({ title, x, series, bands = [], height = 220, range, format = (v) => v }) {
  const el = h("div", { class: "chart", role: "img", "aria-label": `${title}: ${series.filter((s) => !s.band).map((s) => s.label).join(", ")} over ${x.length} days` });
  if (!x.length || series.every((s) => s.band || s.values.every((v) => v == null))) {
    el.className = "chart-empty";
    el.append(h("h3", {}, title), h("p", { class: "empty" }, "No data for this period yet."));
    return el;
  }
  const data = [x.map(toSeconds), ...series.map((s) => s.values.map((v) => (v == null ? null : Number(v))))];
  const opts = {
    title, height, width: 600,
    series: [{}, ...series.map((s, i) => ({
      label: s.label,
      stroke: s.band ? "transparent" : (s.color || COLORS[i % COLORS.length]),
      width: s.band ? 0 : 2,
      points: { show: Boolean(s.points) },
      value: (u, v) => (v == null ? "–" : format(v)),
    }))],
    bands: bands.map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.fill })),
    axes: [{}, { values: (u, ticks) => ticks.map(format) }],
    scales: { x: { time: true }, ...(range ? { y: { range } } : {}) },
  };
  let frames = 0;
  const draw = () => {  // once the view has put the element on the page
    if (!el.isConnected) {
      if (++frames < 600) requestAnimationFrame(draw);
      return;
    }
    opts.width = Math.max(240, el.clientWidth);
    const plot = new window.uPlot(opts, data, el);
    new ResizeObserver(() => plot.setSize({ width: Math.max(240, el.clientWidth), height })).observe(el);
  };
  requestAnimationFrame(draw);
  return el;
}
