import { checkReference, isGuid, referenceProblems } from "../../model/references";
import type { GraphCaPolicy } from "../../model/graph";

const G = "11111111-1111-4111-8111-111111111111";

describe("reference validation", () => {
  test("GUIDs and documented keywords are accepted where they belong", () => {
    expect(checkReference("conditions.users.includeUsers", "All")).toBeUndefined();
    expect(checkReference("conditions.users.includeUsers", "GuestsOrExternalUsers")).toBeUndefined();
    expect(checkReference("conditions.applications.includeApplications", "Office365")).toBeUndefined();
    expect(checkReference("conditions.locations.excludeLocations", "AllTrusted")).toBeUndefined();
    expect(checkReference("conditions.users.excludeGroups", G)).toBeUndefined();
  });

  test("a keyword in the wrong field is refused", () => {
    expect(checkReference("conditions.users.includeGroups", "All")).toBe("'All' is not a GUID");
    expect(checkReference("conditions.users.excludeUsers", "All")).toBe("'All' is not a GUID or one of GuestsOrExternalUsers");
  });

  test("a Pulumi resource id path is refused with the bare id to use instead", () => {
    expect(checkReference("conditions.locations.includeLocations", `/identity/conditionalAccess/namedLocations/${G}`))
      .toBe(`'/identity/conditionalAccess/namedLocations/${G}' is a Pulumi resource id; Graph wants the bare object id '${G}' (use .objectId, not .id)`);
  });

  test("wrong casing of a keyword is named", () => {
    expect(checkReference("conditions.applications.includeApplications", "office365")).toBe("'office365' must be spelled 'Office365'");
  });

  test("isGuid rejects near-GUIDs", () => {
    expect(isGuid(G)).toBe(true);
    expect(isGuid(G.slice(1))).toBe(false);
    expect(isGuid(`{${G}}`)).toBe(false);
  });

  test("referenceProblems reports every bad reference with its path", () => {
    const p: GraphCaPolicy = {
      displayName: "x",
      state: "enabled",
      conditions: {
        users: { includeUsers: ["All"], excludeGroups: [G, "/groups/" + G] },
        applications: { includeUserActions: ["urn:user:registersecurityinfo", "urn:user:nope"] },
        clientAppTypes: ["all"],
        locations: { includeLocations: ["All"], excludeLocations: ["HQ"] },
      },
    };
    expect(referenceProblems(p).map((x) => x.path)).toEqual([
      "conditions.users.excludeGroups[1]",
      "conditions.locations.excludeLocations[0]",
      "conditions.applications.includeUserActions[1]",
    ]);
  });
});
