import * as pulumi from "@pulumi/pulumi";
import { StagedConditionalAccessPolicy } from "../../components/stagedConditionalAccessPolicy";
import type { DeclaredPolicy } from "../../model/tenant";

const BG1 = "aaaaaaaa-0000-4000-8000-000000000001";
const BG2 = "aaaaaaaa-0000-4000-8000-000000000002";
const BGG = "aaaaaaaa-0000-4000-8000-0000000000ff";
const OTHER = "bbbbbbbb-0000-4000-8000-000000000001";

describe("StagedConditionalAccessPolicy under plain Pulumi mocks", () => {
  const created: pulumi.runtime.MockResourceArgs[] = [];
  beforeAll(async () => {
    await pulumi.runtime.setMocks({
      newResource: (args) => { created.push(args); return { id: `${args.name}-id`, state: { ...args.inputs, objectId: "cccccccc-0000-4000-8000-000000000001" } }; },
      call: () => ({}),
    }, "project", "stack", false);
  });

  test("adds every break-glass exclusion even when the definition lists only some, keeping its own", async () => {
    const declared: DeclaredPolicy = {
      key: "custom", displayName: "Custom", stage: "off", since: {},
      definition: { key: "custom", displayName: "Custom", origin: "custom", neverRelax: false, build: () => ({ conditions: {} }) },
      policy: {
        displayName: "Custom",
        state: "disabled",
        conditions: { users: { includeUsers: ["All"], excludeUsers: [BG1, OTHER] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
        grantControls: { operator: "OR", builtInControls: ["block"] },
      },
    };
    const c = new StagedConditionalAccessPolicy("custom", {
      declared, breakGlass: pulumi.output({ userIds: [BG1, BG2], groupIds: [BGG] }), locationIds: pulumi.output<Record<string, string>>({}), canaryGroup: "x", protect: false,
    });
    const users = await new Promise<any>((resolve) => pulumi.output(c.policy.conditions).apply(resolve));
    expect(users.users.excludedUsers).toEqual([BG1, OTHER, BG2]);
    expect(users.users.excludedGroups).toEqual([BGG]);
    const registered = created.find((r) => r.type === "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy")!;
    expect(registered.inputs.state).toBe("disabled");
    expect(registered.inputs.conditions.users.excludedUsers).toEqual([BG1, OTHER, BG2]);
  });
});
