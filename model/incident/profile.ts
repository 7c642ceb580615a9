/**
 * The incident relaxed-threshold profile: a reviewed overlay that may change only whitelisted
 * knobs, for a bounded time. The stack config key `guardrails:incident` holds an applied profile;
 * its shape is checked when the config loads, its content by `incidentProblems`, which the CLI and
 * the policy pack's `incident-profile-valid` rule share. The overlay applies only valid knobs.
 */
import { clonePlain } from "../clone";
import { z } from "zod";
import { isCalendarDate } from "../inputFormats";
import { ALERT_RULES } from "../alerts/rules";
import type { ProfileConfig } from "../profile/schema";

export const DEFAULT_MAX_HOURS = 72;

/** Alert rules whose thresholds an incident may raise; never the break-glass rules. */
export const RELAXABLE_ALERTS: Readonly<Record<string, readonly string[]>> = {
  riskSpike: ["sev1", "sev0"],
  lockoutStorm: ["threshold"],
  leakedCredentialBurst: ["threshold"],
};

const iso = z.string().refine(isCalendarDate, { message: "must be an ISO date-time that exists (YYYY-MM-DDThh:mm:ssZ)" });

/** `changes`: kept permissive here so an over-broad profile reaches the validator (and the pack) with a clear message. */
export const incidentChangesSchema = z.record(z.string(), z.unknown());

/** A profile file in stacks/incident/<name>.yaml. */
export const incidentFileSchema = z.strictObject({
  reason: z.string().min(10, { message: "must say why (at least 10 characters)" }),
  approvedBy: z.array(z.string().min(1)).min(1, { message: "needs at least one approver" }),
  maxDurationHours: z.number().positive().max(24 * 14).default(DEFAULT_MAX_HOURS),
  changes: incidentChangesSchema,
});
export type IncidentFile = z.output<typeof incidentFileSchema>;

/** `guardrails:incident` in a stack config: an applied profile. */
export const incidentConfigSchema = z.strictObject({
  profile: z.string().min(1),
  reason: z.string(),
  ticket: z.string(),
  approvedBy: z.array(z.string()),
  startsAt: iso,
  expiresAt: iso,
  maxDurationHours: z.number().positive().default(DEFAULT_MAX_HOURS),
  changes: incidentChangesSchema,
});
export type IncidentConfig = z.output<typeof incidentConfigSchema>;

export interface RelaxableTenant {
  policyKeys: readonly string[];
  neverRelax: ReadonlySet<string>;
  /** Policies whose thresholds follow the stack's risk settings (riskLevels knob). */
  riskBased: ReadonlySet<string>;
  /** Policies with a user-risk condition (remediate knob). */
  userRisk: ReadonlySet<string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const RISK_LEVELS = ["low", "medium", "high"];

/** Every way the changes exceed the whitelist, as `changes.<path>: message`. */
export function changeProblems(changes: Record<string, unknown>, t: RelaxableTenant): string[] {
  const out: string[] = [];
  for (const [knob, value] of Object.entries(changes)) {
    const at = `changes.${knob}`;
    if (knob === "reportOnly") {
      if (!Array.isArray(value)) { out.push(`${at}: must be a list of policy keys`); continue; }
      for (const key of value.map(String)) {
        if (!t.policyKeys.includes(key)) out.push(`${at}: '${key}' is not a policy of this stack`);
        else if (t.neverRelax.has(key)) out.push(`${at}: '${key}' is marked neverRelax (admin protection, legacy-auth block) and cannot be relaxed`);
      }
    } else if (knob === "remediate") {
      if (!Array.isArray(value)) { out.push(`${at}: must be a list of policy keys`); continue; }
      for (const key of value.map(String)) {
        if (!t.userRisk.has(key)) out.push(`${at}: '${key}' has no user-risk condition; only user-risk policies may switch from block to MFA + password change`);
        else if (t.neverRelax.has(key)) out.push(`${at}: '${key}' is marked neverRelax and cannot be relaxed`);
      }
    } else if (knob === "riskLevels") {
      if (!isObject(value)) { out.push(`${at}: must map risk-based policy keys to risk levels`); continue; }
      for (const [key, levels] of Object.entries(value)) {
        if (!t.riskBased.has(key)) out.push(`${at}.${key}: only risk-based policies' thresholds may change`);
        else if (!Array.isArray(levels) || levels.length === 0 || !levels.every((l) => RISK_LEVELS.includes(String(l)))) out.push(`${at}.${key}: must be a non-empty list of low, medium, high`);
      }
    } else if (knob === "risk") {
      if (!isObject(value)) { out.push(`${at}: must be { userRisk?, signInRisk? }`); continue; }
      for (const [k, v] of Object.entries(value)) {
        if (k !== "userRisk" && k !== "signInRisk") out.push(`${at}.${k}: not a risk threshold (userRisk, signInRisk)`);
        else if (!RISK_LEVELS.includes(String(v))) out.push(`${at}.${k}: must be low, medium or high`);
      }
    } else if (knob === "alerts") {
      if (!isObject(value)) { out.push(`${at}: must map alert rules to settings`); continue; }
      for (const [rule, settings] of Object.entries(value)) {
        const allowed = Object.hasOwn(RELAXABLE_ALERTS, rule) ? RELAXABLE_ALERTS[rule] : undefined;
        if (!allowed) { out.push(`${at}.${rule}: only ${Object.keys(RELAXABLE_ALERTS).join(", ")} thresholds may change (never the break-glass alerts)`); continue; }
        if (!isObject(settings)) { out.push(`${at}.${rule}: must be an object`); continue; }
        const notRelaxable = Object.keys(settings).filter((k) => !allowed.includes(k));
        for (const k of notRelaxable) out.push(`${at}.${rule}.${k}: not a relaxable threshold (${allowed.join(", ")})`);
        if (notRelaxable.length === 0) {
          const def = ALERT_RULES.find((r) => r.key === rule)!;
          const parsed = def.params.safeParse(settings);
          if (!parsed.success) out.push(`${at}.${rule}: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`);
        }
      }
    } else {
      out.push(`${at}: not a whitelisted knob (reportOnly, remediate, riskLevels, risk, alerts); break-glass, logging and the break-glass alert can never change`);
    }
  }
  return out;
}

/** How far ahead of now an incident may start: clock skew between a laptop and CI, not a scheduled relaxation. */
export const MAX_START_AHEAD_MINUTES = 5;

export interface IncidentCheckOptions {
  /** Evaluate start and expiry against this time; without it only the window's own shape is checked. */
  now?: Date;
  /**
   * The reviewed profile file (stacks/incident/<profile>.yaml) the incident claims to apply, or why it
   * could not be read. Its maxDurationHours and changes are the limits; the copies in the stack
   * config are what was applied and may have been hand-edited.
   */
  reviewed?: { file: string; profile?: IncidentFile; error?: string };
}

const canonical = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** Required fields, a window within the reviewed maximum that has started, whitelisted knobs; with `now`, also that it has not expired. */
export function incidentProblems(i: IncidentConfig, t: RelaxableTenant, opts: IncidentCheckOptions = {}): string[] {
  const out: string[] = [];
  if (i.reason.trim().length < 10) out.push("reason: must say why (at least 10 characters)");
  if (!i.ticket.trim()) out.push("ticket: is required");
  if (i.approvedBy.length === 0) out.push("approvedBy: needs at least one approver");
  let maxHours = i.maxDurationHours;
  const reviewed = opts.reviewed;
  if (reviewed?.error || (reviewed && !reviewed.profile)) {
    out.push(`profile: '${i.profile}' is not a readable reviewed profile (${reviewed.file}: ${reviewed.error ?? "missing"})`);
  } else if (reviewed?.profile) {
    maxHours = reviewed.profile.maxDurationHours;
    if (i.maxDurationHours !== maxHours) out.push(`maxDurationHours: ${i.maxDurationHours} differs from the reviewed profile's ${maxHours} (${reviewed.file}); the reviewed limit applies`);
    if (canonical(i.changes) !== canonical(reviewed.profile.changes)) out.push(`changes: differ from the reviewed profile ${reviewed.file}; apply the reviewed profile, do not edit guardrails:incident by hand`);
  }
  const start = Date.parse(i.startsAt);
  const end = Date.parse(i.expiresAt);
  if (end <= start) out.push(`expiresAt: ${i.expiresAt} is not after startsAt ${i.startsAt}`);
  const hours = (end - start) / 3_600_000;
  if (hours > maxHours) out.push(`expiresAt: the relaxation lasts ${hours.toFixed(1)} hours, more than the ${maxHours}-hour maximum`);
  if (opts.now) {
    // The overlay is live from the moment it is deployed, so a later startsAt would only hide the real window.
    if (start > opts.now.getTime() + MAX_START_AHEAD_MINUTES * 60_000) out.push(`startsAt: ${i.startsAt} is in the future; an incident is live from the moment it is deployed (at most ${MAX_START_AHEAD_MINUTES} minutes ahead)`);
    if (end <= opts.now.getTime()) out.push(`expiresAt: expired at ${i.expiresAt}; revert it (guardrails incident revert)`);
  }
  return [...out, ...changeProblems(i.changes, t)];
}

export function isExpired(i: IncidentConfig, now: Date): boolean {
  return Date.parse(i.expiresAt) <= now.getTime();
}

/** Parses `8h`, `90m`, `2d` into hours. */
export function parseDurationHours(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([mhd])$/.exec(s.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === "m" ? n / 60 : m[2] === "d" ? n * 24 : n;
}

/** The stack config with the incident's valid knobs applied (rollout history untouched). */
export function applyIncidentToConfig<P extends Pick<ProfileConfig, "risk" | "alerts" | "rollout">>(p: P, i: IncidentConfig, t: RelaxableTenant): P & { incidentReportOnly: string[]; incidentRemediate: string[] } {
  const out = clonePlain(p) as P & { incidentReportOnly: string[]; incidentRemediate: string[] };
  out.incidentReportOnly = [];
  out.incidentRemediate = [];
  const c = i.changes;
  const valid = (knob: string) => changeProblems({ [knob]: c[knob] }, t).length === 0;
  if (c.reportOnly !== undefined && valid("reportOnly")) out.incidentReportOnly = (c.reportOnly as unknown[]).map(String);
  if (c.remediate !== undefined && valid("remediate")) out.incidentRemediate = (c.remediate as unknown[]).map(String);
  if (c.risk !== undefined && valid("risk")) Object.assign(out.risk, c.risk);
  if (c.riskLevels !== undefined && valid("riskLevels")) {
    for (const [key, levels] of Object.entries(c.riskLevels as Record<string, string[]>)) {
      const entry = Object.hasOwn(out.rollout.policies, key) ? out.rollout.policies[key] : undefined;
      if (entry) entry.riskLevels = levels as ("low" | "medium" | "high")[];
    }
  }
  if (c.alerts !== undefined && valid("alerts")) {
    const rules = out.alerts.rules as Record<string, unknown>;
    for (const [rule, settings] of Object.entries(c.alerts as Record<string, Record<string, unknown>>)) {
      const def = ALERT_RULES.find((r) => r.key === rule)!;
      const base = (rules[rule] ?? def.params.parse({})) as Record<string, unknown>;
      rules[rule] = def.params.parse({ ...base, ...settings });
    }
  }
  return out;
}
