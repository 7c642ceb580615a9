/** promotion-evidence (issue #12, item 4): one compliant case, one case per violation. */
import { promotionEvidence } from "../../policies/rules/promotionEvidence";
import type { PackResource } from "../../policies/framework/types";
import type { EvidenceRecord } from "../../model/signins/promotion";
import { checkStack, packResources } from "../helpers/pack";
import { profileVariant } from "../helpers/stacks";

let resources: PackResource[];
beforeAll(async () => { resources = await packResources(profileVariant("prod")); });

const good: EvidenceRecord = {
  recorded: "2026-11-30T09:00:00Z", stage: "reportOnly", window: { from: "2026-11-15T00:00:00Z", to: "2026-11-29T23:59:00Z" },
  signIns: 5000, users: 400, failureRate: 0.04, interruptionRate: 0.01, nonInteractiveShare: 0.7,
  wouldBlock: { signIns: 12, breakGlass: 0, admins: 0 }, fidelity: 0.998, sources: [{ file: "signins.json", sha256: "a".repeat(64) }],
};
/** prod with office365DesktopCompliantDevice promoted to canary on 2026-12-01 with this evidence. */
const promoted = (evidence?: Partial<EvidenceRecord> | null, since: Record<string, string> = { reportOnly: "2026-10-27", canary: "2026-12-01" }) =>
  profileVariant("prod", (c) => {
    c["guardrails:rollout"].policies.office365DesktopCompliantDevice = { stage: "canary", since, ...(evidence === null ? {} : { evidence: { ...good, ...evidence } }) };
  });
const check = (p: ReturnType<typeof promoted>, config: Record<string, unknown> = {}) => checkStack(promotionEvidence, resources, p, { now: "2026-12-02T00:00:00Z", ...config });
const finding = (m: string) => `office365DesktopCompliantDevice: policy 'GR-005 Compliant or hybrid-joined device for Office 365 on desktops' promoted to canary on 2026-12-01: ${m}`;

describe("promotion-evidence", () => {
  test("compliant: the shipped stacks (their promotions predate the rule) and a promotion with good evidence", () => {
    expect(check(profileVariant("prod"))).toEqual([]);
    expect(checkStack(promotionEvidence, resources, profileVariant("staging"))).toEqual([]);
    expect(check(promoted({}))).toEqual([]);
  });
  test("violation: no evidence", () => {
    expect(check(promoted(null))).toEqual([finding("has no recorded evidence (run `guardrails evidence --record` over the reportOnly period's sign-ins)")]);
  });
  test("violation: recorded at another stage", () => {
    expect(check(promoted({ stage: "canary" }))).toEqual([finding("evidence was recorded at canary, not at reportOnly (the stage it was promoted from)")]);
  });
  test("violation: recorded too long before, or after, the promotion", () => {
    expect(check(promoted({ recorded: "2026-11-20T00:00:00Z" }))).toEqual([finding("evidence was recorded 2026-11-20, more than 7 days before the promotion on 2026-12-01")]);
    expect(check(promoted({ recorded: "2026-11-20T00:00:00Z" }), { maxAgeDays: 14 })).toEqual([]);
    expect(check(promoted({ recorded: "2026-12-03T00:00:00Z" }))).toEqual([finding("evidence was recorded 2026-12-03, after the promotion to canary on 2026-12-01")]);
  });
  test("violation: the window does not cover the soak, or starts before the stage", () => {
    expect(check(promoted({ window: { from: "2026-11-25T00:00:00Z", to: "2026-11-29T23:59:00Z" } }))).toEqual([finding("evidence window covers 5.0 days, less than the 14-day reportOnly soak")]);
    expect(check(promoted({ window: { from: "2026-10-20T00:00:00Z", to: "2026-11-29T23:59:00Z" } }))).toEqual([finding("evidence window starts 2026-10-20T00:00:00Z, before the policy reached reportOnly on 2026-10-27")]);
  });
  test("violation: too few sign-ins", () => {
    expect(check(promoted({ signIns: 40 }))).toEqual([finding("evidence holds 40 sign-ins, fewer than 100")]);
  });
  test("violation: failure rate above the threshold (configurable)", () => {
    expect(check(promoted({ failureRate: 0.23 }))).toEqual([finding("failure rate 23.0% is above 10.0%")]);
    expect(check(promoted({ failureRate: 0.23 }), { maxFailureRate: 0.25 })).toEqual([]);
  });
  test("violation: interruption rate above the threshold", () => {
    expect(check(promoted({ interruptionRate: 0.15 }))).toEqual([finding("interruption rate 15.0% is above 10.0%")]);
  });
  test("violation: no non-interactive sign-ins (configurable)", () => {
    expect(check(promoted({ nonInteractiveShare: 0 }))).toEqual([finding("evidence holds no non-interactive sign-ins (export AADNonInteractiveUserSignInLogs too: April 2025's failures were there)")]);
    expect(check(promoted({ nonInteractiveShare: 0 }), { requireNonInteractive: false })).toEqual([]);
  });
  test("violation: replay would block a break-glass account, or an admin, or did not know the admins", () => {
    expect(check(promoted({ wouldBlock: { signIns: 3, breakGlass: 2, admins: 0 } }))).toEqual([finding("replay: would block break-glass accounts 2 time(s)")]);
    expect(check(promoted({ wouldBlock: { signIns: 3, breakGlass: 0, admins: 3 } }))).toEqual([finding("replay: would block admins 3 time(s)")]);
    expect(check(promoted({ wouldBlock: { signIns: 3, breakGlass: 0, admins: null } }))).toEqual([finding("replay did not know the admins (record with --directory, a directory export with roles)")]);
  });
  test("not judged: promotions before requiredFrom, adopted history, report-only policies", () => {
    expect(check(promoted(null), { requiredFrom: "2026-12-02" })).toEqual([]);
    const adopted = profileVariant("prod", (c) => { c["guardrails:rollout"].policies.office365DesktopCompliantDevice = { stage: "canary", since: { canary: "2026-12-01" }, adopted: "2026-12-01" }; });
    expect(check(adopted)).toEqual([]);
  });
  test("a malformed evidence block is refused by the stack schema, naming the key", () => {
    expect(() => promoted({ failureRate: 3 } as Partial<EvidenceRecord>)).toThrow(/guardrails:rollout\.policies\.office365DesktopCompliantDevice\.evidence\.failureRate/);
  });
});
