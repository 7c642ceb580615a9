/**
 * What-if throughput: policy evaluations per second (sign-ins × policies ÷ seconds) of the compiled
 * and the reference evaluator, on the generated 195-policy tenant, one core, caches starting cold.
 */
import { loadProfileFile } from "../model/profile/load";
import { configuredBreakGlassIds, declarePolicies, finalizePolicy } from "../model/tenant";
import { CompiledPolicySet, evaluateAll } from "../model/whatif/compiled";
import { syntheticDirectory } from "../model/whatif/synthetic";
import type { NamedLocation, SignIn } from "../model/whatif/types";

export interface WhatIfBench { policies: number; signIns: number; compiledPerSecond: number; compiledWithReasonsPerSecond: number; referencePerSecond: number }

export function benchWhatIf(stackFile: string): WhatIfBench {
  const profile = loadProfileFile(stackFile);
  const allowed = profile.namedLocations.allowedCountries!; // the generated stack is prod's, which has one
  const locationIds = Object.fromEntries([...profile.namedLocations.trusted.map((t) => t.name), allowed.name]
    .map((n, i) => [n, `7e000000-0000-4000-8000-${String(i).padStart(12, "0")}`]));
  const policies = declarePolicies(profile).map((d) => finalizePolicy(d.policy, configuredBreakGlassIds(profile)!, locationIds));
  const locations: NamedLocation[] = [
    ...profile.namedLocations.trusted.map((t): NamedLocation => ({ id: locationIds[t.name], displayName: t.name, kind: "ip", isTrusted: true, ipRanges: t.ipRanges, countries: [], includeUnknownCountriesAndRegions: false })),
    { id: locationIds[allowed.name], displayName: "countries", kind: "country", isTrusted: false, ipRanges: [], countries: allowed.countries, includeUnknownCountriesAndRegions: false },
  ];
  const groups = Object.fromEntries(Object.entries(profile.directory.groups).map(([n, id]) => [n, [id, 0.3] as [string, number]]));
  const dir = syntheticDirectory({ users: 10_000, groups, adminRoleIds: Object.values(profile.directory.roles) });
  const apps = [["00000003-0000-0ff1-ce00-000000000000"], ["ffffffff-0000-4000-8000-000000000001"]];
  const variants: Partial<SignIn>[] = [];
  for (const clientAppType of ["browser", "exchangeActiveSync"]) for (const place of [{ ipAddress: "203.0.113.10", country: "NL" }, { ipAddress: "192.0.2.1", country: "US" }]) for (const applications of apps) {
    variants.push({ clientAppType, devicePlatform: "windows", ...place, applications, signInRiskLevel: "medium", userRiskLevel: "high" });
  }
  const signIns: SignIn[] = dir.users.flatMap((user) => variants.map((v) => ({ user, ...v })));
  const ctx = { locations: new Map(locations.map((l) => [l.id, l])) };

  const time = (fn: () => void) => { const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e9; };
  let sink = 0;
  const compiled = new CompiledPolicySet(policies, ctx);
  const tCompiled = time(() => { for (const s of signIns) sink += compiled.countApplying(s); });
  const withReasons = new CompiledPolicySet(policies, ctx);
  const tReasons = time(() => { for (const s of signIns) sink += withReasons.evaluate(s).length; });
  const sample = signIns.slice(0, 8_000);
  const tReference = time(() => { for (const s of sample) sink += evaluateAll(policies, s, ctx).length; });
  if (sink < 0) throw new Error("unreachable");
  const n = policies.length;
  return {
    policies: n,
    signIns: signIns.length,
    compiledPerSecond: (signIns.length * n) / tCompiled,
    compiledWithReasonsPerSecond: (signIns.length * n) / tReasons,
    referencePerSecond: (sample.length * n) / tReference,
  };
}
