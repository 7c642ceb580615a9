import * as pulumi from "@pulumi/pulumi";
import type { TenantProfile } from "../model/profile/load";
import { declarePolicies } from "../model/tenant";
import { StagedConditionalAccessPolicy } from "./stagedConditionalAccessPolicy";

export interface ConditionalAccessBaselineArgs {
  profile: TenantProfile;
  breakGlass: { userIds: pulumi.Input<string>[]; groupIds: pulumi.Input<string>[] };
  locationIds: pulumi.Input<Record<string, string>>;
}

/** The default catalog (model/catalog, one file per policy), each policy at its stack's stage. */
export class ConditionalAccessBaseline extends pulumi.ComponentResource {
  readonly policies: StagedConditionalAccessPolicy[];

  constructor(name: string, args: ConditionalAccessBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:ca:ConditionalAccessBaseline", name, {}, opts);
    this.policies = declarePolicies(args.profile).map((declared) => new StagedConditionalAccessPolicy(declared.key, {
      declared,
      breakGlass: args.breakGlass,
      locationIds: args.locationIds,
      canaryGroup: args.profile.rollout.canaryGroup,
      protect: args.profile.protect,
    }, { parent: this }));
    this.registerOutputs({ policyCount: this.policies.length });
  }
}
