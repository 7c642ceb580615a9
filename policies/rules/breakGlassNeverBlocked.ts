import { NAMED_LOCATION_TYPE } from "../../model/azuread";
import { proveBreakGlass, UNNAMED_APP } from "../../model/whatif/breakGlassProof";
import { breakGlassDirectoryUsers, namedLocationFromAzuread } from "../../model/whatif/fromTenant";
import { configuredBreakGlassIds } from "../../model/tenant";
import { caPolicies } from "../framework/resources";
import type { StackRule } from "../framework/types";

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
    const policies = caPolicies(resources);
    // Named locations as deployed: analyzeStack props are the resource state, which carries objectId.
    const locations = resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => namedLocationFromAzuread(r.props, String(r.props.objectId ?? r.name)));
    const proof = proveBreakGlass(policies.map((p) => p.policy), locations, breakGlassDirectoryUsers(profile));
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
