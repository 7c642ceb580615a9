import type { LeafChange, ResourceChange } from "../../model/diff/diff";
import type { PlanPolicyPack } from "../plan/document";
import { idTails } from "../../model/diff/risk";
import { lineDiff } from "./annotate";

export interface DiffDocument {
  from: string;
  to: string;
  /** `id` (default): values compared as they are. `name`: two tenants, ids matched by their names. */
  matchBy: "id" | "name";
  summary: { create: number; update: number; delete: number };
  risk: string[];
  resources: ResourceChange[];
  policyPack?: PlanPolicyPack;
}

const SIGN = { create: "+", delete: "-", update: "~" } as const;

const shown = (v: unknown, label: string | undefined) => (label !== undefined ? label : JSON.stringify(v));
const isText = (v: unknown): v is string => typeof v === "string" && v.includes("\n");

/** One change as lines: a value, an id change behind one name, or a line diff of a query. */
export function leafLines(l: LeafChange): string[] {
  if (l.kind === "update" && (isText(l.old) || isText(l.new)) && typeof l.old === "string" && typeof l.new === "string") {
    return [`~ ${l.path}:`, ...lineDiff(l.old, l.new).map((x) => `    ${x}`)];
  }
  if (l.kind === "add") return isText(l.new) ? [`+ ${l.path}:`, ...l.new.split("\n").map((x) => `    ${x}`)] : [`+ ${l.path}: ${shown(l.new, l.newLabel)}`];
  if (l.kind === "delete") return isText(l.old) ? [`- ${l.path}:`, ...l.old.split("\n").map((x) => `    ${x}`)] : [`- ${l.path}: ${shown(l.old, l.oldLabel)}`];
  if (l.oldLabel !== undefined && l.oldLabel === l.newLabel && typeof l.old === "string" && typeof l.new === "string") {
    return [`~ ${l.path}: ${l.oldLabel} (${idTails(l.old, l.new)})`];
  }
  return [`~ ${l.path}: ${shown(l.old, l.oldLabel)} → ${shown(l.new, l.newLabel)}`];
}

const shortType = (t: string) => t.replace(/^azuread:index\/\w+:/, "azuread:").replace(/^azure-native:(\w+):/, "azure-native:$1:");

const headerNote = (d: DiffDocument) => (d.matchBy === "name"
  ? "matching by name: ids of users, groups, roles, applications and locations are compared by the names each stack gives them (two tenants); an id change behind the same name is not shown"
  : undefined);

const opWords = (r: ResourceChange) => (r.replace ? ` (replace: ${r.replace.join(", ")})` : "") + (r.protected && (r.op === "delete" || r.replace) ? " [protected]" : "");

export function renderDiffText(d: DiffDocument): string {
  const lines = [
    `Diff: ${d.to}`,
    `  against ${d.from}`,
    ...(headerNote(d) ? [`  ${headerNote(d)}`] : []),
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
    lines.push(`  ${SIGN[r.op]} ${shortType(r.type)} ${r.name}${opWords(r)}`);
    for (const l of r.changes) for (const x of leafLines(l)) lines.push(`      ${x}`);
    for (const c of r.content ?? []) lines.push(`      ${SIGN[r.op]} ${c}`);
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
    ...(headerNote(d) ? [`> ${headerNote(d)}`, ""] : []),
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
    const what = r.op === "update" ? `${r.changes.length} change${r.changes.length > 1 ? "s" : ""}` : r.op === "create" ? "new" : "deleted";
    lines.push(`<details><summary><code>${SIGN[r.op]}</code> ${shortType(r.type)} <b>${r.name}</b> (${what})${opWords(r)}</summary>`, "");
    const body = [...r.changes.flatMap(leafLines), ...(r.content ?? []).map((c) => `${SIGN[r.op]} ${c}`)];
    if (body.length) lines.push("```diff", ...body.map((x) => x.replace(/```/g, "ˋˋˋ")), "```");
    lines.push("", "</details>");
  }
  return lines.join("\n") + "\n";
}
