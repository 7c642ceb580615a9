/**
 * Names on top of a diff computed on ids: each old value is named with the old side's directory,
 * each new value with the new side's; an id that changed behind an unchanged name is shown with
 * both ids. Created and deleted resources get their content, a policy as users, apps, conditions,
 * grant, session and stage.
 */
import { azureadToGraph } from "../../model/codec";
import { CA_POLICY_TYPE } from "../../model/azuread";
import { summarizePolicy, type NamedRef } from "../../model/describe";
import { itemPaths, type LeafChange, type ResourceChange } from "../../model/diff/diff";
import type { AzureadCaPolicyArgs } from "../../model/azuread";
import type { DiffSide } from "./sources";

/** Prefix of a reference to one of a side's own resources (see DiffSide.ownIds). */
export const REF = "guardrails://";

export interface Labeler {
  before(v: string): string | undefined;
  after(v: string): string | undefined;
}

/** Names for values: directory ids by each side's names, own-resource references by resource name. */
export function labeler(before: DiffSide, after: DiffSide): Labeler {
  const refLabels = new Map<string, string>();
  for (const r of [...before.resources, ...after.resources]) {
    const key = r.urn.split("::").slice(2).join("::");
    refLabels.set(key, typeof r.inputs.displayName === "string" ? r.inputs.displayName : r.name);
  }
  const refName = (v: string) => (v.startsWith(REF) ? refLabels.get(v.slice(REF.length)) ?? v.slice(REF.length).split("::").pop() : undefined);
  const named = (primary: DiffSide, fallback: DiffSide) => (v: string) =>
    refName(v) ?? primary.names.get(v.toLowerCase()) ?? fallback.names.get(v.toLowerCase());
  return { before: named(before, after), after: named(after, before) };
}

/** Adds labels; a delete and an add of two ids that carry the same name become one update. */
export function labelLeaves(leaves: LeafChange[], names: Labeler): LeafChange[] {
  const out: LeafChange[] = [];
  const adds = new Map<string, LeafChange>();
  for (const l of leaves) {
    const withLabels: LeafChange = { ...l };
    if (typeof l.old === "string") { const n = names.before(l.old); if (n !== undefined && n !== l.old) withLabels.oldLabel = n; }
    if (typeof l.new === "string") { const n = names.after(l.new); if (n !== undefined && n !== l.new) withLabels.newLabel = n; }
    out.push(withLabels);
    if (l.kind === "add" && withLabels.newLabel) adds.set(`${l.path}\u0000${withLabels.newLabel}`, withLabels);
  }
  const merged: LeafChange[] = [];
  const used = new Set<LeafChange>();
  for (const l of out) {
    if (l.kind === "delete" && l.oldLabel) {
      const twin = adds.get(`${l.path}\u0000${l.oldLabel}`);
      if (twin && !used.has(twin)) {
        used.add(twin);
        merged.push({ path: l.path, kind: "update", old: l.old, new: twin.new, oldLabel: l.oldLabel, newLabel: twin.newLabel });
        continue;
      }
    }
    merged.push(l);
  }
  return merged.filter((l) => !used.has(l));
}

const refs = (list: NamedRef[]) => (list.length === 0 ? "none" : list.map((r) => r.name).join(", "));
const STATE_WORDS: Record<string, string> = { enabled: "enforced (or canary)", enabledForReportingButNotEnforced: "report-only", disabled: "off" };

function flatten(v: unknown, path: string, out: string[], label: (s: string) => string | undefined): void {
  if (Array.isArray(v) && v.every((x) => typeof x !== "object")) {
    out.push(`${path}: ${v.map((x) => (typeof x === "string" ? label(x) ?? x : String(x))).join(", ")}`);
  } else if (Array.isArray(v)) {
    for (const [at, x] of itemPaths(path, v)) flatten(x, at, out, label);
  } else if (v !== null && typeof v === "object") {
    for (const k of Object.keys(v).sort()) if (!k.startsWith("__")) flatten((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, label);
  } else if (typeof v === "string" && v.includes("\n")) {
    out.push(`${path}:`, ...v.split("\n").map((line) => `    ${line}`));
  } else if (v !== undefined && v !== null && v !== "") {
    out.push(`${path}: ${typeof v === "string" ? label(v) ?? v : JSON.stringify(v)}`);
  }
}

/** What a created or deleted resource holds, one line each. */
export function contentOf(type: string, inputs: Record<string, unknown>, side: DiffSide, label: (v: string) => string | undefined): string[] {
  if (type === CA_POLICY_TYPE) {
    const graph = azureadToGraph(inputs as unknown as AzureadCaPolicyArgs);
    const s = summarizePolicy(graph, side.index);
    return [
      `display name: ${graph.displayName}`,
      `state: ${graph.state} (stage ${STATE_WORDS[graph.state] ?? graph.state})`,
      `users: include ${refs(s.include)}; exclude ${refs(s.exclude)}`,
      s.applications.userActions.length > 0 ? `user actions: ${s.applications.userActions.join(", ")}` : `applications: include ${refs(s.applications.include)}; exclude ${refs(s.applications.exclude)}`,
      `conditions: ${s.conditions.join("; ") || "none"}`,
      `grant: ${s.grant}`,
      `session: ${s.session.join("; ") || "none"}`,
    ];
  }
  const out: string[] = [];
  flatten(inputs, "", out, label);
  return out;
}

/** Changed lines of two texts (a KQL query): unchanged lines with two spaces, removed with `-`, added with `+`. */
export function lineDiff(a: string, b: string): string[] {
  const x = a.split("\n");
  const y = b.split("\n");
  // Longest common subsequence; queries are a few dozen lines.
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) { out.push(`  ${x[i]}`); i++; j++; }
    else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.push(`- ${x[i++]}`);
    else out.push(`+ ${y[j++]}`);
  }
  return out;
}

export type { ResourceChange };
