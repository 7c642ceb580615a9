/**
 * Exhaustive proof that no break-glass account is ever blocked or left with a grant it cannot
 * satisfy: every combination of the condition values the policies can distinguish (client app ×
 * platform × location × sign-in risk × user risk × application or user action × authentication
 * flow × device state) is evaluated with the compiled evaluator. Emergency accounts can do MFA
 * (FIDO2 keys, per Microsoft's guidance) and change a password, but cannot be assumed to sit on a
 * compliant or hybrid-joined device.
 */
import type { GraphCaPolicy } from "../graph";
import { CompiledPolicySet, type Dimension } from "./compiled";
import { OFFICE365_APPS } from "./office365";
import { combineOutcome, type Outcome } from "./outcome";
import type { DirectoryUser, NamedLocation, SignIn } from "./types";

const SATISFIABLE = new Set(["mfa", "passwordChange", "authenticationStrength", "termsOfUse"]);

export interface ProofResult {
  combinations: number;
  counterexamples: { user: string; signIn: SignIn; outcome: Outcome }[];
}

/** Condition values the policies distinguish, plus one value none of them names. */
/** Stand-in for an application that no policy names. */
export const UNNAMED_APP = "ffffffff-ffff-4fff-8fff-ffffffffffff";

export function proofDomain(policies: readonly GraphCaPolicy[], locations: readonly NamedLocation[]) {
  const apps = new Set<string>([UNNAMED_APP, Object.keys(OFFICE365_APPS)[0]]);
  for (const p of policies) for (const a of [...(p.conditions.applications?.includeApplications ?? []), ...(p.conditions.applications?.excludeApplications ?? [])]) {
    if (/^[0-9a-f-]{36}$/i.test(a)) apps.add(a);
  }
  const places: { ipAddress?: string; country?: string }[] = [{}, { ipAddress: "192.0.2.1", country: "ZZ" }];
  for (const l of locations) {
    if (l.kind === "ip") for (const r of l.ipRanges) places.push({ ipAddress: r.split("/")[0] });
    if (l.kind === "country") for (const c of l.countries) places.push({ ipAddress: "192.0.2.2", country: c });
  }
  return {
    contexts: [...[...apps].map((a) => ({ applications: [a] })), { userAction: "urn:user:registersecurityinfo" }, { userAction: "urn:user:registerdevice" }] as Partial<SignIn>[],
    clientAppTypes: ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"],
    platforms: [undefined, "android", "iOS", "windows", "macOS", "linux", "windowsPhone"],
    places,
    risks: ["none", "low", "medium", "high"] as const,
    flows: [undefined, "deviceCodeFlow", "authenticationTransfer"],
    devices: [undefined, { isCompliant: "True", trustType: "ServerAD" }, { isCompliant: "False", trustType: "AzureAD" }],
  };
}

export function unsatisfiable(o: Outcome): boolean {
  if (o.decision === "block") return true;
  return o.requirements.some((r) => (r.operator === "OR" ? !r.controls.some((c) => SATISFIABLE.has(c)) : !r.controls.every((c) => SATISFIABLE.has(c))));
}

/** One counterexample per account and set of responsible policies, so each problem is reported once. */
export function proveBreakGlass(policies: readonly GraphCaPolicy[], locations: readonly NamedLocation[], accounts: readonly DirectoryUser[], maxCounterexamples = 20): ProofResult {
  const enforced = policies.filter((p) => p.state === "enabled");
  const compiled = new CompiledPolicySet(enforced, { locations: new Map(locations.map((l) => [l.id.toLowerCase(), l])) });
  const d = proofDomain(enforced, locations);
  const counterexamples: ProofResult["counterexamples"] = [];
  const seen = new Set<string>();
  // One level per condition; each level ANDs its bitset, and a subtree where no policy is left is
  // skipped whole (its combinations are counted, not enumerated).
  const levels: { dim: Dimension; values: Partial<SignIn>[] }[] = [
    { dim: "application", values: d.contexts },
    { dim: "clientApps", values: d.clientAppTypes.map((clientAppType) => ({ clientAppType })) },
    { dim: "devicePlatform", values: d.platforms.map((devicePlatform) => ({ devicePlatform })) },
    { dim: "location", values: d.places },
    { dim: "signInRisk", values: d.risks.map((signInRiskLevel) => ({ signInRiskLevel })) },
    { dim: "userRisk", values: d.risks.map((userRiskLevel) => ({ userRiskLevel })) },
    { dim: "authenticationFlow", values: d.flows.map((authenticationFlow) => ({ authenticationFlow })) },
    { dim: "devices", values: d.devices.map((deviceInfo) => ({ deviceInfo })) },
  ];
  const remaining = levels.map((_, i) => levels.slice(i).reduce((n, l) => n * l.values.length, 1));
  // Conditions no level varies (service-principal and insider risk) are judged for a sign-in that does not supply them.
  const fixed = (["servicePrincipalRisk", "insiderRisk"] as Dimension[]).map((dim) => compiled.bitsFor(dim, {}));
  let combinations = 0;
  const walk = (level: number, bits: Uint32Array, signIn: SignIn, user: DirectoryUser) => {
    if (bits.every((w) => w === 0)) {
      combinations += level < levels.length ? remaining[level] : 1;
      return;
    }
    if (level === levels.length) {
      combinations++;
      if (counterexamples.length >= maxCounterexamples) return;
      const outcome = combineOutcome(enforced, compiled.evaluate(signIn), signIn);
      if (!unsatisfiable(outcome)) return;
      const key = `${user.id}|${outcome.blockedBy.join(",")}|${outcome.requirements.map((r) => r.policy).join(",")}`;
      if (seen.has(key)) return;
      seen.add(key);
      counterexamples.push({ user: user.userPrincipalName, signIn: { ...signIn }, outcome });
      return;
    }
    for (const v of levels[level].values) {
      const next = { ...signIn, ...v };
      const b = compiled.bitsFor(levels[level].dim, next);
      const and = new Uint32Array(bits.length);
      for (let w = 0; w < bits.length; w++) and[w] = bits[w] & b[w];
      walk(level + 1, and, next, user);
    }
  };
  for (const user of accounts) {
    const start = compiled.active.slice();
    for (const b of [compiled.bitsFor("identity", { user }), ...fixed]) for (let w = 0; w < start.length; w++) start[w] &= b[w];
    walk(0, start, { user }, user);
  }
  return { combinations, counterexamples };
}
