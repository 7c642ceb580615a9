/**
 * Names for the ids an export holds, so an imported stack reads like one written by hand: users by
 * UPN and groups by display name (from `--directory`), roles by Microsoft's built-in template name,
 * applications by their well-known name, named locations by display name; `--map` names the rest.
 */

/** Built-in role template ids (the same in every tenant; entra-docs permissions-reference.md). */
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  "62e90394-69f5-4237-9190-012177145e10": "Global Administrator",
  "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
  "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
  "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
  "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
  "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": "Application Administrator",
  "158c047a-c907-4556-b7ef-446551a6b5f7": "Cloud Application Administrator",
  "c4e39bd9-1100-46d3-8c65-fb160da0071f": "Authentication Administrator",
  "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
  "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
  "f28a1f50-f6e7-4571-818b-6a12f2af6b6c": "SharePoint Administrator",
  "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
  "3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
  "b0f54661-2d74-4c50-afa3-1ec803f12efe": "Billing Administrator",
  "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
  "5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
  "d29b2b05-8046-44ba-8758-1e26182fcf32": "Directory Synchronization Accounts",
};

/** First-party application ids with their names (Microsoft's "Verify first-party Microsoft applications"). */
export const KNOWN_APPLICATIONS: Readonly<Record<string, string>> = {
  "797f4846-ba00-4fd7-ba43-dac1f8f63013": "Microsoft Azure Management",
  "00000002-0000-0ff1-ce00-000000000000": "Office 365 Exchange Online",
  "00000003-0000-0ff1-ce00-000000000000": "Office 365 SharePoint Online",
  "00000003-0000-0000-c000-000000000000": "Microsoft Graph",
  "0000000a-0000-0000-c000-000000000000": "Microsoft Intune",
  "d4ebce55-015a-49b5-a083-c84d1797ae8c": "Microsoft Intune Enrollment",
};

export type DirectoryKind = "users" | "groups" | "roles" | "applications";

/** Name ↔ id for one directory map, with names made unique when two ids share one. */
export class NameBook {
  private readonly byId = new Map<string, string>();
  readonly entries: Record<string, string> = {};

  constructor(seed: Readonly<Record<string, string>> = {}) {
    for (const [name, id] of Object.entries(seed)) this.set(name, id);
  }

  private set(name: string, id: string): void {
    this.entries[name] = id;
    this.byId.set(id.toLowerCase(), name);
  }

  /** The name for `id`, registering `suggested` (made unique) when the id is new. */
  nameFor(id: string, suggested: string | undefined): string | undefined {
    const known = this.byId.get(id.toLowerCase());
    if (known || suggested === undefined) return known;
    let name = suggested;
    for (let n = 2; Object.hasOwn(this.entries, name); n++) name = `${suggested} (${n})`;
    this.set(name, id);
    return name;
  }

  idOf(name: string): string | undefined {
    return Object.hasOwn(this.entries, name) ? this.entries[name] : undefined;
  }
}
