/**
 * `guardrails report`: one self-contained HTML file (inline CSS and SVG, no script, no network),
 * readable offline and printable. Sections: banner and verdicts, coverage matrix, rollout timeline,
 * blast radius, logs and alerts, the pack's verdicts, evidence, and the policies the cells link to.
 */
import { TABLE_SCHEMAS } from "../../model/kql/schemas";
import type { CostEstimate } from "../../model/logs/cost";
import { APP_GROUPS, CLIENTS, LOCATIONS, type CoverageMatrix } from "../../model/report/coverage";
import type { EvidenceReport } from "../../model/signins/evidence";
import type { BlastRadius } from "../../model/whatif/blastRadius";
import type { Category } from "../../model/whatif/outcome";
import type { PlanDocument } from "../plan/document";
import { barsSvg, esc, STAGE_COLOURS, timelineSvg, type TimelineInput } from "./svg";

export interface ReportData {
  plan: PlanDocument;
  generated: string;
  coverage: CoverageMatrix;
  timeline: TimelineInput;
  blast: BlastRadius;
  cost: CostEstimate;
  evidence?: EvidenceReport;
}

const CATEGORY: Record<Category, { label: string; short: string; colour: string }> = {
  blocked: { label: "block", short: "BLK", colour: "#c0392b" },
  passwordChange: { label: "password change", short: "PWD", colour: "#8e44ad" },
  mfa: { label: "MFA", short: "MFA", colour: "#2f6fd6" },
  deviceOrApp: { label: "device or app control", short: "DEV", colour: "#d68910" },
  unaffected: { label: "unaffected", short: "–", colour: "#eceff3" },
};

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232b;margin:0;background:#fff}
header{background:#1d2b3a;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d3de}
main{padding:8px 28px 40px;max-width:1400px}section{margin:28px 0;page-break-inside:avoid}h2{font-size:18px;border-bottom:2px solid #e3e7ec;padding-bottom:4px}
.banner{background:#fdecea;border:2px solid #c0392b;padding:10px 14px;margin:16px 0;border-radius:4px}
.ok{color:#1f8a4c}.bad{color:#c0392b;font-weight:600}.muted{color:#6b7683}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #dfe3e8;padding:3px 5px;text-align:left;vertical-align:top}
th{background:#f4f6f8}table.matrix td.cell{text-align:center;min-width:34px;font-weight:600;font-size:11px}
table.matrix td.cell a{color:inherit;text-decoration:none}table.matrix th.group{text-align:center}
td.gap{background:#fff4d6}.legend span{display:inline-block;padding:1px 8px;margin-right:6px;border-radius:3px;font-size:12px}
svg text{font-size:11px;fill:#1d232b}svg text.tick{fill:#6b7683}svg text.today{fill:#c0392b;font-weight:600}svg text.refusal{fill:#c0392b;font-weight:600}
svg text.row.refused a{fill:#c0392b}svg a{fill:#1d4f91}.policy{margin:6px 0}.policy code{font-size:12px}
@media print{header{background:#fff;color:#000}header p{color:#333}section{page-break-inside:avoid}a{color:inherit}}
`;

function cellHtml(c: CoverageMatrix["rows"][number]["cells"][number], keyOf: (name: string) => string | undefined): string {
  const cat = CATEGORY[c.category];
  const link = (names: string[]) => names.map((n) => { const k = keyOf(n); return k ? `<a href="#policy-${esc(k)}">${esc(n.split(" ")[0])}</a>` : esc(n.split(" ")[0]); });
  const enforced = link(c.enforcedBy.slice(0, 3)).join(" ") + (c.enforcedBy.length > 3 ? ` +${c.enforcedBy.length - 3}` : "");
  const title = [`${cat.label}`, ...(c.enforcedBy.length ? [`by ${c.enforcedBy.join(", ")}`] : []), ...(c.reportOnly.length ? [`report-only would apply: ${c.reportOnly.join(", ")}`] : [])].join("; ");
  const fg = c.category === "unaffected" ? "#6b7683" : "#fff";
  return `<td class="cell" data-persona="${esc(c.persona)}" data-app="${esc(c.app)}" data-client="${esc(c.client)}" data-location="${c.location}" data-outcome="${c.category}" style="background:${cat.colour};color:${fg}" title="${esc(title)}">${cat.short}${enforced ? `<br><span style="font-weight:400">${enforced}</span>` : ""}${c.reportOnly.length ? "<sup>ro</sup>" : ""}</td>`;
}

function coverageSection(m: CoverageMatrix, keyOf: (name: string) => string | undefined): string {
  const perGroup = CLIENTS.length * LOCATIONS.length;
  const head1 = `<tr><th rowspan="3">Persona</th>${APP_GROUPS.map((a) => `<th class="group" colspan="${perGroup}">${esc(a.label)}</th>`).join("")}</tr>`;
  const head2 = `<tr>${APP_GROUPS.map(() => CLIENTS.map((c) => `<th colspan="${LOCATIONS.length}">${esc(c.label)}</th>`).join("")).join("")}</tr>`;
  const head3 = `<tr>${APP_GROUPS.map(() => CLIENTS.map(() => LOCATIONS.map((l) => `<th>${l === "trusted" ? "T" : "U"}</th>`).join("")).join("")).join("")}</tr>`;
  const rows = m.rows.map((r) => `<tr><td class="${r.gap && r.persona.kind !== "breakGlass" ? "gap" : ""}">${esc(r.persona.label)}${r.gap ? `<br><span class="${r.persona.kind === "breakGlass" ? "muted" : "bad"}">${esc(r.gap)}</span>` : ""}</td>${r.cells.map((c) => cellHtml(c, keyOf)).join("")}</tr>`).join("\n");
  const legend = Object.values(CATEGORY).map((c) => `<span style="background:${c.colour};color:${c.short === "–" ? "#333" : "#fff"}">${c.short} ${c.label}</span>`).join("");
  const gaps = m.rows.filter((r) => r.gap && r.persona.kind !== "breakGlass").length;
  return `<section id="coverage"><h2>Coverage matrix</h2>
<p>What each persona meets today, computed by the what-if engine from the deployed policies (enforced ones decide; <sup>ro</sup>: a report-only policy would also apply). Columns: application group, client type, trusted (T, ${esc(m.trustedIp ?? "no trusted range")}) or untrusted (U, ${esc(m.untrustedIp)}) location${m.country ? `, country ${esc(m.country)}` : ""}; unmanaged Windows device, no risk. Cells link to the policies behind them. ${gaps ? `<span class="bad">${gaps} persona(s) without MFA anywhere.</span>` : `<span class="ok">Every persona but the break-glass accounts meets MFA or a block somewhere.</span>`}</p>
<p class="legend">${legend}</p>
<table class="matrix">${head1}${head2}${head3}\n${rows}</table></section>`;
}

function timelineSection(t: TimelineInput): string {
  const legend = (Object.entries(STAGE_COLOURS) as [string, string][]).map(([s, c]) => `<span style="background:${c};color:#fff">${s}</span>`).join("");
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const refused = t.rows.filter((r) => r.refused.length).length;
  return `<section id="timeline"><h2>Rollout timeline</h2>
<p>Each policy's stages from the dates in the stack, today's line in red, the end of the soak the current stage needs (dashed: ${t.soakDays.reportOnly} days in report-only, ${t.soakDays.canary} in canary), and the maintenance days ahead (shaded: ${t.maintenanceDays.map((d) => days[d]).join("/")}, UTC) on which promotions to enforced are dated. ${refused ? `<span class="bad">${refused} promotion(s) the pack refuses.</span>` : `<span class="ok">The pack refuses no promotion.</span>`}</p>
<p class="legend">${legend}</p>${timelineSvg(t)}</section>`;
}

function blastSection(b: BlastRadius, keyOf: (name: string) => string | undefined): string {
  const order: Category[] = ["blocked", "passwordChange", "mfa", "deviceOrApp", "unaffected"];
  const bars = barsSvg(order.map((c) => ({ label: CATEGORY[c].label, value: b.combined[c], colour: c === "unaffected" ? "#9aa5b1" : CATEGORY[c].colour })), " users");
  const policies = [...b.byPolicy].sort((x, y) => y.users - x.users).filter((p) => p.users > 0).slice(0, 25)
    .map((p) => `<tr><td>${keyOf(p.policy) ? `<a href="#policy-${esc(keyOf(p.policy)!)}">${esc(p.policy)}</a>` : esc(p.policy)}</td><td>${esc(p.grant)}</td><td style="text-align:right">${p.users}</td></tr>`).join("");
  const examples = Object.entries(b.examples).map(([c, us]) => `${esc(CATEGORY[c as Category].label)}: ${esc((us ?? []).join(", "))}`).join("; ");
  return `<section id="blast-radius"><h2>Blast radius: ${esc(b.scenario)}</h2>
<p>${b.users.toLocaleString("en-US")} synthetic users × ${b.variantsPerUser} sign-in variants; each user counted once, at the hardest outcome they meet.${examples ? ` Break-glass accounts: ${examples}.` : ""}</p>${bars}
<table><tr><th>Policy responsible</th><th>Asks</th><th>Users</th></tr>${policies || `<tr><td colspan="3">No enforced policy applies.</td></tr>`}</table></section>`;
}

function logsSection(plan: PlanDocument, cost: CostEstimate): string {
  const streams = plan.logStreams.map((s) => `<tr><td>${esc(s.category)}</td><td>${esc(s.table)}</td><td>${esc(s.plan)}</td><td>${esc(s.destination.kind)}: ${esc(s.destination.name)}</td><td>${s.retentionInDays ?? ""}</td><td>${s.totalRetentionInDays ?? ""}</td></tr>`).join("");
  const usd = (n: number) => `${Math.round(n).toLocaleString("en-US")} USD`;
  const costBars = barsSvg([{ label: "this split", value: Math.round(cost.total), colour: "#1f8a4c" }, { label: "all on Analytics", value: Math.round(cost.totalAllAnalytics), colour: "#9aa5b1" }], " USD/month");
  // The Entra tables the rule's query reads (a `let` name is not a table).
  const tableOf = (q: string) => TABLE_SCHEMAS.map((t) => t.table).filter((t) => new RegExp(`\\b${t}\\b`).test(q)).join(", ");
  const alerts = plan.alerts.map((a) => `<tr><td>${esc(a.displayName)}</td><td>${esc(tableOf(a.query))}</td><td>${a.severity ?? ""}</td><td>${esc(a.condition)}</td><td>${esc(a.actionGroup)}</td></tr>`).join("");
  return `<section id="logs-alerts"><h2>Logs and alerts</h2>
<table><tr><th>Category</th><th>Table</th><th>Plan</th><th>Destination</th><th>Retention (days)</th><th>Total retention</th></tr>${streams}</table>
<p>Monthly cost for ${cost.users.toLocaleString("en-US")} users: ${usd(cost.total)} with this split, ${usd(cost.totalAllAnalytics)} with every table on Analytics (${(cost.ratio * 100).toFixed(0)} %).</p>${costBars}
<table><tr><th>Alert rule</th><th>Table</th><th>Severity</th><th>Condition</th><th>Action group</th></tr>${alerts}</table></section>`;
}

function packSection(plan: PlanDocument): string {
  const p = plan.policyPack;
  if (!p) return `<section id="pack"><h2>Policy pack</h2><p class="muted">Not run (--no-policy-pack).</p></section>`;
  const rows = p.violations.map((v) => `<tr><td class="${v.enforcementLevel === "mandatory" ? "bad" : ""}">${esc(v.enforcementLevel)}</td><td>${esc(v.policy)}</td><td>${esc(v.resource)}</td><td>${esc(v.message)}</td></tr>`).join("");
  return `<section id="pack"><h2>Policy pack ${esc(p.name)}@${esc(p.version)}</h2>
<p>${p.rules} rules: <span class="${p.mandatory ? "bad" : "ok"}">${p.mandatory} mandatory</span> and ${p.advisory} advisory violations.</p>${rows ? `<table><tr><th>Level</th><th>Rule</th><th>Resource</th><th>Message</th></tr>${rows}</table>` : ""}</section>`;
}

function evidenceSection(e: EvidenceReport): string {
  const rows = e.policies.map((p) => `<tr><td>${esc(p.displayName)}</td><td>${p.signIns}</td><td>${p.applied}</td><td>${p.users}</td><td>${(p.failureRate * 100).toFixed(2)} %</td><td>${(p.interruptionRate * 100).toFixed(2)} %</td><td>${(p.nonInteractiveShare * 100).toFixed(1)} %</td></tr>`).join("");
  return `<section id="evidence"><h2>Evidence from sign-in logs</h2>
<p>${e.signIns.toLocaleString("en-US")} sign-ins (${e.interactive} interactive, ${e.nonInteractive} non-interactive)${e.span ? `, ${esc(e.span.first)} .. ${esc(e.span.last)}` : ""}; break-glass sign-ins: ${e.breakGlass.length ? esc(e.breakGlass.map((b) => `${b.account} (${b.signIns})`).join(", ")) : "none"}.</p>
<table><tr><th>Policy</th><th>Sign-ins</th><th>Applied</th><th>Users</th><th>Failure rate</th><th>Interruption rate</th><th>Non-interactive</th></tr>${rows}</table></section>`;
}

function policiesSection(plan: PlanDocument): string {
  const rows = plan.conditionalAccess.map((p) => `<div class="policy" id="policy-${esc(p.key)}"><strong>${esc(p.displayName)}</strong> <span style="background:${STAGE_COLOURS[p.stage]};color:#fff;padding:0 6px;border-radius:3px">${p.stage}</span> <code>${esc(p.state)}</code><br><span class="muted">users: ${esc(p.include.map((r) => r.name).join(", ") || "none")}; excluded: ${esc(p.exclude.map((r) => r.name).join(", ") || "none")}; apps: ${esc(p.applications.include.map((r) => r.name).join(", ") || p.applications.userActions.join(", ") || "none")}; ${esc(p.conditions.join("; "))}${p.conditions.length ? "; " : ""}grant: ${esc(p.grant)}</span></div>`).join("\n");
  return `<section id="policies"><h2>Policies (${plan.conditionalAccess.length})</h2>${rows}</section>`;
}

export function reportHtml(d: ReportData): string {
  // The what-if outcome names policies by display name; a name two policies share links to neither (never to the wrong one).
  const byName = new Map<string, string | undefined>();
  for (const p of d.plan.conditionalAccess) byName.set(p.displayName, byName.has(p.displayName) ? undefined : p.key);
  const keyOf = (n: string) => byName.get(n);
  const i = d.plan.incident;
  const banner = i ? `<div class="banner" id="incident"><strong>INCIDENT ${esc(i.ticket)}</strong>: profile ${esc(i.profile)} applied, expires ${esc(i.expiresAt)} (approved by ${esc(i.approvedBy.join(", "))}). ${esc(i.reason)}<br>Relaxed: ${esc(i.knobs.join("; "))}</div>` : "";
  const pack = d.plan.policyPack;
  const verdict = pack ? `<p>Policy pack: <span class="${pack.mandatory ? "bad" : "ok"}">${pack.mandatory} mandatory</span>, ${pack.advisory} advisory violations · ${d.plan.summary.resources} resources · <a href="#coverage">coverage</a> · <a href="#timeline">timeline</a> · <a href="#blast-radius">blast radius</a> · <a href="#logs-alerts">logs and alerts</a>${d.evidence ? ` · <a href="#evidence">evidence</a>` : ""}</p>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>entra-guardrails · ${esc(d.plan.stack)}</title><style>${CSS}</style></head>
<body><header><h1>entra-guardrails report · stack ${esc(d.plan.stack)}</h1><p>Tenant ${esc(d.plan.tenant)}${d.plan.production ? " (production)" : ""} · generated ${esc(d.generated)} offline from ${esc(d.plan.source)}</p></header>
<main>${banner}${verdict}
${coverageSection(d.coverage, keyOf)}
${timelineSection(d.timeline)}
${blastSection(d.blast, keyOf)}
${logsSection(d.plan, d.cost)}
${packSection(d.plan)}
${d.evidence ? evidenceSection(d.evidence) : ""}
${policiesSection(d.plan)}
</main></body></html>
`;
}
