import type { CatalogPolicy } from "./types";

/** Office 365 from Windows and macOS desktops requires a compliant (Intune) or hybrid-joined device. */
export const office365DesktopCompliantDevice: CatalogPolicy = {
  key: "office365DesktopCompliantDevice",
  number: "005",
  title: "Compliant or hybrid-joined device for Office 365 on desktops",
  build: () => ({
    conditions: {
      users: { includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] },
      applications: { includeApplications: ["Office365"] },
      clientAppTypes: ["browser", "mobileAppsAndDesktopClients"],
      platforms: { includePlatforms: ["windows", "macOS"] },
    },
    grantControls: { operator: "OR", builtInControls: ["compliantDevice", "domainJoinedDevice"] },
  }),
};
