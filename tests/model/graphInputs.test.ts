/** Graph exports nobody here wrote (issue #10): both flag forms, refused shapes and enums, device filters, placeholders. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { locationsFromFiles, policiesFromFiles } from "../../cli/whatif/inputs";
import { CompiledPolicySet } from "../../model/whatif/compiled";
import { InputError, locationsFromJson, policiesFromJson, signInFromRequest } from "../../model/whatif/decode";
import { evaluatePolicy } from "../../model/whatif/reference";
import type { Directory } from "../../model/whatif/types";

const base = () => ({
  displayName: "P", state: "enabled",
  conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
});
const withConditions = (c: Record<string, unknown>) => ({ ...base(), conditions: { ...base().conditions, ...c } });
const refused = (json: unknown) => { try { policiesFromJson(json, "F"); } catch (e) { expect(e).toBeInstanceOf(InputError); return (e as Error).message; } return "accepted"; };

describe("Graph policy exports", () => {
  test("flags as arrays or comma-separated strings are both accepted and normalised", () => {
    const [p] = policiesFromJson(withConditions({
      authenticationFlows: { transferMethods: ["deviceCodeFlow", "authenticationTransfer"] },
      insiderRiskLevels: ["elevated"],
      users: { includeUsers: ["None"], includeGuestsOrExternalUsers: { guestOrExternalUserTypes: ["internalGuest", "b2bCollaborationGuest"] } },
    }), "F");
    expect(p.conditions.authenticationFlows?.transferMethods).toBe("deviceCodeFlow,authenticationTransfer");
    expect(p.conditions.insiderRiskLevels).toBe("elevated");
    expect(p.conditions.users?.includeGuestsOrExternalUsers?.guestOrExternalUserTypes).toBe("internalGuest,b2bCollaborationGuest");
  });

  test.each([
    ["a string where a list belongs", withConditions({ users: { includeUsers: "All" } }), "F: conditions.users.includeUsers: Invalid input: expected array, received string"],
    ["clientAppTypes as a string", withConditions({ clientAppTypes: "all" }), "F: conditions.clientAppTypes: Invalid input: expected array, received string"],
    ["null inside a list", withConditions({ users: { includeUsers: ["All", null] } }), "F: conditions.users.includeUsers.1: Invalid input: expected string, received null"],
    ["a number inside a list", withConditions({ users: { excludeGroups: [42] } }), "F: conditions.users.excludeGroups.0: Invalid input: expected string, received number"],
    ["includeApplications as an object", withConditions({ applications: { includeApplications: {} } }), "F: conditions.applications.includeApplications: Invalid input: expected array, received object"],
    ["an unknown client app type", withConditions({ clientAppTypes: ["foo"] }), /^F: conditions\.clientAppTypes\.0: Invalid option: expected one of /],
    ["an unknown risk level", withConditions({ signInRiskLevels: ["extreme"] }), /^F: conditions\.signInRiskLevels\.0: Invalid option/],
    ["operator XOR", { ...base(), grantControls: { operator: "XOR", builtInControls: ["mfa"] } }, "F: grantControls.operator: must be AND or OR"],
    ["an unknown built-in control", { ...base(), grantControls: { operator: "OR", builtInControls: ["foo"] } }, /^F: grantControls\.builtInControls\.0: Invalid option/],
    ["'Everyone' as a user", withConditions({ users: { includeUsers: ["Everyone"] } }), "F: conditions.users.includeUsers[0]: 'Everyone' is not a GUID or one of All, None, GuestsOrExternalUsers"],
    ["an unknown user action", withConditions({ applications: { includeUserActions: ["urn:user:registersecurityinf"] } }), "F: conditions.applications.includeUserActions.0: must be one of urn:user:registersecurityinfo, urn:user:registerdevice"],
    ["an unknown guest type in a flags array", withConditions({ users: { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: ["alien"] } } }), /guestOrExternalUserTypes: 'alien' is not one of none, internalGuest/],
    ["a device filter with -xor", withConditions({ devices: { deviceFilter: { mode: "include", rule: 'device.model -eq "a" -xor device.model -eq "b"' } } }), "F: conditions.devices.deviceFilter.rule: device filter: unexpected '-xor'"],
    ["a device filter of open parentheses", withConditions({ devices: { deviceFilter: { mode: "exclude", rule: "((((((" } } }), /^F: conditions\.devices\.deviceFilter\.rule: device filter: expected device\.<property>, found/],
    ["an unknown device attribute", withConditions({ devices: { deviceFilter: { mode: "exclude", rule: 'device.colour -eq "red"' } } }), /unknown attribute 'device\.colour'/],
    ["10,000 levels of nesting", JSON.parse(`{"displayName":"P","state":"enabled","conditions":{"x":${"[".repeat(10000)}${"]".repeat(10000)}}}`), /^F: conditions\.x(\.0)+: nested more than 64 levels deep$/],
  ])("refused: %s", (_name, json, message) => {
    const got = refused(json);
    if (typeof message === "string") expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  test("a single-object file names no index; a list names each", () => {
    expect(refused(withConditions({ clientAppTypes: "all" }))).toMatch(/^F: conditions/);
    expect(refused([base(), withConditions({ clientAppTypes: "all" })])).toMatch(/^F\[1\]: conditions/);
  });

  test("placeholders and unknownFutureValue are warned about, by name", () => {
    const warnings: string[] = [];
    policiesFromJson(withConditions({ users: { includeUsers: ["All"], excludeGroups: ["<EmergencyAccessGroup>", "%GroupId%", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"] }, clientAppTypes: ["all", "unknownFutureValue"] }), "F", warnings);
    expect(warnings).toEqual([
      "F: conditions.users.excludeGroups[0]: '<EmergencyAccessGroup>' is a placeholder, not an object id; it matches nothing",
      "F: conditions.users.excludeGroups[1]: '%GroupId%' is a placeholder, not an object id; it matches nothing",
      "F: conditions.users.excludeGroups[2]: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx' is a placeholder, not an object id; it matches nothing",
      "F: conditions.clientAppTypes[1]: unknownFutureValue (a value newer than Graph v1.0) is evaluated as matching nothing",
    ]);
  });
});

describe("named locations", () => {
  test("a template without id is keyed by display name and keeps isTrusted", () => {
    const [l] = locationsFromJson({ "@odata.type": "#microsoft.graph.ipNamedLocation", displayName: "HQ", isTrusted: true, ipRanges: [{ cidrAddress: "203.0.113.0/24" }] }, "L");
    expect(l).toMatchObject({ id: "HQ", displayName: "HQ", isTrusted: true, kind: "ip", ipRanges: ["203.0.113.0/24"] });
  });
  test.each([
    ["ipRanges: [null]", { id: "a", ipRanges: [null] }, "L: ipRanges.0: Invalid input: expected object, received null"],
    ["country XX", { id: "a", countriesAndRegions: ["NL", "XX"] }, "L: countriesAndRegions.1: is not an ISO 3166-1 alpha-2 country code"],
  ])("refused: %s", (_n, json, message) => {
    expect(() => locationsFromJson(json, "L")).toThrow(message);
  });
});

describe("evaluate requests and device filters", () => {
  const directory: Directory = { users: [{ id: "u1", userPrincipalName: "alice@x", userType: "Member", memberOf: [], roles: [] }], groups: [] };
  const request = (conditions: Record<string, unknown>) => ({ signInIdentity: { userId: "u1" }, signInContext: { includeApplications: ["All"] }, signInConditions: conditions });

  test.each([
    ["deviceInfo as text", { deviceInfo: "text" }, "R: signInConditions.deviceInfo: Invalid input: expected record, received string"],
    ["an unknown client app type", { clientAppType: "foo" }, /^R: signInConditions\.clientAppType: Invalid option/],
    ["an unknown risk level", { signInRiskLevel: "extreme" }, /^R: signInConditions\.signInRiskLevel: Invalid option/],
    ["country XX", { country: "XX" }, "R: signInConditions.country: is not an ISO 3166-1 alpha-2 country code"],
  ])("refused: %s", (_n, c, message) => {
    let got = "accepted";
    try { signInFromRequest(request(c), directory, "R"); } catch (e) { got = (e as Error).message; }
    if (typeof message === "string") expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  const policy = (mode: "include" | "exclude", rule: string) => policiesFromJson(withConditions({ devices: { deviceFilter: { mode, rule } } }), "F")[0];
  const applies = (mode: "include" | "exclude", rule: string, conditions: Record<string, unknown>) => {
    const p = policy(mode, rule);
    const s = signInFromRequest(request(conditions), directory, "R");
    const reference = evaluatePolicy(p, s, { locations: new Map() }).applies;
    const compiled = new CompiledPolicySet([p], { locations: new Map() }).evaluate(s)[0].applies;
    expect(compiled).toBe(reference);
    return reference;
  };

  test("Graph's deviceInfo 'ownership' is the rule's device.deviceOwnership", () => {
    expect(applies("include", 'device.deviceOwnership -eq "Company"', { deviceInfo: { ownership: "Company" } })).toBe(true);
    expect(applies("include", 'device.deviceOwnership -eq "Company"', { deviceInfo: { ownership: "Personal" } })).toBe(false);
  });

  test("exclude mode, positive filter: an unregistered device is not excluded (the policy applies); a matching one is", () => {
    const rule = 'device.extensionAttribute1 -eq "SAW"';
    expect(applies("exclude", rule, {})).toBe(true);
    expect(applies("exclude", rule, { deviceInfo: { extensionAttribute1: "SAW" } })).toBe(false);
  });

  test("include mode, negative filter: an unregistered device is included (its properties are null); a matching one is not", () => {
    const rule = 'device.isCompliant -ne True';
    expect(applies("include", rule, {})).toBe(true);
    expect(applies("include", rule, { deviceInfo: { isCompliant: true } })).toBe(false);
    expect(applies("include", rule, { deviceInfo: { isCompliant: false } })).toBe(true);
  });

  test("collection attributes: -contains means one of the strings", () => {
    expect(applies("include", 'device.systemLabels -contains "M365Managed"', { deviceInfo: { systemLabels: ["MultiUser", "M365Managed"] } })).toBe(true);
    expect(applies("include", 'device.systemLabels -contains "M365"', { deviceInfo: { systemLabels: ["M365Managed"] } })).toBe(false);
  });
});

describe("folders of exports", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "exports-"));
  mkdirSync(path.join(dir, "tenant", "nested"), { recursive: true });
  writeFileSync(path.join(dir, "tenant", "a.json"), JSON.stringify(base()));
  writeFileSync(path.join(dir, "tenant", "nested", "b.json"), JSON.stringify({ ...base(), displayName: "Q" }));
  writeFileSync(path.join(dir, "tenant", "nested", "broken.json"), '{\n  "displayName": "R",\n  "state": }\n');

  test("sub-folders are searched; a bad file is named with line and column", () => {
    expect(() => policiesFromFiles(path.join(dir, "tenant"))).toThrow(`${path.join(dir, "tenant", "nested", "broken.json")}:3:12: not valid JSON (Unexpected token '}')`);
  });

  test("--skip-invalid goes on and lists what it refused", () => {
    const skipped: string[] = [];
    const policies = policiesFromFiles(path.join(dir, "tenant"), { skipInvalid: true, skipped });
    expect(policies.map((p) => p.displayName).sort()).toEqual(["P", "Q"]);
    expect(skipped).toEqual([`${path.join(dir, "tenant", "nested", "broken.json")}:3:12: not valid JSON (Unexpected token '}')`]);
  });

  test("only regular files are read: a FIFO and a link to /dev/zero are refused at once", () => {
    const odd = path.join(dir, "odd");
    mkdirSync(odd);
    execFileSync("mkfifo", [path.join(odd, "fifo.json")]);
    expect(() => policiesFromFiles(path.join(odd, "fifo.json"))).toThrow(`${path.join(odd, "fifo.json")}: not a regular file`);
    symlinkSync("/dev/zero", path.join(odd, "zero.json"));
    expect(() => policiesFromFiles(path.join(odd, "zero.json"))).toThrow(`${path.join(odd, "zero.json")}: not a regular file`);
    expect(() => locationsFromFiles(odd)).toThrow(/not a regular file/);
  });
});
