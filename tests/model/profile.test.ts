import { ConfigError, loadProfileFile, parseProfile } from "../../model/profile/load";
import { stackFile, writeVariant } from "../helpers/stacks";

const CUSTOM = {
  displayName: "Block Azure management outside trusted locations",
  conditions: {
    users: { includeUsers: ["All"] },
    applications: { includeApplications: ["Microsoft Azure Management"] },
    clientAppTypes: ["all"],
    locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted", "HQ egress"] },
  },
  grantControls: { operator: "OR", builtInControls: ["block"] },
};

/** Loads a prod variant and returns the error message, with the temp file path replaced by FILE. */
function errorOf(edit: (c: Record<string, any>) => void): string {
  const file = writeVariant("prod", edit);
  try {
    loadProfileFile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.replace(file, "FILE");
  }
  throw new Error("expected the config to be rejected");
}

describe("stack config validation", () => {
  test("the shipped stacks load", () => {
    const prod = loadProfileFile(stackFile("prod"));
    expect(prod.stack).toBe("prod");
    expect(prod.protect).toBe(true);
    expect(prod.breakGlass.accounts).toHaveLength(2);
    const staging = loadProfileFile(stackFile("staging"));
    expect(staging.protect).toBe(false);
  });

  const cases: [string, (c: Record<string, any>) => void, string][] = [
    ["one break-glass account", (c) => c["guardrails:breakGlass"].accounts.pop(),
      "FILE: guardrails:breakGlass.accounts: at least two emergency-access accounts are required (Microsoft's emergency-access guidance)"],
    ["malformed GUID", (c) => { c["guardrails:breakGlass"].accounts[1].objectId = "eeeeeeee-0002-4000-8000-00000000000"; },
      "FILE: guardrails:breakGlass.accounts[1].objectId: must be a bare object id (GUID)"],
    ["unknown group name for the canary group", (c) => { c["guardrails:rollout"].canaryGroup = "CA-Pilot"; },
      "FILE: guardrails:rollout.canaryGroup: unknown group 'CA-Pilot' (not in guardrails:directory.groups)"],
    ["unknown stage", (c) => { c["guardrails:rollout"].policies.guestMfa.stage = "pilot"; },
      "FILE: guardrails:rollout.policies.guestMfa.stage: Invalid option: expected one of \"off\"|\"reportOnly\"|\"canary\"|\"enforced\""],
    ["unknown exclusion group", (c) => { c["guardrails:breakGlass"].exclusionGroup = "Nope"; },
      "FILE: guardrails:breakGlass.exclusionGroup: unknown group 'Nope' (not in guardrails:directory.groups)"],
    ["duplicate break-glass account", (c) => { c["guardrails:breakGlass"].accounts[1] = { ...c["guardrails:breakGlass"].accounts[0] }; },
      "FILE: guardrails:breakGlass.accounts[1].userPrincipalName: 'breakglass-01@contoso.example' is already accounts[0]; two distinct emergency-access accounts are required (and 1 more problem)"],
    // One identity per name (issue #9 §2).
    ["break-glass account id differs from the directory's id for the same UPN", (c) => { c["guardrails:breakGlass"].accounts[1].objectId = "eeeeeeee-0002-4000-8000-000000000009"; },
      "FILE: guardrails:breakGlass.accounts[1].objectId: eeeeeeee-0002-4000-8000-000000000009 differs from guardrails:directory.users['breakglass-02@contoso.example'] (eeeeeeee-0002-4000-8000-000000000002); one name, one id"],
    ["two break-glass accounts with one UPN and two ids", (c) => {
      const a = c["guardrails:breakGlass"].accounts;
      a[1] = { userPrincipalName: "BreakGlass-01@contoso.example", objectId: "eeeeeeee-0002-4000-8000-000000000009" };
    }, "FILE: guardrails:breakGlass.accounts[1].userPrincipalName: 'BreakGlass-01@contoso.example' is already accounts[0]; two distinct emergency-access accounts are required (and 1 more problem)"],
    ["all-zero GUID as a break-glass id", (c) => { c["guardrails:breakGlass"].accounts[0].objectId = "00000000-0000-0000-0000-000000000000"; },
      "FILE: guardrails:breakGlass.accounts[0].objectId: is the all-zero GUID, a placeholder, not an object id"],
    ["the break-glass group given the id of All-Staff", (c) => { c["guardrails:directory"].groups["CA-BreakGlass-Exclude"] = "eeeeeeee-0001-4000-8000-000000000003"; },
      "FILE: guardrails:directory.groups.All-Staff: id eeeeeeee-0001-4000-8000-000000000003 is already the id of group 'CA-BreakGlass-Exclude'; one id may stand for one directory name only"],
    ["the canary group given the break-glass group's id", (c) => { c["guardrails:directory"].groups["CA-Canary"] = "eeeeeeee-0001-4000-8000-000000000001"; },
      "FILE: guardrails:directory.groups.CA-Canary: id eeeeeeee-0001-4000-8000-000000000001 is already the id of group 'CA-BreakGlass-Exclude'; one id may stand for one directory name only (and 1 more problem)"],
    ["a user id reused as a group id", (c) => { c["guardrails:directory"].groups["Finance"] = "eeeeeeee-0002-4000-8000-000000000001"; },
      "FILE: guardrails:directory.groups.Finance: id eeeeeeee-0002-4000-8000-000000000001 is already the id of user 'breakglass-01@contoso.example'; one id may stand for one directory name only (and 1 more problem)"],
    ["a custom policy that includes the break-glass group", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { ...CUSTOM, conditions: { ...CUSTOM.conditions, users: { includeGroups: ["CA-BreakGlass-Exclude"] } } } }; },
      "FILE: guardrails:customPolicies.pilotBlock.conditions.users.includeGroups[0]: is the break-glass exclusion group 'CA-BreakGlass-Exclude', which may only ever be excluded"],
    ["a custom policy that includes the break-glass group by id", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { ...CUSTOM, conditions: { ...CUSTOM.conditions, users: { includeGroups: ["EEEEEEEE-0001-4000-8000-000000000001"] } } } }; },
      "FILE: guardrails:customPolicies.pilotBlock.conditions.users.includeGroups[0]: is the break-glass exclusion group 'CA-BreakGlass-Exclude', which may only ever be excluded"],
    ["two policies with the same display name", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { ...CUSTOM, displayName: "GR-001 Block legacy authentication" } }; },
      "FILE: guardrails:customPolicies.pilotBlock.displayName: 'GR-001 Block legacy authentication' is already the display name of catalog policy 'blockLegacyAuthentication'; display names must be unique"],
    ["two custom policies with the same display name", (c) => { c["guardrails:customPolicies"] = { pilotBlock: CUSTOM, pilotBlock2: { ...CUSTOM, displayName: ` ${CUSTOM.displayName.toUpperCase()}` } }; },
      "FILE: guardrails:customPolicies.pilotBlock2.displayName: ' BLOCK AZURE MANAGEMENT OUTSIDE TRUSTED LOCATIONS' is already the display name of custom policy 'pilotBlock'; display names must be unique"],
    ["the all-zero GUID in a custom policy", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { ...CUSTOM, conditions: { ...CUSTOM.conditions, users: { includeUsers: ["All"], excludeUsers: ["00000000-0000-0000-0000-000000000000"] } } } }; },
      "FILE: guardrails:customPolicies.pilotBlock.conditions.users.excludeUsers[0]: is the all-zero GUID, a placeholder, not an object id"],
    ["CIDR wider than /8", (c) => { c["guardrails:namedLocations"].trusted[0].ipRanges = ["10.0.0.0/7"]; },
      "FILE: guardrails:namedLocations.trusted[0].ipRanges[0]: '10.0.0.0/7' is wider than /8; Entra named locations accept /8 or longer"],
    ["not a CIDR", (c) => { c["guardrails:namedLocations"].trusted[1].ipRanges = ["198.51.100.300/24"]; },
      "FILE: guardrails:namedLocations.trusted[1].ipRanges[0]: '198.51.100.300/24' is not a CIDR range such as 203.0.113.0/24 (four decimal octets, prefix 0-32 without leading zeros)"],
    // Forms JavaScript parsers accept but Graph would receive verbatim (issue #10).
    ...["0xcb.0.113.0/24", "0313.0.113.0/24", "3405803776/24", "1.2.3/24", "203.0.113.0/024"].map((r): [string, (c: Record<string, any>) => void, string] => [`non-canonical CIDR ${r}`,
      (c) => { c["guardrails:namedLocations"].trusted[1].ipRanges = [r]; },
      `FILE: guardrails:namedLocations.trusted[1].ipRanges[0]: '${r}' is not a CIDR range such as 203.0.113.0/24 (four decimal octets, prefix 0-32 without leading zeros)`]),
    ["IPv6 range with a zone id", (c) => { c["guardrails:namedLocations"].trusted[1].ipRanges = ["fe80::1%eth0/64"]; },
      "FILE: guardrails:namedLocations.trusted[1].ipRanges[0]: 'fe80::1%eth0/64' is not an IPv6 CIDR range such as 2001:db8::/48 (no zone id, prefix 0-128 without leading zeros)"],
    ["a date that does not exist", (c) => { c["guardrails:rollout"].policies.guestMfa = { stage: "reportOnly", since: { reportOnly: "2026-02-30" } }; },
      "FILE: guardrails:rollout.policies.guestMfa.since.reportOnly: must be an ISO date that exists (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"],
    ["country code UK", (c) => { c["guardrails:namedLocations"].allowedCountries.countries = ["NL", "UK"]; },
      "FILE: guardrails:namedLocations.allowedCountries.countries[1]: must be an ISO 3166-1 alpha-2 country code in capitals (e.g. GB, not UK)"],
    ["unknown admin role", (c) => { c["guardrails:adminRoles"].push("Root"); },
      "FILE: guardrails:adminRoles[14]: unknown role 'Root' (not in guardrails:directory.roles)"],
    ["stage without its start date", (c) => { delete c["guardrails:rollout"].policies.blockDeviceCodeFlow.since.canary; },
      "FILE: guardrails:rollout.policies.blockDeviceCodeFlow.since.canary: is required: the date stage 'canary' began"],
    ["invalid date", (c) => { c["guardrails:rollout"].policies.guestMfa = { stage: "reportOnly", since: { reportOnly: "2026-13-01" } }; },
      "FILE: guardrails:rollout.policies.guestMfa.since.reportOnly: must be an ISO date that exists (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)"],
    ["policy not in the catalog", (c) => { c["guardrails:rollout"].policies.blockEverything = { stage: "off" }; },
      "FILE: guardrails:rollout.policies.blockEverything: is not a catalog or custom policy (catalog: blockLegacyAuthentication, adminPhishingResistantMfa, mfaOutsideTrustedLocations, adminCompliantDevice, office365DesktopCompliantDevice, blockDisallowedCountries, userRiskRemediation, signInRiskMfa, blockDeviceCodeFlow, securityInfoFromTrustedLocations, guestMfa)"],
    ["misspelt key inside a section", (c) => { c["guardrails:breakGlass"].exclusiongroup = "x"; },
      "FILE: guardrails:breakGlass: unknown key 'exclusiongroup'"],
    ["unknown top-level guardrails key", (c) => { c["guardrails:brakeGlass"] = {}; },
      "FILE: guardrails:brakeGlass: unknown key (known: guardrails:tenant, guardrails:directory, guardrails:breakGlass, guardrails:namedLocations, guardrails:rollout, guardrails:risk, guardrails:adminRoles, guardrails:protect, guardrails:logs, guardrails:alerts, guardrails:incident, guardrails:triage, guardrails:customPolicies, guardrails:breakGlassPassword, guardrails:sev0WebhookUrl, guardrails:sev1WebhookUrl, guardrails:sev2WebhookUrl)"],
    ["missing required section", (c) => { delete c["guardrails:breakGlass"]; },
      "FILE: guardrails:breakGlass: is required"],
    ["wrong type", (c) => { c["guardrails:tenant"].production = "yes"; },
      "FILE: guardrails:tenant.production: Invalid input: expected boolean, received string"],
    ["canary group equals the break-glass group", (c) => { c["guardrails:rollout"].canaryGroup = "CA-BreakGlass-Exclude"; },
      "FILE: guardrails:rollout.canaryGroup: must not be the break-glass exclusion group"],
    ["create mode without the password secret", (c) => { c["guardrails:breakGlass"].create = true; for (const a of c["guardrails:breakGlass"].accounts) delete a.objectId; },
      "FILE: guardrails:breakGlass.create: needs the secret guardrails:breakGlassPassword (pulumi config set --secret guardrails:breakGlassPassword)"],
    ["password given in clear text", (c) => { c["guardrails:breakGlassPassword"] = "hunter2"; },
      "FILE: guardrails:breakGlassPassword: must be a secret: pulumi config set --secret guardrails:breakGlassPassword"],
    ["custom policy with an unknown group name", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { ...CUSTOM, conditions: { ...CUSTOM.conditions, users: { includeGroups: ["Finance"] } } } }; },
      "FILE: guardrails:customPolicies.pilotBlock.conditions.users.includeGroups[0]: unknown name 'Finance' (not in guardrails:directory.groups)"],
    ["custom policy with a misspelt Graph field", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { ...CUSTOM, conditions: { ...CUSTOM.conditions, users: { includedUsers: ["All"] } } } }; },
      "FILE: guardrails:customPolicies.pilotBlock.conditions.users: unknown key 'includedUsers'"],
    ["custom policy with an unknown named location", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { ...CUSTOM, conditions: { ...CUSTOM.conditions, locations: { includeLocations: ["All"], excludeLocations: ["Moon base"] } } } }; },
      "FILE: guardrails:customPolicies.pilotBlock.conditions.locations.excludeLocations[0]: unknown name 'Moon base' (not a named location of guardrails:namedLocations or one of AllTrusted)"],
    ["custom policy without controls", (c) => { c["guardrails:customPolicies"] = { pilotBlock: { displayName: "x", conditions: CUSTOM.conditions } }; },
      "FILE: guardrails:customPolicies.pilotBlock: needs grantControls or sessionControls"],
  ];

  test.each(cases)("%s", (_name, edit, message) => {
    expect(errorOf(edit)).toBe(message);
  });

  test("several problems are summarised on one line", () => {
    const msg = errorOf((c) => { c["guardrails:tenant"].production = "yes"; c["guardrails:tenant"].name = ""; });
    expect(msg).toMatch(/^FILE: guardrails:tenant\.\S+: .+ \(and 1 more problem\)$/);
    expect(msg).not.toContain("\n");
  });

  test("a secret value never appears in an error message", () => {
    const msg = errorOf((c) => { c["guardrails:breakGlassPassword"] = "Sup3r-Secret-Value"; });
    expect(msg).not.toContain("Sup3r-Secret-Value");
  });

  test("invalid YAML names the line", () => {
    const file = writeVariant("prod", () => undefined);
    require("node:fs").writeFileSync(file, "config:\n  guardrails:tenant: {name: x\n");
    expect(() => loadProfileFile(file)).toThrow(/invalid YAML at line \d+/);
  });

  test("a missing file is reported, not thrown raw", () => {
    expect(() => loadProfileFile("/nonexistent/Pulumi.x.yaml")).toThrow("/nonexistent/Pulumi.x.yaml: cannot read the stack config file (ENOENT)");
  });

  test("the real CLI hands secrets over decrypted; they are accepted but not kept", () => {
    const config = { ...require("yaml").parse(require("node:fs").readFileSync(stackFile("prod"), "utf8")).config, "guardrails:breakGlassPassword": "plain-under-cli" };
    const profile = parseProfile(config, "stack config", "prod", true);
    expect(profile.secretKeys.sort()).toEqual(["breakGlassPassword", "sev0WebhookUrl", "sev1WebhookUrl"]);
    expect(JSON.stringify(profile)).not.toContain("plain-under-cli");
  });
});

describe("guardrails:logs and guardrails:alerts validation", () => {
  const logsCases: [string, (c: Record<string, any>) => void, string][] = [
    ["unknown category", (c) => { c["guardrails:logs"].routes = { SignInLog: { plan: "Basic" } }; },
      "FILE: guardrails:logs.routes.SignInLog: is not an Entra diagnostic category (known: AuditLogs, SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs, ProvisioningLogs, ADFSSignInLogs, RiskyUsers, UserRiskEvents, RiskyServicePrincipals, ServicePrincipalRiskEvents, MicrosoftGraphActivityLogs, EnrichedOffice365AuditLogs, NetworkAccessTrafficLogs)"],
    ["AuditLogs on Basic", (c) => { c["guardrails:logs"].routes = { AuditLogs: { plan: "Basic" } }; },
      "FILE: guardrails:logs.routes.AuditLogs.plan: table AuditLogs does not support the Basic plan (supports Analytics, Auxiliary)"],
    ["interactive retention on a Basic table", (c) => { c["guardrails:logs"].routes = { NonInteractiveUserSignInLogs: { retentionInDays: 60 } }; },
      "FILE: guardrails:logs.routes.NonInteractiveUserSignInLogs.retentionInDays: cannot be set on a Basic table: its interactive retention is fixed at 30 days (the API rejects it)"],
    ["total retention not an allowed value", (c) => { c["guardrails:logs"].routes = { AuditLogs: { totalRetentionInDays: 800 } }; },
      "FILE: guardrails:logs.routes.AuditLogs.totalRetentionInDays: must be 4-730 days, a whole number of years (1095, 1460, … 4383), or -1"],
    ["unknown workspace", (c) => { c["guardrails:logs"].routes = { SignInLogs: { workspace: "law-nope" } }; },
      "FILE: guardrails:logs.routes.SignInLogs.workspace: unknown workspace 'law-nope' (not in guardrails:logs.workspaces)"],
    ["Auxiliary plan (not deployable through azure-native 3.28's API version)", (c) => { c["guardrails:logs"].routes = { UserRiskEvents: { plan: "Auxiliary" } }; },
      "FILE: guardrails:logs.routes.UserRiskEvents.plan: plan 'Auxiliary' cannot be deployed by this kit: @pulumi/azure-native 3.28's operationalinsights.Table uses API version 2023-09-01, which knows only Analytics and Basic. Use Basic (or Analytics) here; to use Auxiliary, switch the table outside this stack and list the category under guardrails:logs.omit"],
    ["LogAlert source moved to Basic", (c) => { c["guardrails:logs"].routes = { UserRiskEvents: { plan: "Basic" } }; },
      "FILE: guardrails:alerts.rules.riskSpike: rule 'riskSpike-sev1': is a LogAlert on AADUserRiskEvents, which is on the Basic plan (log alerts need Analytics) (and 2 more problems)"],
    ["evaluation frequency Azure Monitor does not accept", (c) => { c["guardrails:alerts"].rules = { lockoutStorm: { evaluationFrequency: "PT12H" } }; },
      "FILE: guardrails:alerts.rules.lockoutStorm.evaluationFrequency: Invalid option: expected one of \"PT1M\"|\"PT5M\"|\"PT10M\"|\"PT15M\"|\"PT30M\"|\"PT45M\"|\"PT1H\"|\"PT2H\"|\"PT3H\"|\"PT4H\"|\"PT5H\"|\"PT6H\"|\"P1D\""],
    ["Microsoft ranges covering the whole IPv4 internet", (c) => { c["guardrails:alerts"].microsoftIpRanges = ["0.0.0.0/0", "::/0"]; },
      "FILE: guardrails:alerts.microsoftIpRanges[0]: '0.0.0.0/0' is broader than any range Microsoft publishes (/8 or longer for IPv4); it would hide every leaked-credential detection (and 1 more problem)"],
    ["Microsoft ranges covering IPv6 /8", (c) => { c["guardrails:alerts"].microsoftIpRanges = ["20.190.128.0/18", "2000::/8"]; },
      "FILE: guardrails:alerts.microsoftIpRanges[1]: '2000::/8' is broader than any range Microsoft publishes (/12 or longer for IPv6); it would hide every leaked-credential detection"],
    ["union at 1-minute frequency", (c) => {
      c["guardrails:logs"].routes = { NonInteractiveUserSignInLogs: { plan: "Analytics" } };
      c["guardrails:alerts"].rules = { lockoutStorm: { evaluationFrequency: "PT1M", windowSize: "PT5M" } };
    }, "FILE: guardrails:alerts.rules.lockoutStorm: rule 'lockoutStorm': a 1-minute rule cannot use union (use PT5M or more)"],
    ["window not allowed", (c) => { c["guardrails:alerts"].rules = { lockoutStorm: { windowSize: "PT20M" } }; },
      "FILE: guardrails:alerts.rules.lockoutStorm.windowSize: Invalid option: expected one of \"PT1M\"|\"PT5M\"|\"PT10M\"|\"PT15M\"|\"PT30M\"|\"PT45M\"|\"PT1H\"|\"PT2H\"|\"PT3H\"|\"PT4H\"|\"PT5H\"|\"PT6H\"|\"P1D\"|\"P2D\""],
    ["webhook without its secret", (c) => { c["guardrails:alerts"].receivers.sev2.webhook = true; },
      "FILE: guardrails:alerts.receivers.sev2.webhook: needs the secret guardrails:sev2WebhookUrl (pulumi config set --secret guardrails:sev2WebhookUrl <url>)"],
    ["tier without receivers", (c) => { c["guardrails:alerts"].receivers.sev2 = {}; },
      "FILE: guardrails:alerts.receivers.sev2: needs at least one receiver"],
    ["unknown alert rule", (c) => { c["guardrails:alerts"].rules = { breakglass: {} }; },
      "FILE: guardrails:alerts.rules: unknown key 'breakglass'"],
    ["bad Microsoft range", (c) => { c["guardrails:alerts"].microsoftIpRanges = ["20.190.128.0"]; },
      "FILE: guardrails:alerts.microsoftIpRanges[0]: '20.190.128.0' is not a CIDR range such as 203.0.113.0/24 (four decimal octets, prefix 0-32 without leading zeros)"],
  ];

  test.each(logsCases)("%s", (_name, edit, message) => {
    expect(errorOf(edit)).toBe(message);
  });
});

describe("hostile YAML and names (issue #10)", () => {
  const { writeFileSync, mkdtempSync } = require("node:fs") as typeof import("node:fs");
  const dir = mkdtempSync(require("node:path").join(require("node:os").tmpdir(), "hostile-"));
  const prodText = require("node:fs").readFileSync(stackFile("prod"), "utf8") as string;
  const load = (text: string) => {
    const f = require("node:path").join(dir, "Pulumi.x.yaml");
    writeFileSync(f, text);
    try {
      loadProfileFile(f);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message.replace(f, "FILE");
    }
    return "loaded";
  };
  const bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";

  test.each([
    ["an alias bomb", `${bomb}config: {}\n`, "FILE: invalid YAML: Excessive alias count indicates a resource exhaustion attack"],
    ["an undefined alias", "config:\n  a: *nope\n", "FILE: invalid YAML: Unresolved alias (the anchor must be set before the alias): nope"],
    ["a circular alias", "config: &x\n  guardrails:tenant: *x\n", "FILE: guardrails:tenant: refers to itself (a circular alias)"],
    ["10,000 levels of nesting", `config:\n  guardrails:tenant: ${"[".repeat(10000)}${"]".repeat(10000)}\n`, /^FILE: invalid YAML at line 2: /],
    ["100 levels of nesting", `config:\n  guardrails:tenant: ${"[".repeat(100)}${"]".repeat(100)}\n`, /^FILE: guardrails:tenant(\[0\])+: nested more than 64 levels deep$/],
    ["a __proto__ key", prodText.replace("    groups:\n", "    groups:\n      __proto__: eeeeeeee-0001-4000-8000-000000000099\n"), "FILE: guardrails:directory.groups.__proto__: '__proto__' is not allowed as a key"],
    ["a duplicate key", prodText.replace("  guardrails:risk:\n", "  guardrails:risk:\n    userRisk: low\n"), "FILE: invalid YAML at line 62: duplicate key 'userRisk'"],
  ])("%s is refused with the file named", (_name, text, message) => {
    const got = load(text);
    if (typeof message === "string") expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  test.each(["constructor", "toString", "hasOwnProperty", "valueOf"])("a group named '%s' is an ordinary name", (name) => {
    const withGroup = prodText.replace("    groups:\n", `    groups:\n      ${name}: eeeeeeee-0001-4000-8000-000000000099\n`);
    expect(load(withGroup)).toBe("loaded");
    expect(load(withGroup.replace("canaryGroup: CA-Canary", `canaryGroup: ${name}`).replace("CA-Canary: 120", `${name}: 120`))).toBe("loaded");
    expect(load(prodText.replace("canaryGroup: CA-Canary", `canaryGroup: ${name}`))).toBe(`FILE: guardrails:rollout.canaryGroup: unknown group '${name}' (not in guardrails:directory.groups)`);
  });

  test("a mapping of 40,000 keys loads (linear duplicate-key check)", () => {
    const many = Array.from({ length: 40_000 }, (_, i) => `      user${i}@contoso.example: eeeeeeee-0009-4000-8000-${String(i).padStart(12, "0")}`).join("\n");
    expect(load(prodText.replace("    users:\n", `    users:\n${many}\n`))).toBe("loaded");
  }, 60_000);
});

describe("catalog policies a stack deploys (guardrails:rollout.catalog)", () => {
  const { declarePolicies } = require("../../model/tenant") as typeof import("../../model/tenant");
  const { profileVariant } = require("../helpers/stacks") as typeof import("../helpers/stacks");
  test("all (default): every catalog policy, unlisted ones deployed off", () => {
    const p = profileVariant("prod", (c) => { delete c["guardrails:rollout"].policies.guestMfa; });
    const declared = declarePolicies(p);
    expect(declared).toHaveLength(11);
    expect(declared.find((d) => d.key === "guestMfa")).toMatchObject({ stage: "off", policy: { state: "disabled" } });
  });
  test("listed: only catalog policies with a rollout entry; off stays deployed-disabled", () => {
    const p = profileVariant("prod", (c) => {
      c["guardrails:rollout"].catalog = "listed";
      c["guardrails:rollout"].policies = { blockLegacyAuthentication: c["guardrails:rollout"].policies.blockLegacyAuthentication, guestMfa: { stage: "off" } };
    });
    expect(declarePolicies(p).map((d) => `${d.key}:${d.stage}`)).toEqual(["blockLegacyAuthentication:enforced", "guestMfa:off"]);
  });
});
