import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { graphToAzuread } from "../model/codec";
import { reported } from "./failures";
import { withBreakGlassExclusions, type BreakGlassIds } from "../model/rollout";
import { assertReferences, resolveLocations, type DeclaredPolicy } from "../model/tenant";

export interface StagedConditionalAccessPolicyArgs {
  declared: DeclaredPolicy;
  /** Shared by all policies of a tenant (one Output, not one per policy). */
  breakGlass: pulumi.Output<BreakGlassIds>;
  /** Named-location name → object id; shared likewise. */
  locationIds: pulumi.Output<Record<string, string>>;
  canaryGroup: string;
  protect: boolean;
}

/**
 * One catalog policy at its rollout stage. The break-glass exclusions are added here for every
 * stage and state, whatever the definition says. Only the fields that depend on ids known after
 * deployment (`users` with created accounts, `locations`) are outputs, so a preview still sees
 * every other field.
 */
export class StagedConditionalAccessPolicy extends pulumi.ComponentResource {
  readonly policy: azuread.ConditionalAccessPolicy;

  constructor(name: string, args: StagedConditionalAccessPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:ca:StagedConditionalAccessPolicy", name, {}, opts);
    const { declared } = args;
    const base = graphToAzuread(declared.policy);
    const users = args.breakGlass.apply(reported((bg: BreakGlassIds) => {
      const withBg = withBreakGlassExclusions(declared.policy, bg);
      assertReferences(withBg, "conditions.users");
      return graphToAzuread(withBg).conditions.users;
    }));
    const locations = base.conditions.locations
      ? args.locationIds.apply(reported((ids: Record<string, string>) => {
        const resolved = resolveLocations(declared.policy, ids);
        assertReferences(resolved, "conditions.locations");
        return graphToAzuread(resolved).conditions.locations;
      }))
      : undefined;
    assertReferences(declared.policy, "conditions.applications");
    this.policy = new azuread.ConditionalAccessPolicy(name, {
      ...base,
      conditions: { ...base.conditions, users, locations },
    }, { parent: this, protect: args.protect });
    this.registerOutputs({
      key: declared.key,
      stage: declared.stage,
      since: declared.since,
      state: declared.policy.state,
      canaryGroup: declared.stage === "canary" ? args.canaryGroup : undefined,
      objectId: this.policy.objectId,
    });
  }
}
