/**
 * The risk summary on top of a diff, in plain words: what a reviewer must not miss. Destruction
 * comes first (deleted or replaced workspaces, tables, storage, action groups, policies, named
 * locations; paging receivers lost; Sev0 rules silenced), then rollout moves, removed exclusions,
 * weakened alerts and logs that stop flowing. Values are compared as ids; `label` names them.
 */
import { CA_POLICY_TYPE, NAMED_LOCATION_TYPE } from "../azuread";
import type { LeafChange, ResourceChange } from "./diff";

const ALERT = "azure-native:monitor:ScheduledQueryRule";
const DIAG = "azure-native:aadiam:DiagnosticSetting";
const TABLE = "azure-native:operationalinsights:Table";
const WORKSPACE = "azure-native:operationalinsights:Workspace";

/** Resources whose loss a reviewer must see first, with the words for them. */
const DESTRUCTIBLE: Record<string, { what: string; history?: true }> = {
  [WORKSPACE]: { what: "workspace", history: true },
  [TABLE]: { what: "table", history: true },
  "azure-native:storage:StorageAccount": { what: "storage account", history: true },
  "azure-native:monitor:ActionGroup": { what: "action group" },
  [CA_POLICY_TYPE]: { what: "Conditional Access policy" },
  [NAMED_LOCATION_TYPE]: { what: "named location" },
  [DIAG]: { what: "diagnostic setting" },
};

export interface SideResource {
  key: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface RiskContext {
  newInputs(key: string): Record<string, unknown> | undefined;
  oldInputs(key: string): Record<string, unknown> | undefined;
  /** Every resource of a type on each side, changed or not (for "still routed elsewhere"). */
  oldOfType(type: string): SideResource[];
  newOfType(type: string): SideResource[];
  /** A value (id, or name in by-name mode) that is a break-glass account or the exclusion group. */
  isBreakGlass(value: string): boolean;
  isCanaryGroup(value: string): boolean;
  /** The name to show for a value (an id's directory name); the value itself when unknown. */
  label(value: string): string;
}

const STATE_WORDS: Record<string, string> = { enabled: "enforced", enabledForReportingButNotEnforced: "report-only", disabled: "off" };

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

const isSev0 = (inputs: Record<string, unknown> | undefined) => inputs?.severity === 0 || (inputs?.severity === undefined && /sev0/i.test(String((inputs?.actions as { actionGroups?: unknown[] } | undefined)?.actionGroups?.[0] ?? "")));

/** `[sentence with {} for the names, name]`: deletions of one kind and consequence share a line. */
function destruction(c: ResourceChange, name: string): [string, string] | undefined {
  const d = DESTRUCTIBLE[c.type];
  if (!d || !(c.op === "delete" || c.replace)) return undefined;
  const verb = c.op === "delete" ? "DELETED" : `REPLACED (${c.replace!.join(", ")} changes)`;
  const notes = [...(c.protected ? ["protected: `pulumi up` will refuse"] : []), ...(d.history ? ["log history lost"] : [])];
  return [`${d.what}{s} {} {is} ${verb}${notes.length ? `: ${notes.join("; ")}` : ""}`, `'${name}'`];
}

function grouped(groups: Map<string, string[]>): string[] {
  return [...groups].map(([sentence, items]) => sentence
    .replace("{s}", items.length > 1 ? "s" : "").replace("{is}", items.length > 1 ? "are" : "is").replace("{}", items.join(", ")));
}

/** The distinguishing tails of two ids: `…0002 → …0009`. */
export function idTails(a: string, b: string): string {
  let n = 4;
  while (n < Math.max(a.length, b.length) && a.slice(-n) === b.slice(-n)) n += 4;
  return `…${a.slice(-n)} → …${b.slice(-n)}`;
}

const RECEIVER_WORDS: Record<string, string> = { smsReceivers: "SMS", voiceReceivers: "voice", webhookReceivers: "webhook" };

export function riskSummary(changes: readonly ResourceChange[], ctx: RiskContext): string[] {
  const first: string[] = [];
  const out: string[] = [];
  const counts = new Map<string, string[]>();
  const bg = new Map<string, string[]>();
  const destroyedBy = new Map<string, string[]>();
  const count = (sentence: string, item: string) => counts.set(sentence, [...(counts.get(sentence) ?? []), item]);
  const label = (c: ResourceChange) => String((ctx.newInputs(c.key) ?? ctx.oldInputs(c.key))?.displayName ?? c.name);
  const show = (v: unknown) => (typeof v === "string" ? ctx.label(v) : JSON.stringify(v));

  for (const c of changes) {
    const destroyed = destruction(c, label(c));
    if (destroyed) destroyedBy.set(destroyed[0], [...(destroyedBy.get(destroyed[0]) ?? []), destroyed[1]]);
    if (c.type === CA_POLICY_TYPE) caPolicyRisks(c, label(c), ctx, count, out, (sentence, item) => bg.set(sentence, [...(bg.get(sentence) ?? []), item]));
    if (c.type === "azure-native:monitor:ActionGroup") {
      for (const l of c.changes) {
        const m = /^(smsReceivers|voiceReceivers|webhookReceivers)\[/.exec(l.path);
        if (m && l.kind === "delete" && !/\]\./.test(l.path)) first.push(`action group '${c.name}' loses its ${RECEIVER_WORDS[m[1]]} receiver ${/=(.*)\]$/.exec(l.path)?.[1] ?? ""}`.trimEnd());
      }
    }
    if (c.type === ALERT) alertRisks(c, label(c), ctx, count, out, first, show);
    if (c.type === TABLE) {
      const plan = c.changes.find((l) => l.path === "plan");
      if (plan) out.push(`table ${c.name} changes plan ${String(plan.old)} → ${String(plan.new)} (one plan change per table per week)`);
    }
  }
  out.push(...routingRisks(ctx));
  const sentences = [...counts.entries()].map(([what, items]) => {
    const n = items.length;
    const subject = what.startsWith("move ") ? `${plural(n, "policy", "policies")} ${n === 1 ? what.replace("move", "moves") : what}` : `${n} ${what.replace(/\(ies\)/, n === 1 ? "y" : "ies").replace("(s)", n === 1 ? "" : "s")}`;
    return `${subject}: ${items.join(", ")}`;
  });
  const breakGlassLines = [...bg.entries()].map(([what, items]) => `${what} in ${plural(items.length, "policy", "policies")}: ${items.join(", ")}`);
  return [...grouped(destroyedBy), ...first, ...breakGlassLines, ...sentences, ...out];
}

function caPolicyRisks(c: ResourceChange, name: string, ctx: RiskContext, count: (s: string, i: string) => void, out: string[], breakGlass: (s: string, i: string) => void): void {
  if (c.op === "create") count("new polic(ies)", name);
  const state = c.changes.find((l) => l.path === "state");
  if (state) {
    let to = STATE_WORDS[String(state.new)] ?? String(state.new);
    const included = ((ctx.newInputs(c.key)?.conditions as { users?: { includedGroups?: string[] } } | undefined)?.users?.includedGroups ?? []);
    if (to === "enforced" && included.length === 1 && ctx.isCanaryGroup(included[0])) to = "canary";
    count(`move to ${to}`, name);
  } else if (c.op === "update" && c.changes.some((l) => l.path === "conditions.users.includedGroups" && l.kind === "delete" && typeof l.old === "string" && ctx.isCanaryGroup(l.old))) {
    count("move from canary to enforced", name);
  }
  for (const l of c.changes) {
    const removed = l.kind === "delete" || l.kind === "update";
    if (removed && /^conditions\.users\.excluded(Users|Groups)$/.test(l.path) && typeof l.old === "string") {
      const who = ctx.label(l.old);
      if (!ctx.isBreakGlass(l.old)) out.push(`${who} no longer excluded from '${name}'`);
      else if (l.kind === "update" && typeof l.new === "string") breakGlass(`BREAK-GLASS exclusion of ${who} now names another id (${idTails(l.old, l.new)})`, name);
      else breakGlass(`BREAK-GLASS exclusion of ${who} removed`, name);
    }
    if (l.path === "grantControls.builtInControls" && l.kind === "add" && l.new === "block") out.push(`'${name}' now blocks`);
    if (/^conditions\.(userRiskLevels|signInRiskLevels)$/.test(l.path)) count("risk levels changed", name);
  }
}

function alertRisks(c: ResourceChange, name: string, ctx: RiskContext, count: (s: string, i: string) => void, out: string[], first: string[], show: (v: unknown) => string): void {
  const old = ctx.oldInputs(c.key);
  if (c.op === "delete") (isSev0(old) ? first : out).push(`${isSev0(old) ? "Sev0 " : ""}alert '${name}' is removed`);
  if (c.op === "create") count("new alert rule(s)", name);
  for (const l of c.changes) {
    if (/criteria\.allOf\[[^\]]+\]\.threshold$/.test(l.path) && typeof l.old === "number" && typeof l.new === "number") {
      out.push(`alert threshold ${l.new > l.old ? "raised" : "lowered"} on '${name}' (${l.old} → ${l.new})`);
    }
    if (l.path === "enabled" && l.new === false) (isSev0(old) ? first : out).push(`${isSev0(old) ? "Sev0 " : ""}alert '${name}' is disabled`);
    if (l.path === "severity" && l.old === 0) first.push(`alert '${name}' is no longer Sev0 (Sev${String(l.new)})`);
    if (/criteria\.allOf\[[^\]]+\]\.query$/.test(l.path)) count("alert quer(ies) changed", name);
  }
  const groups = c.changes.filter((l) => l.path === "actions.actionGroups");
  if (groups.length > 0 && isSev0(old)) {
    const removed = groups.filter((l) => l.kind !== "add").map((l) => show(l.old));
    const added = groups.filter((l) => l.kind !== "delete").map((l) => show(l.new));
    first.push(`Sev0 alert '${name}' changes its action group${removed.length ? ` from ${removed.join(", ")}` : ""}${added.length ? ` to ${added.join(", ")}` : ""}`);
  }
}

/** Categories per destination on each side: what stops flowing, and what only moves. */
function routingRisks(ctx: RiskContext): string[] {
  const routed = (resources: SideResource[]) => {
    const m = new Map<string, string[]>();
    for (const r of resources) {
      if (r.inputs.workspaceId === undefined) continue;
      for (const l of (r.inputs.logs ?? []) as { category?: string; enabled?: boolean }[]) {
        if (l.category && l.enabled !== false) m.set(l.category, [...(m.get(l.category) ?? []), r.name]);
      }
    }
    return m;
  };
  const before = routed(ctx.oldOfType(DIAG));
  const after = routed(ctx.newOfType(DIAG));
  const lost = new Map<string, string[]>();
  const moved = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const [category, settings] of [...before.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const now = after.get(category);
    if (!now) add(lost, `log categor{ies} {} {is} no longer routed to any workspace (was '${settings.join("', '")}')`, category);
    else if (now.join() !== settings.join()) add(moved, `log categor{ies} {} move{s} from '${settings.join("', '")}' to '${now.join("', '")}'`, category);
  }
  return [...lost, ...moved].map(([sentence, cats]) => sentence
    .replace("{ies}", cats.length > 1 ? "ies" : "y").replace("{is}", cats.length > 1 ? "are" : "is").replace("{s}", cats.length > 1 ? "" : "s").replace("{}", cats.join(", ")));
}

export type { LeafChange };
