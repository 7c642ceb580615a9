import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { TenantProfile } from "../model/profile/load";

export interface NamedLocationsArgs {
  locations: TenantProfile["namedLocations"];
  protect: boolean;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Trusted and untrusted IP ranges and country lists as Entra named locations. */
export class NamedLocations extends pulumi.ComponentResource {
  /** Location name → object id (the bare GUID policies must reference, never `.id`). */
  readonly ids: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: NamedLocationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:ca:NamedLocations", name, {}, opts);
    const child = { parent: this, protect: args.protect };
    const l = args.locations;
    const ip = (t: { name: string; ipRanges: string[] }, trusted: boolean): [string, pulumi.Output<string>] => [
      t.name,
      new azuread.NamedLocation(`ip-${slug(t.name)}`, { displayName: t.name, ip: { ipRanges: [...t.ipRanges], trusted } }, child).objectId,
    ];
    const country = (c: { name: string; countries: string[]; includeUnknown: boolean }): [string, pulumi.Output<string>] => [
      c.name,
      new azuread.NamedLocation(`countries-${slug(c.name)}`, {
        displayName: c.name,
        country: { countriesAndRegions: [...c.countries], includeUnknownCountriesAndRegions: c.includeUnknown },
      }, child).objectId,
    ];
    const entries = [
      ...l.trusted.map((t) => ip(t, true)),
      ...l.untrusted.map((t) => ip(t, false)),
      ...(l.allowedCountries ? [country(l.allowedCountries)] : []),
      ...l.countries.map(country),
    ];
    this.ids = pulumi.all(entries.map(([, id]) => id)).apply((ids) => Object.fromEntries(entries.map(([n], i) => [n, ids[i]])));
    this.registerOutputs({ ids: this.ids });
  }
}
