/**
 * Drift: what the tenant has now (a Graph export) against what the stack declares, matched by
 * object id. Noise is ignored: `@odata` fields and timestamps (never compared), empty vs null vs
 * missing, the order of set-like lists, the case of enum values. What matters leads: a live policy
 * without the break-glass exclusions, a policy switched to report-only or off in the portal,
 * exclusions added by hand, a named location widened.
 */
import { diffValues, normalize, type LeafChange } from "./diff/diff";
import type { GraphCaPolicy } from "./graph";
import { missingBreakGlassExclusions, type BreakGlassIds } from "./rollout";
import { normalizeGraphJson } from "./whatif/decode";
import type { NamedLocation } from "./whatif/types";

export interface DriftInput {
  policies: GraphCaPolicy[];
  locations: NamedLocation[];
}

export interface DriftChange {
  kind: "policy" | "namedLocation";
  id: string;
  displayName: string;
  changes: LeafChange[];
}

export interface DriftReport {
  /** One sentence each, most important first. */
  findings: string[];
  /** Declared, not in the tenant (deleted in the portal, or never deployed). */
  missing: { kind: "policy" | "namedLocation"; id: string; displayName: string }[];
  /** In the tenant, not declared by this stack. */
  unmanaged: { id: string; displayName: string; state: string }[];
  /** Microsoft-managed policies (listed apart: the tenant owns them, not this stack). */
  microsoftManaged: { id: string; displayName: string; state: string }[];
  changed: DriftChange[];
}

/** Microsoft creates and names its managed policies "Microsoft-managed: …" (Entra "Microsoft-managed policies"). */
export const isMicrosoftManaged = (p: { displayName: string }) => /^microsoft-managed:/i.test(p.displayName.trim());

const STATE_WORDS: Record<string, string> = { enabled: "enforced", enabledforreportingbutnotenforced: "report-only", disabled: "off" };
const KEEP_CASE = /(^|\.)displayName$|\.rule$/;

/** The compared content of a policy: the Graph fields the kit declares, enums lower-cased, strength by id. */
function comparablePolicy(p: GraphCaPolicy): unknown {
  const strength = p.grantControls?.authenticationStrength;
  const body = {
    displayName: p.displayName,
    state: p.state,
    conditions: p.conditions,
    grantControls: p.grantControls ? { ...p.grantControls, authenticationStrength: strength ? { id: strength.id } : undefined } : undefined,
    sessionControls: p.sessionControls,
  };
  // The codec writes `@odata.type` where Graph needs it; exports carry more. Neither is content.
  return lowerEnums(normalize(normalizeGraphJson(body)), "");
}

function lowerEnums(v: unknown, path: string): unknown {
  if (typeof v === "string") return KEEP_CASE.test(path) ? v : v.toLowerCase();
  if (Array.isArray(v)) return v.map((x) => lowerEnums(x, path)).sort((a, b) => (typeof a === "string" && typeof b === "string" ? a.localeCompare(b) : 0));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lowerEnums(x, path ? `${path}.${k}` : k)]));
  return v;
}

function comparableLocation(l: NamedLocation): unknown {
  return lowerEnums(normalize({ displayName: l.displayName, kind: l.kind, isTrusted: l.isTrusted || undefined, ipRanges: l.ipRanges, countries: l.countries, includeUnknownCountriesAndRegions: l.includeUnknownCountriesAndRegions || undefined }), "");
}

const byId = <T extends { id?: string }>(xs: readonly T[]) => new Map(xs.filter((x) => x.id).map((x) => [x.id!.toLowerCase(), x]));

export function driftReport(declared: DriftInput, live: DriftInput, breakGlass: BreakGlassIds | undefined, name: (id: string) => string = (id) => id): DriftReport {
  const critical: string[] = [];
  const important: string[] = [];
  const other: string[] = [];
  const report: DriftReport = { findings: [], missing: [], unmanaged: [], microsoftManaged: [], changed: [] };

  // Every live policy, managed by this stack or not, must leave the break-glass accounts out.
  if (breakGlass) {
    for (const p of live.policies) {
      const miss = missingBreakGlassExclusions(p, breakGlass);
      const who = [...miss.userIds, ...miss.groupIds].map(name);
      if (who.length > 0 && p.state !== "disabled") critical.push(`BREAK-GLASS: live policy '${p.displayName}' (${p.state}) does not exclude ${who.join(", ")}`);
    }
  }

  const liveById = byId(live.policies);
  for (const d of declared.policies) {
    const l = d.id ? liveById.get(d.id.toLowerCase()) : undefined;
    if (!l) {
      report.missing.push({ kind: "policy", id: d.id ?? "", displayName: d.displayName });
      important.push(`policy '${d.displayName}' is declared but not in the tenant (deleted in the portal?)`);
      continue;
    }
    const changes = diffValues(comparablePolicy(d), comparablePolicy(l));
    if (changes.length === 0) continue;
    report.changed.push({ kind: "policy", id: l.id!, displayName: d.displayName, changes });
    if (d.state !== l.state) {
      const to = STATE_WORDS[l.state.toLowerCase()] ?? l.state;
      (to === "enforced" ? other : critical).push(`policy '${d.displayName}' was switched to ${to} in the portal (declared ${STATE_WORDS[d.state.toLowerCase()]})`);
    }
    const added = changes.filter((c) => c.kind === "add" && /^conditions\.users\.exclude(Users|Groups|Roles)$/.test(c.path));
    if (added.length > 0) important.push(`exclusions added by hand to '${d.displayName}': ${added.map((c) => name(String(c.new))).join(", ")}`);
    const rest = changes.filter((c) => c.path !== "state" && !added.includes(c));
    if (rest.length > 0) other.push(`policy '${d.displayName}' differs in ${rest.map((c) => c.path).filter((p, i, a) => a.indexOf(p) === i).join(", ")}`);
  }
  const declaredIds = new Set(declared.policies.map((p) => p.id?.toLowerCase()));
  for (const l of live.policies) {
    if (l.id && declaredIds.has(l.id.toLowerCase())) continue;
    const entry = { id: l.id ?? "", displayName: l.displayName, state: l.state };
    if (isMicrosoftManaged(l)) report.microsoftManaged.push(entry);
    else {
      report.unmanaged.push(entry);
      other.push(`policy '${l.displayName}' (${l.state}) is in the tenant but not declared by this stack`);
    }
  }

  const liveLocations = byId(live.locations);
  for (const d of declared.locations) {
    const l = liveLocations.get(d.id.toLowerCase());
    if (!l) {
      report.missing.push({ kind: "namedLocation", id: d.id, displayName: d.displayName });
      important.push(`named location '${d.displayName}' is declared but not in the tenant`);
      continue;
    }
    const changes = diffValues(comparableLocation(d), comparableLocation(l));
    if (changes.length === 0) continue;
    report.changed.push({ kind: "namedLocation", id: l.id, displayName: d.displayName, changes });
    const widened = changes.filter((c) => (c.kind === "add" && /^(ipRanges|countries)$/.test(c.path)) || (/^(isTrusted|includeUnknownCountriesAndRegions)$/.test(c.path) && c.new === true));
    if (widened.length > 0) critical.push(`named location '${d.displayName}' was widened in the portal: ${widened.map((c) => `${c.path} ${c.kind === "add" ? `+${String(c.new)}` : "on"}`).join(", ")}`);
    else other.push(`named location '${d.displayName}' differs in ${changes.map((c) => c.path).join(", ")}`);
  }
  report.findings = [...critical, ...important, ...other];
  return report;
}
