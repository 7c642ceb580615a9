/** What-if inputs from the tenant model: deployed named locations and the break-glass accounts as directory users. */
import { own } from "../own";
import type { TenantProfile } from "../profile/load";
import type { DirectoryUser, NamedLocation } from "./types";

/** An `azuread.NamedLocation`'s inputs (or state) with its object id. */
export function namedLocationFromAzuread(props: Record<string, unknown>, objectId: string): NamedLocation {
  const ip = props.ip as { ipRanges: string[]; trusted?: boolean } | undefined;
  const country = props.country as { countriesAndRegions: string[]; includeUnknownCountriesAndRegions?: boolean } | undefined;
  return {
    id: objectId,
    displayName: String(props.displayName),
    kind: ip ? "ip" : "country",
    isTrusted: ip?.trusted === true,
    ipRanges: ip?.ipRanges ?? [],
    countries: country?.countriesAndRegions ?? [],
    includeUnknownCountriesAndRegions: country?.includeUnknownCountriesAndRegions === true,
  };
}

/** The break-glass accounts: members of the exclusion group, assumed to hold every directory role (conservative). */
export function breakGlassDirectoryUsers(profile: TenantProfile): DirectoryUser[] {
  const group = own(profile.directory.groups, profile.breakGlass.exclusionGroup);
  return profile.breakGlass.accounts.map((a, i) => ({
    id: a.objectId ?? `breakglass-${i + 1}`,
    userPrincipalName: a.userPrincipalName,
    userType: "Member" as const,
    memberOf: group ? [group] : [],
    roles: Object.values(profile.directory.roles),
  }));
}
