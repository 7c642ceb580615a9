/** Triage on arbitrary records: no throw, every record judged once, service-tag files of any shape give records or a named error. */
import fc from "fast-check";
import { toSignInRecord } from "../../model/signins/record";
import { IpOwners, serviceTagIndex, TriageInputError } from "../../model/triage/networks";
import { TriageAccumulator, VERDICTS } from "../../model/triage/triage";

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 12 }), fc.constant("192.0.2.66"));
const graph = fc.record({
  createdDateTime: fc.date({ noInvalidDate: true, min: new Date("2026-01-01"), max: new Date("2026-01-03") }).map((d) => d.toISOString()),
  userPrincipalName: fc.constantFrom("a@x.example", "b@x.example", "c@x.example"),
  ipAddress: ip,
  autonomousSystemNumber: fc.oneof(fc.constantFrom(8075, 14061, 64500), fc.integer()),
  isInteractive: fc.boolean(),
  status: fc.record({ errorCode: fc.constantFrom(0, 50126, 53003, 50074, 999999) }),
  authenticationRequirement: fc.constantFrom("singleFactorAuthentication", "multiFactorAuthentication", ""),
  riskLevelDuringSignIn: fc.constantFrom("none", "low", "high", "hidden"),
  riskEventTypes_v2: fc.array(fc.constantFrom("leakedCredentials", "anomalousToken", "unfamiliarFeatures"), { maxLength: 2 }),
  location: fc.record({ countryOrRegion: fc.constantFrom("NL", "US"), geoCoordinates: fc.record({ latitude: fc.oneof(fc.double({ min: -90, max: 90, noNaN: true }), fc.string()), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }) }),
  clientAppUsed: fc.constantFrom("Browser", "IMAP4", "Mobile Apps and Desktop clients"),
}, { requiredKeys: ["createdDateTime"] });

test("any records: every one gets exactly one verdict, nothing throws", () => {
  fc.assert(fc.property(fc.array(graph, { maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (rs, spray) => {
    const acc = new TriageAccumulator(new IpOwners(undefined, [{ name: "HQ", kind: "trusted", ipRanges: ["203.0.113.0/24"] }]), { thresholds: { sprayUsers: spray, baselineSignIns: 2 } });
    for (const r of rs) acc.add(toSignInRecord(r));
    const report = acc.report();
    expect(VERDICTS.reduce((n, v) => n + report.verdicts[v], 0)).toBe(rs.length);
  }), { numRuns: 200 * SCALE });
});

test("any service tags JSON: an index or a TriageInputError", () => {
  fc.assert(fc.property(fc.jsonValue(), (j) => {
    try {
      serviceTagIndex(j, "f.json");
    } catch (e) {
      expect(e).toBeInstanceOf(TriageInputError);
    }
  }), { numRuns: 300 * SCALE });
});
