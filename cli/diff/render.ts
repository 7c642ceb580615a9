import type { LeafChange, ResourceChange } from "../../model/diff/diff";
import type { PlanPolicyPack } from "../plan/document";

export interface DiffDocument {
  from: string;
  to: string;
  summary: { create: number; update: number; delete: number };
  risk: string[];
  resources: ResourceChange[];
  policyPack?: PlanPolicyPack;
}

const SIGN = { create: "+", delete: "-", update: "~" } as const;
const val = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v));

function leafLine(l: LeafChange): string {
  if (l.kind === "add") return `+ ${l.path}: ${val(l.new)}`;
  if (l.kind === "delete") return `- ${l.path}: ${val(l.old)}`;
  return `~ ${l.path}: ${val(l.old)} → ${val(l.new)}`;
}

const shortType = (t: string) => t.replace(/^azuread:index\/\w+:/, "azuread:").replace(/^azure-native:(\w+):/, "azure-native:$1:");

export function renderDiffText(d: DiffDocument): string {
  const lines = [
    `Diff: ${d.to}`,
    `  against ${d.from}`,
    `  ${d.summary.create} to create, ${d.summary.update} to update, ${d.summary.delete} to delete`,
  ];
  if (d.risk.length) lines.push("", "Risk summary:", ...d.risk.map((r) => `  - ${r}`));
  if (d.policyPack) {
    const p = d.policyPack;
    lines.push("", `Policy pack ${p.name}@${p.version} on the new side: ${p.mandatory} mandatory and ${p.advisory} advisory violations`);
    for (const v of p.violations) lines.push(`  [${v.enforcementLevel}] ${v.policy} ${v.resource || "stack"}: ${v.message}`);
  }
  if (d.resources.length) lines.push("", "Changes:");
  for (const r of d.resources) {
    lines.push(`  ${SIGN[r.op]} ${shortType(r.type)} ${r.name}`);
    for (const l of r.changes) lines.push(`      ${leafLine(l)}`);
  }
  if (d.resources.length === 0) lines.push("", "No changes.");
  return lines.join("\n") + "\n";
}

export function renderDiffMarkdown(d: DiffDocument): string {
  const lines = [
    `### entra-guardrails diff`,
    "",
    `**${d.to}** against ${d.from}: ${d.summary.create} to create, ${d.summary.update} to update, ${d.summary.delete} to delete.`,
    "",
  ];
  if (d.risk.length) lines.push("**Risk summary**", "", ...d.risk.map((r) => `- ${r}`), "");
  if (d.policyPack) {
    const p = d.policyPack;
    lines.push(`**Policy pack** \`${p.name}@${p.version}\`: ${p.mandatory === 0 ? "✅" : "❌"} ${p.mandatory} mandatory, ${p.advisory} advisory violations`, "");
    for (const v of p.violations) lines.push(`- ${v.enforcementLevel === "mandatory" ? "**mandatory**" : v.enforcementLevel} \`${v.policy}\` ${v.resource || "stack"}: ${v.message}`);
    if (p.violations.length) lines.push("");
  }
  if (d.resources.length === 0) lines.push("No changes.");
  for (const r of d.resources) {
    lines.push(`<details><summary><code>${SIGN[r.op]}</code> ${shortType(r.type)} <b>${r.name}</b>${r.changes.length ? ` (${r.changes.length} change${r.changes.length > 1 ? "s" : ""})` : ""}</summary>`, "");
    if (r.changes.length) lines.push("```diff", ...r.changes.map(leafLine), "```");
    else lines.push(r.op === "create" ? "New resource." : "Resource removed.");
    lines.push("", "</details>");
  }
  return lines.join("\n") + "\n";
}
