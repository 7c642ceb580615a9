import pc from "picocolors";
import type { NamedRef } from "../../model/describe";
import type { PlanDocument, PlanIncident, PlanPolicy, PlanViolation } from "./document";
import type { PlanAlert, PlanLogStream } from "./monitoring";

export type PlanFormat = "text" | "markdown" | "json";

const names = (refs: NamedRef[]) => (refs.length === 0 ? "none" : refs.map((r) => r.name).join(", "));

function apps(p: PlanPolicy): string {
  if (p.applications.userActions.length > 0) return `user actions ${p.applications.userActions.join(", ")}`;
  const ex = p.applications.exclude.length > 0 ? ` except ${names(p.applications.exclude)}` : "";
  return `apps ${names(p.applications.include)}${ex}`;
}

const STAGE_COLOR: Record<string, (s: string) => string> = {
  off: pc.dim, reportOnly: pc.cyan, canary: pc.yellow, enforced: pc.green,
};

function policyLine(p: PlanPolicy): string {
  const parts = [
    `include ${names(p.include)}`,
    `exclude ${names(p.exclude)}`,
    apps(p),
    ...p.conditions,
    `grant ${p.grant}`,
    ...p.session,
  ];
  const stage = (STAGE_COLOR[p.stage] ?? ((s: string) => s))(`${p.stage} (${p.state})`);
  return `  ${pc.bold(p.displayName)} · ${stage} · ${parts.join(" · ")}`;
}

function typeCounts(plan: PlanDocument): [string, number][] {
  return Object.entries(plan.summary.byType).sort(([a], [b]) => a.localeCompare(b));
}

const retention = (s: PlanLogStream) =>
  s.plan === "archive" ? "" : `${s.retentionInDays !== undefined ? `${s.retentionInDays}d interactive, ` : "30d interactive, "}${s.totalRetentionInDays ?? "?"}d total`;
const destination = (s: PlanLogStream) => `${s.destination.kind} ${s.destination.name}`;
const timing = (a: PlanAlert) => (a.evaluationFrequency ? `every ${a.evaluationFrequency} over ${a.windowSize}` : "near real time");
const sev = (a: PlanAlert) => (a.severity !== undefined ? `Sev${a.severity}` : "no severity (simple)");

function violationGroups(plan: PlanDocument): [string, PlanViolation[]][] {
  const groups = new Map<string, PlanViolation[]>();
  for (const v of plan.policyPack?.violations ?? []) groups.set(v.policy, [...(groups.get(v.policy) ?? []), v]);
  return [...groups.entries()];
}

function packHeadline(plan: PlanDocument): string {
  const p = plan.policyPack!;
  return `Policy pack ${p.name}@${p.version}: ${p.rules} rules, ${p.mandatory} mandatory and ${p.advisory} advisory violations`;
}

/** The applied incident, first thing a reader sees: what is relaxed, on whose approval, until when. */
export function incidentBannerLines(i: PlanIncident): string[] {
  return [
    `INCIDENT ${i.ticket} applied (profile ${i.profile}): relaxed until ${i.expiresAt} (since ${i.startsAt})`,
    `  approved by ${i.approvedBy.join(", ")}: ${i.reason}`,
    ...i.knobs.map((k) => `  relaxed: ${k}`),
  ];
}

const ignoredRangesLine = (plan: PlanDocument) =>
  plan.ignoredIpRanges.length > 0 ? [`  Leaked-credential burst ignores detections from ${plan.ignoredIpRanges.join(", ")} (guardrails:alerts.microsoftIpRanges)`] : [];

export function renderText(plan: PlanDocument): string {
  const lines = [
    `${pc.bold("entra-guardrails plan")} · stack ${plan.stack} (${plan.tenant}${plan.production ? ", production" : ""}) · offline, from ${plan.source}`,
    ...(plan.incident ? ["", ...incidentBannerLines(plan.incident).map((l, n) => (n === 0 ? pc.bold(pc.red(l)) : l))] : []),
    "",
    pc.bold(`Conditional Access: ${plan.conditionalAccess.length} policies`),
    ...plan.conditionalAccess.map(policyLine),
    "",
    pc.bold(`Log streams: ${plan.logStreams.length} routes`),
    ...plan.logStreams.map((s) => `  ${s.category} → ${s.table} → ${s.plan}${s.plan === "archive" ? "" : ` (${retention(s)})`} → ${destination(s)}`),
    "",
    pc.bold(`Alert rules: ${plan.alerts.length}`),
    ...plan.alerts.map((a) => `  ${sev(a)} · ${a.displayName} · ${a.kind}, ${timing(a)} · ${a.condition} · → ${a.actionGroup}`),
    ...ignoredRangesLine(plan),
    "",
    pc.bold(`Resources: ${plan.summary.resources}`),
    ...typeCounts(plan).map(([t, n]) => `  ${String(n).padStart(3)}  ${t}`),
  ];
  if (plan.policyPack) {
    lines.push("", pc.bold(packHeadline(plan)));
    for (const [policy, vs] of violationGroups(plan)) {
      const level = vs[0].enforcementLevel;
      lines.push(`  ${(level === "mandatory" ? pc.red : pc.yellow)(`[${level}]`)} ${policy} (${vs.length})`);
      for (const v of vs) lines.push(`    - ${v.resource || "stack"}: ${v.message}`);
    }
  }
  return lines.join("\n") + "\n";
}

const md = (s: string) => s.replace(/\|/g, "\\|");

export function renderMarkdown(plan: PlanDocument): string {
  const lines = [
    `### entra-guardrails plan: \`${plan.stack}\` (${plan.tenant}${plan.production ? ", production" : ""})`,
    "",
    ...(plan.incident ? [...incidentBannerLines(plan.incident).map((l, n) => `> ${n === 0 ? `**${md(l)}**` : md(l.trim())}`), ""] : []),
    `Conditional Access: **${plan.conditionalAccess.length} policies**. Break-glass exclusions are injected into every policy in every stage.`,
    "",
    "| Policy | Stage | State | Include | Exclude | Applications | Conditions | Grant | Session |",
    "|---|---|---|---|---|---|---|---|---|",
    ...plan.conditionalAccess.map((p) => `| ${md(p.displayName)} | ${p.stage} | \`${p.state}\` | ${md(names(p.include))} | ${md(names(p.exclude))} | ${md(apps(p))} | ${md(p.conditions.join("; ") || "—")} | ${md(p.grant)} | ${md(p.session.join("; ") || "—")} |`),
    "",
    "#### Log streams",
    "",
    "| Category | Table | Plan | Retention | Destination |",
    "|---|---|---|---|---|",
    ...plan.logStreams.map((s) => `| ${s.category} | ${s.table} | ${s.plan} | ${retention(s) || "—"} | ${destination(s)} |`),
    "",
    "#### Alert rules",
    "",
    "| Severity | Rule | Kind | Schedule | Condition | Action group |",
    "|---|---|---|---|---|---|",
    ...plan.alerts.map((a) => `| ${sev(a)} | ${md(a.displayName)} | ${a.kind} | ${timing(a)} | ${md(a.condition)} | ${a.actionGroup} |`),
    "",
    ...ignoredRangesLine(plan).map((l) => `${l.trim()}\n`),
    ...(plan.policyPack
      ? [
        `#### ${packHeadline(plan)}`,
        "",
        ...(plan.policyPack.violations.length === 0 ? ["No violations."] : [
          "| Level | Rule | Resource | Message |",
          "|---|---|---|---|",
          ...plan.policyPack.violations.map((v) => `| ${v.enforcementLevel === "mandatory" ? "**mandatory**" : v.enforcementLevel} | \`${v.policy}\` | ${md(v.resource || "stack")} | ${md(v.message)} |`),
        ]),
        "",
      ]
      : []),
    "<details><summary>Resources: " + plan.summary.resources + "</summary>",
    "",
    "| Count | Type |",
    "|---:|---|",
    ...typeCounts(plan).map(([t, n]) => `| ${n} | \`${t}\` |`),
    "",
    "</details>",
  ];
  return lines.join("\n") + "\n";
}

export function renderPlan(plan: PlanDocument, format: PlanFormat): string {
  if (format === "json") return JSON.stringify(plan, null, 2) + "\n";
  if (format === "markdown") return renderMarkdown(plan);
  return renderText(plan);
}
