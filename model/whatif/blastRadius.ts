/**
 * Who is blocked, asked for a password change, asked for MFA, or unaffected when a scenario hits a
 * population: per user the hardest outcome over all variants, per policy the users it applies to.
 */
import type { GraphCaPolicy } from "../graph";
import { CompiledPolicySet } from "./compiled";
import { combineOutcome, type Category } from "./outcome";
import type { Scenario } from "./scenario";
import type { Directory, NamedLocation, SignIn } from "./types";

export interface BlastRadius {
  scenario: string;
  users: number;
  variantsPerUser: number;
  combined: Record<Category, number>;
  /** Users per policy for whom the (enforced) policy applies in at least one variant, with what it asks. */
  byPolicy: { policy: string; users: number; grant: string }[];
  /** Users per category, listed when few (e.g. break-glass accounts). */
  examples: Partial<Record<Category, string[]>>;
}

const SEVERITY: Category[] = ["unaffected", "deviceOrApp", "mfa", "passwordChange", "blocked"];

export function blastRadius(policies: readonly GraphCaPolicy[], locations: readonly NamedLocation[], directory: Directory, scenario: Scenario, watch: readonly string[] = []): BlastRadius {
  const enforcedOrReport = policies.filter((p) => p.state !== "disabled");
  const compiled = new CompiledPolicySet(enforcedOrReport, { locations: new Map(locations.map((l) => [l.id.toLowerCase(), l])) });
  const population = scenario.population === "all"
    ? directory.users
    : directory.users.filter((u) => u.memberOf.some((g) => (scenario.population as { groups: string[] }).groups.includes(g)));
  const variants: Partial<SignIn>[] = [];
  for (const clientAppType of scenario.variants.clientAppType) for (const devicePlatform of scenario.variants.devicePlatform) for (const loc of scenario.variants.location) {
    variants.push({ clientAppType, devicePlatform, ...(loc.ipAddress ? { ipAddress: loc.ipAddress } : {}), ...(loc.country ? { country: loc.country } : {}) });
  }
  const combined: Record<Category, number> = { blocked: 0, passwordChange: 0, mfa: 0, deviceOrApp: 0, unaffected: 0 };
  const perPolicy = new Array<number>(enforcedOrReport.length).fill(0);
  const examples: BlastRadius["examples"] = {};
  const watched = new Set(watch.map((w) => w.toLowerCase()));
  for (const user of population) {
    let worst = 0;
    const hit = new Set<number>();
    for (const v of variants) {
      const s: SignIn = { user, ...scenario.signIn, ...v };
      const evals = compiled.evaluate(s);
      evals.forEach((e, i) => { if (e.applies && enforcedOrReport[i].state === "enabled") hit.add(i); });
      worst = Math.max(worst, SEVERITY.indexOf(combineOutcome(enforcedOrReport, evals, s).category));
    }
    const category = SEVERITY[worst];
    combined[category]++;
    for (const i of hit) perPolicy[i]++;
    if (watched.has(user.id.toLowerCase()) || watched.has(user.userPrincipalName.toLowerCase())) (examples[category] ??= []).push(user.userPrincipalName);
  }
  return {
    scenario: scenario.name,
    users: population.length,
    variantsPerUser: variants.length,
    combined,
    byPolicy: enforcedOrReport.map((p, i) => ({
      policy: p.displayName,
      users: perPolicy[i],
      grant: [...(p.grantControls?.builtInControls ?? []), ...(p.grantControls?.authenticationStrength ? ["authenticationStrength"] : [])].join(` ${p.grantControls?.operator ?? "OR"} `) || "session only",
    })).filter((x) => x.users > 0).sort((a, b) => b.users - a.users),
    examples,
  };
}
