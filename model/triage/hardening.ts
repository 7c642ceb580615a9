/**
 * The hardening a triage leads to, as a patch of the stack config: a named location of the addresses
 * that sprayed or broke in and one of the countries only attackers came from, custom policies blocking
 * them, and the catalog policies the findings call
 * for (MFA outside trusted networks, sign-in risk, legacy authentication) where the stack does not
 * enforce them yet. Everything enters at the report-only stage, so it goes through the normal rollout
 * and the pack's rules like any other change. Pure: plain data in, plain data out.
 */
import type { ProfileConfig } from "../profile/schema";
import type { TriageReport } from "./triage";

export interface HardeningChange {
  /** Config path under `config:`, e.g. ["guardrails:customPolicies", "triageBlockSuspiciousAddresses"]. */
  path: string[];
  /** `append`: add to the list at path; `set`: set the value at path (absent before). */
  op: "append" | "set";
  value: unknown;
  why: string;
}

export interface HardeningProposal { changes: HardeningChange[]; notes: string[] }

const prefixFor = (ip: string) => (ip.includes(":") ? `${ip}/128` : `${ip}/32`);
const reportOnly = (today: string) => ({ stage: "reportOnly", since: { reportOnly: today } });

/** Addresses to block: those that sprayed, and those a likely compromise came from (never a declared network). */
export function suspectAddresses(report: TriageReport): { ip: string; why: string }[] {
  const out = new Map<string, string>();
  for (const ip of report.ips) if (ip.sprayUsers !== undefined) out.set(ip.ip, `password spray against ${ip.sprayUsers} users`);
  for (const s of report.flagged) if (s.verdict === "likely-compromise" && s.ip && !out.has(s.ip)) out.set(s.ip, `likely compromise of ${s.user}`);
  return [...out].map(([ip, why]) => ({ ip, why })).sort((a, b) => a.ip.localeCompare(b.ip));
}

export function hardeningProposal(report: TriageReport, config: Pick<ProfileConfig, "namedLocations" | "rollout" | "customPolicies">, today: string): HardeningProposal {
  const changes: HardeningChange[] = [];
  const notes: string[] = [];
  const suspects = suspectAddresses(report);
  const stamp = today.replace(/-/g, "");
  if (suspects.length > 0) {
    const location = `Triage suspicious addresses ${today}`;
    const key = `triageBlock${stamp}`;
    const declared = config.namedLocations.untrusted.some((l) => l.name === location) || Object.hasOwn(config.customPolicies, key);
    if (declared) notes.push(`'${location}' or '${key}' already exists: run the proposal on a later day or rename them`);
    else {
      changes.push({
        path: ["guardrails:namedLocations", "untrusted"], op: "append",
        value: { name: location, ipRanges: suspects.map((s) => prefixFor(s.ip)) },
        why: suspects.map((s) => `${s.ip}: ${s.why}`).join("; "),
      });
      changes.push({
        path: ["guardrails:customPolicies", key], op: "set",
        value: {
          displayName: `GR-T Block addresses from triage ${today}`,
          neverRelax: true,
          conditions: {
            users: { includeUsers: ["All"] },
            applications: { includeApplications: ["All"] },
            clientAppTypes: ["all"],
            locations: { includeLocations: [location] },
          },
          grantControls: { operator: "OR", builtInControls: ["block"] },
        },
        why: "blocks sign-ins from the addresses above for everyone (break-glass accounts stay excluded, as in every policy)",
      });
      changes.push({ path: ["guardrails:rollout", "policies", key], op: "set", value: reportOnly(today), why: "a new policy enters at report-only" });
    }
  }
  // Countries only attackers use: a likely compromise or spray came from there, and no sign-in from there was clean.
  const sprayIps = new Set(report.ips.filter((i) => i.sprayUsers !== undefined).map((i) => i.ip));
  const attackCountries = new Set(report.flagged.filter((f) => f.country && (f.verdict === "likely-compromise" || (f.ip && sprayIps.has(f.ip)))).map((f) => f.country!));
  const blocked = report.countries.filter((c) => attackCountries.has(c.country) && c.cleanSuccesses === 0 && !(config.namedLocations.allowedCountries?.countries ?? []).includes(c.country)).map((c) => c.country).sort();
  if (blocked.length > 0) {
    const name = `Triage blocked countries ${today}`;
    const key = `triageBlockCountries${stamp}`;
    if (config.namedLocations.countries.some((l) => l.name === name) || Object.hasOwn(config.customPolicies, key)) notes.push(`'${name}' or '${key}' already exists`);
    else {
      changes.push({ path: ["guardrails:namedLocations", "countries"], op: "append", value: { name, countries: blocked }, why: `attacks came from ${blocked.join(", ")} and no clean sign-in did` });
      changes.push({
        path: ["guardrails:customPolicies", key], op: "set",
        value: {
          displayName: `GR-T Block countries from triage ${today}`, neverRelax: true,
          conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"], locations: { includeLocations: [name] } },
          grantControls: { operator: "OR", builtInControls: ["block"] },
        },
        why: "blocks sign-ins from those countries for everyone (break-glass accounts excluded)",
      });
      changes.push({ path: ["guardrails:rollout", "policies", key], op: "set", value: reportOnly(today), why: "a new policy enters at report-only" });
    }
  }
  const stageOf = (k: string) => config.rollout.policies[k]?.stage;
  const catalog = (k: string, finding: boolean, why: string) => {
    if (!finding) return;
    const stage = stageOf(k);
    if (stage === "enforced" || stage === "canary" || stage === "reportOnly") { notes.push(`${k} is already ${stage}: ${why}`); return; }
    const path = ["guardrails:rollout", "policies", k];
    changes.push({ path, op: "set", value: reportOnly(today), why });
  };
  catalog("mfaOutsideTrustedLocations", report.mfa.singleFactorOutsideTrusted > 0, `${report.mfa.singleFactorOutsideTrusted} interactive single-factor successes outside the trusted networks`);
  catalog("signInRiskMfa", report.risk.eventTypes.length > 0 || report.risk.levels.some(([l]) => l === "medium" || l === "high"), "risky sign-ins in the export");
  catalog("blockLegacyAuthentication", report.operations.legacy > 0, `${report.operations.legacy} legacy-protocol sign-ins`);
  // A stage of "off" is an existing entry: promoting it is a change of stage, not a new entry.
  for (const c of changes) if (c.path[0] === "guardrails:rollout" && stageOf(c.path[2]) === "off") c.why += " (was off)";
  if (changes.length === 0) notes.push("nothing to propose: no spraying or compromising address, and the catalog policies the findings call for are deployed");
  return { changes, notes };
}
