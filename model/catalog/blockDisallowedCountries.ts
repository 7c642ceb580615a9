import type { CatalogPolicy } from "./types";

export const blockDisallowedCountries: CatalogPolicy = {
  key: "blockDisallowedCountries",
  number: "006",
  title: "Block sign-ins from countries not allowed",
  build: (ctx) => ({
    conditions: {
      users: { includeUsers: ["All"] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      locations: { includeLocations: ["All"], excludeLocations: [ctx.allowedCountriesLocation, "AllTrusted"] },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  }),
};
