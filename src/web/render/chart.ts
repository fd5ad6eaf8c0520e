/**
 * The `chart` block as inline SVG: horizontal grouped bars, one group per category (long Chinese
 * unit names fit on a phone), one bar per series, values written at the bar ends, and a legend.
 * Plain SVG, no script, so it renders the same in the sandbox, the dashboard and a screenshot.
 */
import type { Block } from '../../core/messages';
import { escapeHtml } from './markdown';

type Chart = Extract<Block, { type: 'chart' }>;

/** Series colours, in order (Feishu's palette: blue, red, green, orange, purple, grey). */
export const SERIES_COLOURS = ['#3370ff', '#f54a45', '#34c724', '#ff8800', '#7f3bf5', '#8f959e'] as const;

const WIDTH = 360;
const LABEL_W = 84;
const VALUE_W = 28;
const BAR_H = 10;
const GROUP_GAP = 10;
const LEGEND_PER_ROW = 4;

export function chartSvg(chart: Chart): string {
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values.map((v) => (Number.isFinite(v) ? v : 0))));
  const groupH = chart.series.length * BAR_H + GROUP_GAP;
  const legendH = Math.ceil(chart.series.length / LEGEND_PER_ROW) * 16 + 6;
  const height = legendH + chart.categories.length * groupH + 4;
  const barSpace = WIDTH - LABEL_W - VALUE_W;
  const parts: string[] = [];
  chart.series.forEach((s, i) => {
    const x = 4 + (i % LEGEND_PER_ROW) * 88;
    const y = 4 + Math.floor(i / LEGEND_PER_ROW) * 16;
    parts.push(`<rect x="${x}" y="${y}" width="10" height="10" rx="2" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length]}"/>`);
    parts.push(`<text x="${x + 14}" y="${y + 9}" class="legend">${escapeHtml(s.name)}</text>`);
  });
  chart.categories.forEach((category, c) => {
    const top = legendH + c * groupH;
    const label = category.length > 6 ? `${category.slice(0, 6)}…` : category;
    parts.push(
      `<text x="${LABEL_W - 6}" y="${top + (chart.series.length * BAR_H) / 2 + 4}" text-anchor="end" class="cat"><title>${escapeHtml(category)}</title>${escapeHtml(label)}</text>`,
    );
    chart.series.forEach((s, i) => {
      const value = Number.isFinite(s.values[c]) ? s.values[c]! : 0;
      const w = Math.round((value / max) * barSpace);
      const y = top + i * BAR_H;
      parts.push(
        `<rect x="${LABEL_W}" y="${y + 1}" width="${Math.max(w, value > 0 ? 2 : 0)}" height="${BAR_H - 2}" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length]}" data-series="${escapeHtml(s.name)}" data-category="${escapeHtml(category)}" data-value="${value}"><title>${escapeHtml(`${category} · ${s.name}：${value}`)}</title></rect>`,
      );
      // Zero bars carry no figure: the group stays readable; the aria-label lists every value.
      if (value > 0) parts.push(`<text x="${LABEL_W + w + 4}" y="${y + BAR_H - 1}" class="val">${value}</text>`);
    });
  });
  const summary = chart.categories.map((c, i) => `${c}：${chart.series.map((s) => `${s.name} ${s.values[i] ?? 0}`).join('，')}`).join('；');
  return (
    `<figure class="chart"><figcaption>${escapeHtml(chart.title)}</figcaption>` +
    `<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(`${chart.title}。${summary}`)}" xmlns="http://www.w3.org/2000/svg">` +
    `<style>.legend,.cat,.val{font-size:11px;fill:#1f2329}.val{fill:#646a73}</style>${parts.join('')}</svg></figure>`
  );
}
