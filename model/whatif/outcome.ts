/**
 * Combining the policies that apply into one outcome: any enforced block wins; otherwise every
 * applying enforced policy's grant must be satisfied (its own AND/OR); session controls merge to
 * the most restrictive; report-only policies are reported, never enforced.
 */
import type { GraphCaPolicy } from "../graph";
import type { PolicyEvaluation, SignIn } from "./types";

export type ReportOnlyResult = "reportOnlySuccess" | "reportOnlyFailure" | "reportOnlyInterrupted" | "reportOnlyNotApplied";
export type Category = "blocked" | "passwordChange" | "mfa" | "deviceOrApp" | "unaffected";

export interface GrantRequirement {
  policy: string;
  operator: "AND" | "OR";
  controls: string[];
}

export interface Outcome {
  decision: "block" | "requireControls" | "allow";
  blockedBy: string[];
  requirements: GrantRequirement[];
  session: { signInFrequency?: string; persistentBrowser?: string };
  reportOnly: { policy: string; result: ReportOnlyResult }[];
  /** Blast-radius bucket: the hardest thing the user faces. */
  category: Category;
}

const INTERACTIVE = new Set(["mfa", "passwordChange", "authenticationStrength", "termsOfUse"]);
const DEVICE = new Set(["compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication"]);

export function controlsOf(p: GraphCaPolicy): string[] {
  const g = p.grantControls;
  return [
    ...(g?.builtInControls ?? []),
    ...(g?.authenticationStrength ? ["authenticationStrength"] : []),
    ...((g?.termsOfUse ?? []).length > 0 ? ["termsOfUse"] : []),
    ...(g?.customAuthenticationFactors ?? []),
  ];
}

const NONE: ReadonlySet<string> = new Set();

function deviceSatisfies(control: string, s: SignIn): boolean {
  const d = s.deviceInfo ?? {};
  if (control === "compliantDevice") return String(d.isCompliant).toLowerCase() === "true";
  if (control === "domainJoinedDevice") return String(d.trustType).toLowerCase() === "serverad";
  return false;
}

/**
 * What an applying policy's grant means for this sign-in, in report-only's words: failure (block, or
 * a device control not met), interrupted (the user would be asked for MFA, a password change, terms
 * of use), success. `alreadySatisfied` names controls the sign-in already met (a sign-in log records
 * MFA already performed, e.g. `authenticationRequirement: multiFactorAuthentication`).
 */
export function reportOnlyResult(p: GraphCaPolicy, s: SignIn, alreadySatisfied: ReadonlySet<string> = NONE): ReportOnlyResult {
  const controls = controlsOf(p);
  if (controls.includes("block")) return "reportOnlyFailure";
  if (controls.length === 0) return "reportOnlySuccess";
  const op = p.grantControls?.operator ?? "OR";
  const satisfied = (c: string) => alreadySatisfied.has(c) || (DEVICE.has(c) && deviceSatisfies(c, s));
  if (op === "OR" ? controls.some(satisfied) : controls.every(satisfied)) return "reportOnlySuccess";
  return controls.some((c) => INTERACTIVE.has(c)) ? "reportOnlyInterrupted" : "reportOnlyFailure";
}

function frequencyHours(p: GraphCaPolicy): number | undefined {
  const f = p.sessionControls?.signInFrequency;
  if (!f || f.isEnabled === false) return undefined;
  if (f.frequencyInterval === "everyTime") return 0;
  if (f.value === undefined || f.value === null) return undefined;
  return f.type === "days" ? f.value * 24 : f.value;
}

export function combineOutcome(policies: readonly GraphCaPolicy[], evaluations: readonly PolicyEvaluation[], s: SignIn): Outcome {
  const blockedBy: string[] = [];
  const requirements: GrantRequirement[] = [];
  const reportOnly: Outcome["reportOnly"] = [];
  let frequency: number | undefined;
  let persistentBrowser: string | undefined;
  policies.forEach((p, i) => {
    const e = evaluations[i];
    if (p.state === "enabledForReportingButNotEnforced") {
      reportOnly.push({ policy: p.displayName, result: e.applies ? reportOnlyResult(p, s) : "reportOnlyNotApplied" });
      return;
    }
    if (!e.applies || p.state !== "enabled") return;
    const controls = controlsOf(p);
    if (controls.includes("block")) blockedBy.push(p.displayName);
    else if (controls.length > 0) requirements.push({ policy: p.displayName, operator: p.grantControls?.operator ?? "OR", controls });
    const h = frequencyHours(p);
    if (h !== undefined) frequency = frequency === undefined ? h : Math.min(frequency, h);
    const pb = p.sessionControls?.persistentBrowser;
    if (pb?.isEnabled && pb.mode) persistentBrowser = persistentBrowser === "never" ? "never" : pb.mode;
  });
  const decision = blockedBy.length > 0 ? "block" : requirements.length > 0 ? "requireControls" : "allow";
  const all = requirements.flatMap((r) => r.controls);
  const category: Category = decision === "block" ? "blocked"
    : all.includes("passwordChange") ? "passwordChange"
      : all.some((c) => c === "mfa" || c === "authenticationStrength") ? "mfa"
        : all.length > 0 ? "deviceOrApp" : "unaffected";
  return {
    decision,
    blockedBy,
    requirements,
    session: {
      ...(frequency !== undefined ? { signInFrequency: frequency === 0 ? "everyTime" : `${frequency} hours` } : {}),
      ...(persistentBrowser ? { persistentBrowser } : {}),
    },
    reportOnly,
    category,
  };
}
