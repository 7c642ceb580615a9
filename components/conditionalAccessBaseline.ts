import * as pulumi from "@pulumi/pulumi";
import type { TenantProfile } from "../model/profile/load";
import type { BreakGlassIds } from "../model/rollout";
import { declarePolicies } from "../model/tenant";
import { StagedConditionalAccessPolicy } from "./stagedConditionalAccessPolicy";

export interface ConditionalAccessBaselineArgs {
  profile: TenantProfile;
  breakGlass: { userIds: pulumi.Input<string>[]; groupIds: pulumi.Input<string>[] };
  locationIds: pulumi.Output<Record<string, string>>;
}

/** The default catalog (model/catalog, one file per policy), each policy at its stack's stage. */
export class ConditionalAccessBaseline extends pulumi.ComponentResource {
  readonly policies: StagedConditionalAccessPolicy[];

  constructor(name: string, args: ConditionalAccessBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:ca:ConditionalAccessBaseline", name, {}, opts);
    // One Output for every policy: a 195-policy tenant otherwise builds 195 nested pulumi.all chains.
    const breakGlass: pulumi.Output<BreakGlassIds> = pulumi.all([pulumi.all(args.breakGlass.userIds), pulumi.all(args.breakGlass.groupIds)])
      .apply(([userIds, groupIds]) => ({ userIds, groupIds }));
    this.policies = declarePolicies(args.profile).map((declared) => new StagedConditionalAccessPolicy(declared.key, {
      declared,
      breakGlass,
      locationIds: args.locationIds,
      canaryGroup: args.profile.rollout.canaryGroup,
      protect: args.profile.protect,
    }, { parent: this }));
    this.registerOutputs({ policyCount: this.policies.length });
  }
}
