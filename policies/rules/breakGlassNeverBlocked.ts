import { NAMED_LOCATION_TYPE } from "../../model/azuread";
import { proveBreakGlass, UNNAMED_APP } from "../../model/whatif/breakGlassProof";
import type { DirectoryUser, NamedLocation } from "../../model/whatif/types";
import { configuredBreakGlassIds } from "../../model/tenant";
import { caPolicies } from "../framework/resources";
import type { PackResource, StackRule } from "../framework/types";

/** Named locations as deployed (props are the resource state: inputs plus `objectId`). */
function locationsOf(resources: readonly PackResource[]): NamedLocation[] {
  return resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => {
    const ip = r.props.ip as { ipRanges: string[]; trusted?: boolean } | undefined;
    const country = r.props.country as { countriesAndRegions: string[]; includeUnknownCountriesAndRegions?: boolean } | undefined;
    return {
      id: String(r.props.objectId ?? r.name),
      displayName: String(r.props.displayName),
      kind: ip ? "ip" : "country",
      isTrusted: ip?.trusted === true,
      ipRanges: ip?.ipRanges ?? [],
      countries: country?.countriesAndRegions ?? [],
      includeUnknownCountriesAndRegions: country?.includeUnknownCountriesAndRegions === true,
    };
  });
}

/**
 * No combination of the stack's enabled policies blocks a break-glass account or leaves it a grant
 * it cannot satisfy: an exhaustive what-if over every condition value the policies distinguish
 * (model/whatif/breakGlassProof.ts). The accounts are assumed to hold every directory role, so a
 * role-scoped policy that does not exclude them counts.
 */
export const breakGlassNeverBlocked: StackRule = {
  kind: "stack",
  name: "break-glass-never-blocked",
  description: "No combination of the stack's enabled Conditional Access policies blocks a break-glass account or leaves it with an unsatisfiable grant (exhaustive what-if).",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Exclude every break-glass account and the break-glass group from the policy named in the counterexample.",
  check(resources, ctx) {
    const profile = ctx.profile();
    const bg = configuredBreakGlassIds(profile);
    if (!bg) return [];
    const accounts: DirectoryUser[] = profile.breakGlass.accounts.map((a) => ({
      id: a.objectId!,
      userPrincipalName: a.userPrincipalName,
      userType: "Member",
      memberOf: [...bg.groupIds],
      roles: Object.values(profile.directory.roles),
    }));
    const policies = caPolicies(resources);
    const proof = proveBreakGlass(policies.map((p) => p.policy), locationsOf(resources), accounts);
    return proof.counterexamples.map((c) => {
      const culprit = [...c.outcome.blockedBy, ...c.outcome.requirements.map((r) => r.policy)][0];
      const urn = policies.find((p) => p.policy.displayName === culprit)?.resource.urn;
      const s = c.signIn;
      const how = c.outcome.decision === "block" ? "blocks" : "requires a grant it cannot satisfy for";
      const app = s.applications?.[0] === UNNAMED_APP ? "any application" : s.applications?.[0] ?? s.userAction;
      const when = [s.clientAppType && `client ${s.clientAppType}`, s.devicePlatform, app, s.country ?? s.ipAddress].filter(Boolean).join(", ");
      return { urn, message: `enabled policy '${culprit}' ${how} break-glass account ${c.user} (${when})` };
    });
  },
};
