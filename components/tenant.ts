import * as pulumi from "@pulumi/pulumi";
import type { TenantProfile } from "../model/profile/load";
import { configuredBreakGlassIds } from "../model/tenant";
import { BreakGlassAccess } from "./breakGlassAccess";
import { ConditionalAccessBaseline } from "./conditionalAccessBaseline";
import { NamedLocations } from "./namedLocations";

export interface TenantSecrets {
  /** Initial password for created break-glass accounts (only with `breakGlass.create`). */
  breakGlassPassword?: pulumi.Input<string>;
}

export interface Tenant {
  breakGlass: BreakGlassAccess;
  namedLocations: NamedLocations;
  conditionalAccess: ConditionalAccessBaseline;
}

/**
 * Everything a stack deploys. No import-time side effects: `index.ts` calls it under the real
 * CLI, the offline engine and the tests call it under the mock runtime.
 */
export function createTenant(profile: TenantProfile, secrets: TenantSecrets = {}): Tenant {
  const breakGlass = new BreakGlassAccess("breakglass", {
    breakGlass: profile.breakGlass,
    existing: configuredBreakGlassIds(profile),
    initialPassword: secrets.breakGlassPassword,
    protect: profile.protect,
  });
  const namedLocations = new NamedLocations("locations", { locations: profile.namedLocations, protect: profile.protect });
  const conditionalAccess = new ConditionalAccessBaseline("baseline", {
    profile,
    breakGlass: { userIds: breakGlass.userIds, groupIds: breakGlass.groupIds },
    locationIds: namedLocations.ids,
  });
  return { breakGlass, namedLocations, conditionalAccess };
}
