import type { CatalogPolicy } from "./types";

export const GUEST_TYPES = [
  "internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider",
] as const;

export const guestMfa: CatalogPolicy = {
  key: "guestMfa",
  number: "011",
  title: "MFA for guests and external users",
  build: () => ({
    conditions: {
      users: {
        includeGuestsOrExternalUsers: {
          guestOrExternalUserTypes: GUEST_TYPES.join(","),
          externalTenants: { membershipKind: "all" },
        },
      },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  }),
};
