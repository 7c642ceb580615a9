/**
 * The risk summary on top of a diff, in plain words: what a reviewer must not miss (policies
 * enforced or switched off, exclusions removed, alerts weakened, logs dropped).
 */
import { CA_POLICY_TYPE } from "../azuread";
import type { ResourceChange } from "./diff";

const ALERT = "azure-native:monitor:ScheduledQueryRule";
const DIAG = "azure-native:aadiam:DiagnosticSetting";
const TABLE = "azure-native:operationalinsights:Table";

export interface RiskContext {
  /** New-side inputs by resource key (names rendered), for context such as the policy's display name. */
  newInputs(key: string): Record<string, unknown> | undefined;
  oldInputs(key: string): Record<string, unknown> | undefined;
  /** Names of the break-glass accounts and group, as rendered in the diff. */
  breakGlassNames: readonly string[];
  canaryGroupNames: readonly string[];
}

const STATE_WORDS: Record<string, string> = { enabled: "enforced", enabledForReportingButNotEnforced: "report-only", disabled: "off" };

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

export function riskSummary(changes: readonly ResourceChange[], ctx: RiskContext): string[] {
  const out: string[] = [];
  const counts = new Map<string, string[]>();
  const count = (sentence: string, item: string) => counts.set(sentence, [...(counts.get(sentence) ?? []), item]);
  const label = (c: ResourceChange) => String((ctx.newInputs(c.key) ?? ctx.oldInputs(c.key))?.displayName ?? c.name);

  for (const c of changes) {
    if (c.type === CA_POLICY_TYPE) {
      if (c.op === "create") count(`new polic(ies)`, label(c));
      if (c.op === "delete") out.push(`policy '${label(c)}' is deleted`);
      const state = c.changes.find((l) => l.path === "state");
      if (state) {
        let to = STATE_WORDS[String(state.new)] ?? String(state.new);
        const included = ((ctx.newInputs(c.key)?.conditions as any)?.users?.includedGroups ?? []) as string[];
        if (to === "enforced" && included.length === 1 && ctx.canaryGroupNames.includes(included[0])) to = "canary";
        count(`move to ${to}`, label(c));
      } else if (c.op === "update" && c.changes.some((l) => l.path === "conditions.users.includedGroups" && ctx.canaryGroupNames.includes(String(l.old)))) {
        count("move from canary to enforced", label(c));
      }
      for (const l of c.changes) {
        if (l.kind === "delete" && /^conditions\.users\.excluded(Users|Groups)$/.test(l.path)) {
          const who = String(l.old);
          out.push(ctx.breakGlassNames.includes(who) ? `BREAK-GLASS exclusion of ${who} removed from '${label(c)}'` : `${who} no longer excluded from '${label(c)}'`);
        }
        if (l.path === "grantControls.builtInControls" && l.kind === "add" && l.new === "block") out.push(`'${label(c)}' now blocks`);
        if (/^conditions\.(userRiskLevels|signInRiskLevels)$/.test(l.path)) count(`risk levels changed`, label(c));
      }
    }
    if (c.type === ALERT) {
      const name = label(c);
      if (c.op === "delete") out.push(`alert '${name}' is removed`);
      if (c.op === "create") count("new alert rule(s)", name);
      for (const l of c.changes) {
        if (/criteria\.allOf\[0\]\.threshold$/.test(l.path) && typeof l.old === "number" && typeof l.new === "number") {
          out.push(`alert threshold ${l.new > l.old ? "raised" : "lowered"} on '${name}' (${l.old} → ${l.new})`);
        }
        if (l.path === "enabled" && l.new === false) out.push(`alert '${name}' is disabled`);
        if (/criteria\.allOf\[0\]\.query$/.test(l.path)) count("alert quer(ies) changed", name);
      }
    }
    if (c.type === DIAG) {
      for (const l of c.changes) if (l.kind === "delete" && /^logs\[\d+\]\.category$/.test(l.path)) out.push(`log category ${String(l.old)} no longer routed by '${c.name}'`);
    }
    if (c.type === TABLE) {
      const plan = c.changes.find((l) => l.path === "plan");
      if (plan) out.push(`table ${c.name} changes plan ${String(plan.old)} → ${String(plan.new)} (one plan change per table per week)`);
    }
  }
  // A deleted diagnostic setting matters for the categories no setting of the new side routes.
  const categoriesOf = (inputs: Record<string, unknown> | undefined) => ((inputs?.logs ?? []) as { category: string }[]).map((l) => l.category);
  const stillRouted = new Set(changes.filter((c) => c.type === DIAG && c.op !== "delete").flatMap((c) => categoriesOf(ctx.newInputs(c.key))));
  for (const c of changes.filter((x) => x.type === DIAG && x.op === "delete")) {
    const lost = categoriesOf(ctx.oldInputs(c.key)).filter((cat) => !stillRouted.has(cat));
    out.push(lost.length > 0
      ? `diagnostic setting '${c.name}' is deleted: ${lost.join(", ")} stop flowing there`
      : `diagnostic setting '${c.name}' is replaced (its categories are routed by another setting)`);
  }
  const sentences = [...counts.entries()].map(([what, items]) => {
    const n = items.length;
    const subject = what.startsWith("move ") ? `${plural(n, "policy", "policies")} ${n === 1 ? what.replace("move", "moves") : what}` : `${n} ${what.replace(/\(ies\)/, n === 1 ? "y" : "ies").replace("(s)", n === 1 ? "" : "s")}`;
    return `${subject}: ${items.join(", ")}`;
  });
  return [...sentences, ...out];
}
