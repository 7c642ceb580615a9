import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { TenantProfile } from "../model/profile/load";

export interface NamedLocationsArgs {
  locations: TenantProfile["namedLocations"];
  protect: boolean;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Trusted IP ranges and the allowed-countries list as Entra named locations. */
export class NamedLocations extends pulumi.ComponentResource {
  /** Location name → object id (the bare GUID policies must reference, never `.id`). */
  readonly ids: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: NamedLocationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:ca:NamedLocations", name, {}, opts);
    const child = { parent: this, protect: args.protect };
    const entries: [string, pulumi.Output<string>][] = args.locations.trusted.map((t) => [
      t.name,
      new azuread.NamedLocation(`ip-${slug(t.name)}`, { displayName: t.name, ip: { ipRanges: [...t.ipRanges], trusted: true } }, child).objectId,
    ]);
    const countries = args.locations.allowedCountries;
    entries.push([
      countries.name,
      new azuread.NamedLocation(`countries-${slug(countries.name)}`, {
        displayName: countries.name,
        country: { countriesAndRegions: [...countries.countries], includeUnknownCountriesAndRegions: countries.includeUnknown },
      }, child).objectId,
    ]);
    this.ids = pulumi.all(entries.map(([, id]) => id)).apply((ids) => Object.fromEntries(entries.map(([n], i) => [n, ids[i]])));
    this.registerOutputs({ ids: this.ids });
  }
}
