/** What-if inputs from the tenant model: deployed named locations and the break-glass accounts as directory users. */
import { stackBreakGlass } from "./fromProfile";
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
  return stackBreakGlass(profile).users;
}
