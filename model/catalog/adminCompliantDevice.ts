import type { CatalogPolicy } from "./types";

/** Administrators work from an Intune-compliant or hybrid-joined device. */
export const adminCompliantDevice: CatalogPolicy = {
  key: "adminCompliantDevice",
  number: "004",
  title: "Compliant or hybrid-joined device for administrators",
  neverRelax: true,
  build: (ctx) => ({
    conditions: {
      users: { includeRoles: [...ctx.adminRoles] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
    },
    grantControls: { operator: "OR", builtInControls: ["compliantDevice", "domainJoinedDevice"] },
  }),
};
