/**
 * Exhaustive proof that no break-glass account is ever blocked or left with a grant it cannot
 * satisfy: every combination of the condition values the policies can distinguish (client app ×
 * platform × location × sign-in risk × user risk × application or user action × authentication
 * flow × device state) is evaluated with the compiled evaluator. Emergency accounts can do MFA
 * (FIDO2 keys, per Microsoft's guidance) and change a password, but cannot be assumed to sit on a
 * compliant or hybrid-joined device.
 */
import type { GraphCaPolicy } from "../graph";
import { CompiledPolicySet } from "./compiled";
import { OFFICE365_APPS } from "./office365";
import { combineOutcome, type Outcome } from "./outcome";
import type { DirectoryUser, NamedLocation, SignIn } from "./types";

const SATISFIABLE = new Set(["mfa", "passwordChange", "authenticationStrength", "termsOfUse"]);

export interface ProofResult {
  combinations: number;
  counterexamples: { user: string; signIn: SignIn; outcome: Outcome }[];
}

/** Condition values the policies distinguish, plus one value none of them names. */
function domain(policies: readonly GraphCaPolicy[], locations: readonly NamedLocation[]) {
  const apps = new Set<string>(["ffffffff-ffff-4fff-8fff-ffffffffffff", Object.keys(OFFICE365_APPS)[0]]);
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

function unsatisfiable(o: Outcome): boolean {
  if (o.decision === "block") return true;
  return o.requirements.some((r) => (r.operator === "OR" ? !r.controls.some((c) => SATISFIABLE.has(c)) : !r.controls.every((c) => SATISFIABLE.has(c))));
}

export function proveBreakGlass(policies: readonly GraphCaPolicy[], locations: readonly NamedLocation[], accounts: readonly DirectoryUser[], maxCounterexamples = 5): ProofResult {
  const enforced = policies.filter((p) => p.state === "enabled");
  const compiled = new CompiledPolicySet(enforced, { locations: new Map(locations.map((l) => [l.id.toLowerCase(), l])) });
  const d = domain(enforced, locations);
  const counterexamples: ProofResult["counterexamples"] = [];
  let combinations = 0;
  for (const user of accounts) {
    for (const context of d.contexts) for (const clientAppType of d.clientAppTypes) for (const devicePlatform of d.platforms)
      for (const place of d.places) for (const signInRiskLevel of d.risks) for (const userRiskLevel of d.risks)
        for (const authenticationFlow of d.flows) for (const deviceInfo of d.devices) {
          combinations++;
          const s: SignIn = { user, ...context, clientAppType, devicePlatform, ...place, signInRiskLevel, userRiskLevel, authenticationFlow, deviceInfo };
          if (compiled.countApplying(s) === 0) continue;
          const outcome = combineOutcome(enforced, compiled.evaluate(s), s);
          if (unsatisfiable(outcome) && counterexamples.length < maxCounterexamples) counterexamples.push({ user: user.userPrincipalName, signIn: s, outcome });
        }
  }
  return { combinations, counterexamples };
}
