/**
 * Triage on the seeded `attack` week (model/signins/attack.ts): each planted event gets the right
 * verdict with the right reasons, and nothing else in the week is flagged.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { loadProfileFile } from "../../model/profile/load";
import { ATTACK } from "../../model/signins/attack";
import { fromGraph, type SignInRecord } from "../../model/signins/record";
import { syntheticSignIns } from "../../model/signins/synthetic";
import { IpOwners, PrefixIndex, serviceTagIndex, TriageInputError } from "../../model/triage/networks";
import { TriageAccumulator, type TriageReport } from "../../model/triage/triage";
import { stackLocations, stackPolicies, stackSyntheticDirectory } from "../../model/whatif/fromProfile";
import { ROOT } from "../helpers/stacks";

const TAGS = path.join(ROOT, "tests", "fixtures", "triage", "ServiceTags_Public_example.json");
const profile = loadProfileFile(path.join(ROOT, "stacks", "Pulumi.prod.yaml"));
const directory = stackSyntheticDirectory(profile, 200, 1);
const records: SignInRecord[] = [...syntheticSignIns({ policies: stackPolicies(profile), locations: stackLocations(profile), directory }, { scenario: "attack", start: "2026-11-16", seed: 7 })].map((s) => fromGraph(s));
const trusted = profile.namedLocations.trusted.map((t) => ({ name: t.name, kind: "trusted" as const, ipRanges: t.ipRanges }));

function triage(tags = true): TriageReport {
  const acc = new TriageAccumulator(new IpOwners(tags ? serviceTagIndex(JSON.parse(readFileSync(TAGS, "utf8")), TAGS) : undefined, trusted));
  for (const r of records) acc.add(r);
  return acc.report(10_000);
}

describe("the attack week", () => {
  const report = triage();
  const codes = (s: { reasons: { code: string }[] }) => s.reasons.map((r) => r.code).sort();

  test("the password spray: every attempt needs review, naming the spray and the hosting provider", () => {
    const spray = report.flagged.filter((s) => s.ip === ATTACK.spray.ip);
    expect(spray).toHaveLength(ATTACK.spray.users);
    for (const s of spray) {
      expect(s.verdict).toBe("needs-review");
      expect(codes(s)).toEqual(expect.arrayContaining(["cloud-hosted-source", "failed-attempt", "spray-source"]));
      expect(s.reasons.find((r) => r.code === "spray-source")!.text).toContain(`failed against ${ATTACK.spray.users} users`);
      expect(s.owner).toBe("AS14061 DigitalOcean");
    }
    expect(report.ips.find((i) => i.ip === ATTACK.spray.ip)).toMatchObject({ sprayUsers: ATTACK.spray.users, failedAttempts: ATTACK.spray.users, cloudHosted: true });
  });

  test("the single-factor success from an Azure address after failures is a likely compromise, with its evidence", () => {
    const fromAzure = report.flagged.filter((s) => s.ip === ATTACK.compromise.ip);
    expect(fromAzure).toHaveLength(ATTACK.compromise.failures + 1);
    const success = fromAzure.find((s) => s.result === "success")!;
    expect(success.verdict).toBe("likely-compromise");
    expect(codes(success)).toEqual(expect.arrayContaining(["cloud-hosted-source", "failures-before-success", "single-factor-success"]));
    expect(success.owner).toBe("AS8075 Microsoft, Azure service tag AzureCloud.westeurope");
    expect(success.reasons.find((r) => r.code === "failures-before-success")!.text).toContain(`after ${ATTACK.compromise.failures} failed attempts`);
    expect(report.users.filter((u) => u.verdict === "likely-compromise").map((u) => u.user)).toEqual([success.user]);
    // The failures before it are attempts to review, not compromises.
    expect(fromAzure.filter((s) => s !== success).every((s) => s.verdict === "needs-review")).toBe(true);
  });

  test("off-hours work needs review for that reason alone", () => {
    const night = report.flagged.filter((s) => new Date(s.time).getUTCHours() === ATTACK.offHours.hour);
    expect(night).toHaveLength(1);
    expect(codes(night[0])).toEqual(["off-hours"]);
    expect(night[0].reasons[0].text).toMatch(/^at 23:xx UTC, outside the user's usual \d\d:00–\d\d:59/);
  });

  test("first-party token refreshes from Microsoft's ASN are expected service traffic; nothing benign is flagged", () => {
    const service = records.filter((r) => r.interactive === false && r.autonomousSystemNumber === 8075);
    expect(service.length).toBeGreaterThan(1000);
    expect(report.verdicts["expected-service-traffic"]).toBe(service.length);
    // Exactly the planted events are flagged: the spray, the failures and the success, the night sign-in.
    expect(report.verdicts["likely-compromise"] + report.verdicts["needs-review"]).toBe(ATTACK.spray.users + ATTACK.compromise.failures + 1 + 1);
    expect(report.verdicts.ok).toBe(records.length - service.length - report.flagged.length);
  });

  test("without the service tags file the Azure address is not called cloud-hosted, and the interactive sign-in from Microsoft's network still needs review", () => {
    const r = triage(false);
    const success = r.flagged.find((s) => s.ip === ATTACK.compromise.ip && s.result === "success")!;
    expect(success.verdict).toBe("needs-review");
    expect(codes(success)).toEqual(expect.arrayContaining(["failures-before-success", "microsoft-network-interactive", "single-factor-success"]));
  });
});

describe("who owns an address", () => {
  test("the longest prefix wins, for IPv4, IPv6 and IPv4-mapped IPv6", () => {
    const i = new PrefixIndex<string>();
    i.add("10.0.0.0/8", "wide");
    i.add("10.1.0.0/16", "narrow");
    i.add("2001:db8::/32", "v6");
    expect([i.lookup("10.1.2.3"), i.lookup("10.2.0.1"), i.lookup("11.0.0.1"), i.lookup("2001:db8::1"), i.lookup("::ffff:10.1.0.9"), i.lookup("not an ip")])
      .toEqual(["narrow", "wide", undefined, "v6", "narrow", undefined]);
  });

  test("a named Azure service is preferred over a region of the cloud, and that over AzureCloud", () => {
    const tags = serviceTagIndex(JSON.parse(readFileSync(TAGS, "utf8")), TAGS);
    expect(tags.lookup("198.18.10.7")?.name).toBe("AzureActiveDirectory");
    expect(tags.lookup("198.18.0.7")?.name).toBe("AzureCloud.westeurope");
    expect(tags.lookup("198.19.0.7")?.name).toBe("AzureCloud");
  });

  test("a tenant's trusted network names the address before any hosting provider", () => {
    const owners = new IpOwners(undefined, [{ name: "HQ VPN", kind: "vpn", ipRanges: ["192.0.2.0/24"] }]);
    expect(owners.owner("192.0.2.66", 14061)).toMatchObject({ network: "hosting", cloudHosted: false, declared: { name: "HQ VPN", kind: "vpn" } });
    expect(owners.owner("198.51.100.1", 14061)).toMatchObject({ cloudHosted: true, summary: "AS14061 DigitalOcean" });
  });

  test.each([
    [{}, "values: missing (not a ServiceTags_Public_*.json file)"],
    [{ values: [{ properties: { addressPrefixes: [] } }] }, "values[0].name: missing"],
    [{ values: [{ name: "X", properties: {} }] }, "values[0].properties.addressPrefixes: missing"],
    [{ values: [{ name: "X", properties: { addressPrefixes: ["10.0.0.0/33"] } }] }, "values[0].properties.addressPrefixes[0]: '10.0.0.0/33' is not a CIDR range"],
  ])("a malformed service tags file names the key: %j", (json, message) => {
    expect(() => serviceTagIndex(json, "tags.json")).toThrow(new TriageInputError(`tags.json: ${message}`));
  });
});
