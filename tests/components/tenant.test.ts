import type { AzureadCaPolicyArgs } from "../../model/azuread";
import { CA_POLICY_TYPE, NAMED_LOCATION_TYPE } from "../../model/azuread";
import { CATALOG_KEYS } from "../../model/catalog";
import { STAGES, type Stage } from "../../model/rollout";
import { runProgram } from "../../cli/engine/run";
import type { RecordedResource } from "../../cli/engine/recordingMonitor";
import { deterministicGuid } from "../../cli/engine/mocks";
import { profileVariant } from "../helpers/stacks";

// The prod stack's example ids (stacks/Pulumi.prod.yaml).
const BG_USERS = ["eeeeeeee-0002-4000-8000-000000000001", "eeeeeeee-0002-4000-8000-000000000002"];
const BG_GROUP = "eeeeeeee-0001-4000-8000-000000000001";
const CANARY = "eeeeeeee-0001-4000-8000-000000000002";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DATES: Record<Stage, Partial<Record<Stage, string>>> = {
  off: {},
  reportOnly: { reportOnly: "2026-01-06" },
  canary: { reportOnly: "2026-01-06", canary: "2026-02-03" },
  enforced: { reportOnly: "2026-01-06", canary: "2026-02-03", enforced: "2026-02-17" },
};

async function planAllAt(stage: Stage) {
  const profile = profileVariant("prod", (c) => {
    c["guardrails:rollout"].policies = Object.fromEntries(CATALOG_KEYS.map((k) => [k, { stage, since: DATES[stage] }]));
  });
  return runProgram(profile);
}

const caPolicies = (resources: RecordedResource[]) =>
  new Map(resources.filter((r) => r.type === CA_POLICY_TYPE).map((r) => [r.name, r.inputs as unknown as AzureadCaPolicyArgs]));

const EXPECTED_STATE: Record<Stage, string> = {
  off: "disabled", reportOnly: "enabledForReportingButNotEnforced", canary: "enabled", enforced: "enabled",
};

describe.each(STAGES)("every catalog policy at stage %s", (stage) => {
  let resources: RecordedResource[];
  let policies: Map<string, AzureadCaPolicyArgs>;
  beforeAll(async () => {
    resources = (await planAllAt(stage)).resources;
    policies = caPolicies(resources);
  });

  test("one azuread policy per catalog entry, in the expected state", () => {
    expect([...policies.keys()].sort()).toEqual([...CATALOG_KEYS].sort());
    for (const p of policies.values()) expect(p.state).toBe(EXPECTED_STATE[stage]);
  });

  test("every policy excludes both break-glass accounts and the break-glass group", () => {
    for (const [name, p] of policies) {
      expect({ name, users: p.conditions.users.excludedUsers }).toEqual({ name, users: expect.arrayContaining(BG_USERS) });
      expect({ name, groups: p.conditions.users.excludedGroups }).toEqual({ name, groups: expect.arrayContaining([BG_GROUP]) });
    }
  });

  test(stage === "canary" ? "the user scope is narrowed to the canary group, exclusions kept" : "the full user scope is kept", () => {
    const legacy = policies.get("blockLegacyAuthentication")!.conditions.users;
    const admins = policies.get("adminPhishingResistantMfa")!.conditions.users;
    const o365 = policies.get("office365DesktopCompliantDevice")!.conditions.users;
    const guests = policies.get("guestMfa")!.conditions.users;
    if (stage === "canary") {
      for (const u of [legacy, admins, o365, guests]) {
        expect(u.includedGroups).toEqual([CANARY]);
        expect(u.includedUsers).toBeUndefined();
        expect(u.includedRoles).toBeUndefined();
        expect(u.includedGuestsOrExternalUsers).toBeUndefined();
      }
      expect(o365.excludedUsers).toEqual(["GuestsOrExternalUsers", ...BG_USERS]);
    } else {
      expect(legacy.includedUsers).toEqual(["All"]);
      expect(admins.includedRoles).toHaveLength(14);
      expect(admins.includedRoles).toContain("62e90394-69f5-4237-9190-012177145e10");
      expect(guests.includedGuestsOrExternalUsers?.[0].guestOrExternalUserTypes).toHaveLength(6);
    }
  });

  test("named locations are referenced by bare object id, never by Pulumi id", () => {
    const locationIds = resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => r.name);
    expect(locationIds).toHaveLength(3);
    const countries = policies.get("blockDisallowedCountries")!.conditions.locations!;
    expect(countries.includedLocations).toEqual(["All"]);
    expect(countries.excludedLocations).toHaveLength(2);
    expect(countries.excludedLocations![0]).toMatch(GUID);
    expect(countries.excludedLocations![1]).toBe("AllTrusted");
  });
});

describe("tenant resources", () => {
  test("production protects CA policies, named locations, diagnostic settings, workspaces and the archive; staging does not", async () => {
    const prod = (await runProgram(profileVariant("prod"))).resources;
    const protectedTypes = new Set(prod.filter((r) => r.protect).map((r) => r.type));
    expect([...protectedTypes].sort()).toEqual([
      "azure-native:aadiam:DiagnosticSetting",
      "azure-native:operationalinsights:Workspace",
      "azure-native:storage:StorageAccount",
      "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
      "azuread:index/namedLocation:NamedLocation",
    ]);
    for (const type of protectedTypes) expect(prod.filter((r) => r.type === type).every((r) => r.protect)).toBe(true);
    const staging = (await runProgram(profileVariant("staging"))).resources;
    expect(staging.filter((r) => r.custom).some((r) => r.protect)).toBe(false);
    const overridden = (await runProgram(profileVariant("staging", (c) => { c["guardrails:protect"] = true; }))).resources;
    expect(overridden.filter((r) => r.type === CA_POLICY_TYPE).every((r) => r.protect)).toBe(true);
  });

  test("component types, parents and recorded rollout outputs", async () => {
    const { resources } = await runProgram(profileVariant("prod"));
    const staged = resources.find((r) => r.type === "guardrails:ca:StagedConditionalAccessPolicy" && r.name === "adminCompliantDevice")!;
    expect(staged.parent).toMatch(/guardrails:ca:ConditionalAccessBaseline::baseline$/);
    expect(staged.outputs).toEqual({
      key: "adminCompliantDevice",
      stage: "canary",
      since: { reportOnly: "2026-09-08", canary: "2026-11-10" },
      state: "enabled",
      canaryGroup: "CA-Canary",
      objectId: expect.stringMatching(GUID),
    });
    const policy = resources.find((r) => r.type === CA_POLICY_TYPE && r.name === "adminCompliantDevice")!;
    expect(policy.parent).toBe(staged.urn);
    expect(policy.urn).toBe("urn:pulumi:prod::entra-guardrails::guardrails:ca:ConditionalAccessBaseline$guardrails:ca:StagedConditionalAccessPolicy$azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy::adminCompliantDevice");
  });

  test("create mode creates the accounts and group and excludes their new ids", async () => {
    const profile = profileVariant("staging", (c) => {
      c["guardrails:breakGlass"].create = true;
      for (const a of c["guardrails:breakGlass"].accounts) delete a.objectId;
      c["guardrails:breakGlassPassword"] = { secure: "v1:AAAA" };
    });
    const { resources } = await runProgram(profile);
    const users = resources.filter((r) => r.type === "azuread:index/user:User");
    expect(users).toHaveLength(2);
    expect(users[0].inputs.password).toBe("[secret]");
    const group = resources.find((r) => r.type === "azuread:index/group:Group")!;
    expect((group.inputs.members as string[])).toHaveLength(2);
    const policy = caPolicies(resources).get("guestMfa")!;
    expect(policy.conditions.users.excludedUsers).toHaveLength(2);
    expect(policy.conditions.users.excludedUsers!.every((id) => GUID.test(id))).toBe(true);
    // The mock runtime derives object ids from type and name; the policy must exclude exactly the created ones.
    expect(policy.conditions.users.excludedGroups).toEqual([deterministicGuid("staging::azuread:index/group:Group::breakglass-exclusion")]);
    expect(policy.conditions.users.excludedUsers).toEqual(["breakglass-1", "breakglass-2"].map((n) => deterministicGuid(`staging::azuread:index/user:User::${n}`)));
    expect(group.inputs.members).toEqual(policy.conditions.users.excludedUsers);
  });
});

describe("custom policies", () => {
  test("are declared by name, resolved to ids, staged and excluded from break-glass like catalog ones", async () => {
    const profile = profileVariant("prod", (c) => {
      c["guardrails:customPolicies"] = {
        azureMgmtTrustedOnly: {
          displayName: "GR-100 Block Azure management outside trusted locations",
          conditions: {
            users: { includeUsers: ["All"], excludeGroups: ["All-Staff"] },
            applications: { includeApplications: ["Microsoft Azure Management"] },
            clientAppTypes: ["all"],
            locations: { includeLocations: ["All"], excludeLocations: ["HQ egress", "AllTrusted"] },
          },
          grantControls: { operator: "OR", builtInControls: ["block"] },
        },
      };
      c["guardrails:rollout"].policies.azureMgmtTrustedOnly = { stage: "canary", since: { reportOnly: "2026-10-06", canary: "2026-11-03" } };
    });
    const { resources } = await runProgram(profile);
    const p = caPolicies(resources).get("azureMgmtTrustedOnly")!;
    expect(p.displayName).toBe("GR-100 Block Azure management outside trusted locations");
    expect(p.state).toBe("enabled");
    expect(p.conditions.users).toEqual({ includedGroups: [CANARY], excludedGroups: ["eeeeeeee-0001-4000-8000-000000000003", BG_GROUP], excludedUsers: BG_USERS });
    expect(p.conditions.applications.includedApplications).toEqual(["797f4846-ba00-4fd7-ba43-dac1f8f63013"]);
    expect(p.conditions.locations!.excludedLocations).toEqual([deterministicGuid("prod::azuread:index/namedLocation:NamedLocation::ip-hq-egress"), "AllTrusted"]);
  });
});

describe("the offline run and the SDK's engine diagnostics (issue #15)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require("@pulumi/pulumi") as { Resource: { callsites(): unknown[] } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown };

  test("call sites and the promise leak detector are off during the run and back after it; --debug keeps them", async () => {
    const { callsites } = pulumi.Resource;
    const { debuggablePromise } = debuggable;
    let during: unknown[] | undefined;
    const profile = profileVariant("prod", () => undefined);
    const run = runProgram(profile);
    during = pulumi.Resource.callsites();
    expect(debuggable.debuggablePromise).not.toBe(debuggablePromise);
    await run;
    expect(during).toEqual([]);
    expect(pulumi.Resource.callsites).toBe(callsites);
    expect(debuggable.debuggablePromise).toBe(debuggablePromise);
    const debugRun = runProgram(profile, { keepStackTraces: true });
    expect(pulumi.Resource.callsites().length).toBeGreaterThan(0);
    const [a, b] = [await run, await debugRun];
    // The diagnostics never reach the plan: both runs record the same resources.
    expect(b.resources.map((r) => [r.urn, r.inputs])).toEqual(a.resources.map((r) => [r.urn, r.inputs]));
  });
});
