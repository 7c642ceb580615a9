import { adminCompliantDevice } from "./adminCompliantDevice";
import { adminPhishingResistantMfa } from "./adminPhishingResistantMfa";
import { blockDeviceCodeFlow } from "./blockDeviceCodeFlow";
import { blockDisallowedCountries } from "./blockDisallowedCountries";
import { blockLegacyAuthentication } from "./blockLegacyAuthentication";
import { guestMfa } from "./guestMfa";
import { mfaOutsideTrustedLocations } from "./mfaOutsideTrustedLocations";
import { office365DesktopCompliantDevice } from "./office365DesktopCompliantDevice";
import { securityInfoFromTrustedLocations } from "./securityInfoFromTrustedLocations";
import { signInRiskMfa } from "./signInRiskMfa";
import type { CatalogPolicy } from "./types";
import { userRiskRemediation } from "./userRiskRemediation";

export type { CatalogContext, CatalogPolicy } from "./types";
export { displayNameOf } from "./types";

/** The default baseline, in display-number order. */
export const CATALOG: readonly CatalogPolicy[] = [
  blockLegacyAuthentication,
  adminPhishingResistantMfa,
  mfaOutsideTrustedLocations,
  adminCompliantDevice,
  office365DesktopCompliantDevice,
  blockDisallowedCountries,
  userRiskRemediation,
  signInRiskMfa,
  blockDeviceCodeFlow,
  securityInfoFromTrustedLocations,
  guestMfa,
];

export const CATALOG_KEYS: readonly string[] = CATALOG.map((p) => p.key);

/** The catalog policies a stack deploys (`guardrails:rollout.catalog`). */
export function deployedCatalog(rollout: { catalog?: "all" | "listed"; policies: Readonly<Record<string, unknown>> }): readonly CatalogPolicy[] {
  return rollout.catalog === "listed" ? CATALOG.filter((c) => Object.hasOwn(rollout.policies, c.key)) : CATALOG;
}
