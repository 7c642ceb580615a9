/**
 * The report's charts, drawn by the kit as inline SVG: no library, no script, no network; they print
 * as they show. Text is escaped; sizes follow the data (a 195-policy timeline is 195 rows).
 */
import type { Stage } from "../../model/rollout";

export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const STAGE_COLOURS: Record<Stage, string> = { off: "#b8bcc4", reportOnly: "#e8a317", canary: "#2f6fd6", enforced: "#1f8a4c" };
const DAY = 86_400_000;

export interface TimelineRow {
  key: string; label: string; stage: Stage; since: Partial<Record<Stage, string>>;
  /** Rules of the pack that refuse this policy's current promotion. */
  refused: string[];
}

export interface TimelineInput {
  rows: TimelineRow[]; today: string;
  soakDays: { reportOnly: number; canary: number };
  /** UTC weekdays (0 = Sunday) on which promotions to enforced are allowed. */
  maintenanceDays: number[];
}

const ORDER: Stage[] = ["reportOnly", "canary", "enforced"];

/** Each policy's stages as bars from each stage's date to the next, today's line, the soak each stage needs, the maintenance days ahead. */
export function timelineSvg(t: TimelineInput): string {
  const today = Date.parse(`${t.today}T00:00:00Z`);
  const dates = t.rows.flatMap((r) => Object.values(r.since).filter((d): d is string => !!d).map((d) => Date.parse(d.length === 10 ? `${d}T00:00:00Z` : d))).filter(Number.isFinite);
  const start = Math.min(today - 30 * DAY, ...dates) - 7 * DAY;
  const end = today + 28 * DAY;
  const label = 300, width = 980, chart = width - label - 20, rowH = 18, top = 34;
  const x = (ms: number) => label + ((ms - start) / (end - start)) * chart;
  const height = top + t.rows.length * rowH + 10;
  const parts: string[] = [];
  // Maintenance days in the four weeks ahead: promotions to enforced are dated on them.
  for (let d = today; d < end; d += DAY) {
    if (t.maintenanceDays.includes(new Date(d).getUTCDay())) parts.push(`<rect x="${x(d).toFixed(1)}" y="${top - 4}" width="${(x(d + DAY) - x(d)).toFixed(1)}" height="${height - top}" fill="#eef4ee"/>`);
  }
  // Month ticks.
  for (let m = new Date(start); m.getTime() < end; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    const first = Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1);
    if (first < start) continue;
    parts.push(`<line x1="${x(first).toFixed(1)}" y1="${top - 8}" x2="${x(first).toFixed(1)}" y2="${height}" stroke="#dde" />`);
    // Today's label has the room next to today's line.
    if (Math.abs(x(first) - x(today)) > 70) parts.push(`<text x="${(x(first) + 2).toFixed(1)}" y="${top - 12}" class="tick">${new Date(first).toISOString().slice(0, 7)}</text>`);
  }
  t.rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${label - 6}" y="${y + 12}" text-anchor="end" class="row${r.refused.length ? " refused" : ""}"><a href="#policy-${esc(r.key)}">${esc(r.label.length > 44 ? r.label.slice(0, 43) + "…" : r.label)}</a></text>`);
    const at = (s: Stage) => (r.since[s] ? Date.parse(r.since[s]!.length === 10 ? `${r.since[s]}T00:00:00Z` : r.since[s]!) : undefined);
    const reached = r.stage === "off" ? [] : ORDER.slice(0, ORDER.indexOf(r.stage) + 1);
    if (r.stage === "off") parts.push(`<rect x="${x(start).toFixed(1)}" y="${y + 4}" width="${(x(today) - x(start)).toFixed(1)}" height="${rowH - 8}" fill="${STAGE_COLOURS.off}"><title>${esc(r.label)}: off (deployed disabled)</title></rect>`);
    reached.forEach((s, k) => {
      const from = at(s);
      if (from === undefined) return;
      const next = reached[k + 1] ? at(reached[k + 1]) : undefined;
      const to = next ?? today;
      parts.push(`<rect x="${x(from).toFixed(1)}" y="${y + 3}" width="${Math.max(1, x(to) - x(from)).toFixed(1)}" height="${rowH - 6}" fill="${STAGE_COLOURS[s]}"><title>${esc(r.label)}: ${s} from ${r.since[s]}</title></rect>`);
    });
    // The soak the current stage needs before the next promotion.
    const soak = r.stage === "reportOnly" ? t.soakDays.reportOnly : r.stage === "canary" ? t.soakDays.canary : undefined;
    const since = at(r.stage as Stage);
    if (soak !== undefined && since !== undefined) {
      const ready = since + soak * DAY;
      parts.push(`<line x1="${x(ready).toFixed(1)}" y1="${y + 1}" x2="${x(ready).toFixed(1)}" y2="${y + rowH - 1}" stroke="#333" stroke-dasharray="2,2"><title>soak of ${soak} days ends ${new Date(ready).toISOString().slice(0, 10)}</title></line>`);
    }
    if (r.refused.length) parts.push(`<text x="${(x(today) + 6).toFixed(1)}" y="${y + 12}" class="refusal">✕ refused: ${esc(r.refused.join(", "))}</text>`);
  });
  parts.push(`<line x1="${x(today).toFixed(1)}" y1="${top - 8}" x2="${x(today).toFixed(1)}" y2="${height}" stroke="#c0392b" stroke-width="2"/>`, `<text x="${(x(today) + 3).toFixed(1)}" y="${top - 12}" class="today">today ${t.today}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Rollout timeline">${parts.join("")}</svg>`;
}

/** Horizontal bars, one per label, scaled to the largest value. */
export function barsSvg(bars: { label: string; value: number; colour: string; note?: string }[], unit = ""): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const label = 220, width = 760, rowH = 24, chart = width - label - 120;
  const parts = bars.map((b, i) => {
    const y = i * rowH;
    const w = (b.value / max) * chart;
    return `<text x="${label - 6}" y="${y + 16}" text-anchor="end">${esc(b.label)}</text><rect x="${label}" y="${y + 4}" width="${Math.max(b.value > 0 ? 2 : 0, w).toFixed(1)}" height="${rowH - 8}" fill="${b.colour}"><title>${esc(b.label)}: ${b.value}${unit}${b.note ? ` (${esc(b.note)})` : ""}</title></rect><text x="${(label + w + 6).toFixed(1)}" y="${y + 16}">${b.value.toLocaleString("en-US")}${unit}</text>`;
  });
  const height = bars.length * rowH + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${parts.join("")}</svg>`;
}
