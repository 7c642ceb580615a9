import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { TenantProfile } from "../model/profile/load";
import type { BreakGlassIds } from "../model/rollout";

export interface BreakGlassAccessArgs {
  breakGlass: TenantProfile["breakGlass"];
  /** The existing accounts and group (reference mode, `configuredBreakGlassIds`). */
  existing?: BreakGlassIds;
  /** Initial password for created accounts (secret `guardrails:breakGlassPassword`); only with `breakGlass.create`. */
  initialPassword?: pulumi.Input<string>;
  protect: boolean;
}

/**
 * The emergency-access accounts and their exclusion group. By default it only references
 * existing objects by id; with `create` it creates cloud-only accounts and a security group.
 * Either way it exposes the ids every Conditional Access policy must exclude.
 */
export class BreakGlassAccess extends pulumi.ComponentResource {
  readonly userIds: pulumi.Output<string>[];
  readonly groupIds: pulumi.Output<string>[];

  constructor(name: string, args: BreakGlassAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:identity:BreakGlassAccess", name, {}, opts);
    const bg = args.breakGlass;
    if (!bg.create) {
      if (!args.existing) throw new Error("BreakGlassAccess: reference mode needs the existing account and group ids");
      this.userIds = args.existing.userIds.map((id) => pulumi.output(id));
      this.groupIds = args.existing.groupIds.map((id) => pulumi.output(id));
    } else {
      if (args.initialPassword === undefined) throw new Error("BreakGlassAccess: breakGlass.create needs an initial password (secret guardrails:breakGlassPassword)");
      const users = bg.accounts.map((a, i) => new azuread.User(`breakglass-${i + 1}`, {
        userPrincipalName: a.userPrincipalName,
        displayName: a.displayName ?? `Emergency access ${i + 1}`,
        password: args.initialPassword,
        accountEnabled: true,
        disablePasswordExpiration: true,
      }, { parent: this, protect: args.protect }));
      const group = new azuread.Group("breakglass-exclusion", {
        displayName: bg.exclusionGroup,
        securityEnabled: true,
        members: users.map((u) => u.objectId),
      }, { parent: this, protect: args.protect });
      this.userIds = users.map((u) => u.objectId);
      this.groupIds = [group.objectId];
    }
    this.registerOutputs({ userIds: this.userIds, groupIds: this.groupIds, created: bg.create });
  }
}
