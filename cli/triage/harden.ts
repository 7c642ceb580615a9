/**
 * `triage --harden`: the proposal as YAML, and applied to a copy of the stack file (comments and
 * order kept; the copy must load as a valid stack, else nothing is written).
 */
import { isMap, isSeq, parseDocument, stringify } from "yaml";
import { loadProfileText, type TenantProfile } from "../../model/profile/load";
import type { HardeningChange, HardeningProposal } from "../../model/triage/hardening";
import { quoteDates } from "../incident/stackFile";
import { UsageError } from "../io";

/** The patch as a YAML fragment of the stack file, each change with its reason. */
export function proposalYaml(p: HardeningProposal, today: string): string {
  const head = [`# guardrails triage: hardening proposal of ${today}. Every policy enters at report-only.`];
  for (const c of p.changes) head.push(`# ${c.op === "append" ? "append to" : "set"} ${c.path.join(".")}: ${c.why}`);
  for (const n of p.notes) head.push(`# note: ${n}`);
  if (p.changes.length === 0) return head.join("\n") + "\n";
  const config: Record<string, unknown> = {};
  for (const c of p.changes) {
    let at = config;
    for (const k of c.path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    const last = c.path[c.path.length - 1];
    if (c.op === "append") ((at[last] ??= []) as unknown[]).push(c.value);
    else at[last] = c.value;
  }
  return head.join("\n") + "\n" + stringify({ config }, { lineWidth: 0 });
}

function apply(doc: ReturnType<typeof parseDocument>, c: HardeningChange): void {
  const path = ["config", ...c.path];
  const node = doc.getIn(path, true);
  if (c.op === "append") {
    if (node === undefined) doc.setIn(path, quoteDates(doc.createNode([c.value])));
    else if (isSeq(node)) node.add(quoteDates(doc.createNode(c.value)));
    else throw new UsageError(`${c.path.join(".")}: is not a list in the stack file`);
    return;
  }
  // An existing entry (a catalog policy deployed `off`) keeps its other settings: only the keys given are set.
  if (isMap(node) && c.value && typeof c.value === "object") {
    for (const [k, v] of Object.entries(c.value as Record<string, unknown>)) {
      const inner = node.get(k, true);
      if (isMap(inner) && v && typeof v === "object") for (const [k2, v2] of Object.entries(v)) inner.set(k2, quoteDates(doc.createNode(v2)));
      else node.set(k, quoteDates(doc.createNode(v)));
    }
  } else doc.setIn(path, quoteDates(doc.createNode(c.value)));
}

/** The stack file's text with the proposal applied; validated by loading it as a stack. */
export function applyProposal(text: string, file: string, stack: string, p: HardeningProposal): { text: string; profile: TenantProfile } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UsageError(`${file}: invalid YAML (${doc.errors[0].message.split("\n")[0]})`);
  for (const c of p.changes) apply(doc, c);
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return { text: out, profile: loadProfileText(out, file, stack) };
}
