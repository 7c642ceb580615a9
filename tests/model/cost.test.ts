import { estimateCost } from "../../model/logs/cost";
import { DEFAULT_PRICES, DEFAULT_VOLUMES } from "../../model/logs/costAssumptions";
import type { EffectiveRoute } from "../../model/logs/routes";

describe("cost model", () => {
  const volumes = { ...DEFAULT_VOLUMES, SignInLogs: { eventsPerUserPerDay: 10, kbPerEvent: 10, basis: "test" }, NonInteractiveUserSignInLogs: { eventsPerUserPerDay: 10, kbPerEvent: 10, basis: "test" } };
  const routes: EffectiveRoute[] = [
    { category: "SignInLogs", table: "SigninLogs", workspace: "w", plan: "Analytics", retentionInDays: 90, totalRetentionInDays: 365 },
    { category: "NonInteractiveUserSignInLogs", table: "AADNonInteractiveUserSignInLogs", workspace: "w", plan: "Basic", totalRetentionInDays: 90 },
  ];

  test("matches a hand computation", () => {
    // 1000 users × 10 events × 10 KB × 0.75 / 1e6 = 0.075 GB/day; × 30.4 = 2.28 GB/month.
    const e = estimateCost(routes, 1000, volumes, DEFAULT_PRICES);
    const [signin, nonInteractive] = e.lines;
    expect(signin.gbPerMonth).toBeCloseTo(2.28, 10);
    // Analytics: 2.28 × 2.30 ingestion + 0.075 × (90 − 31) × 0.10 interactive + 0.075 × (365 − 90) × 0.02 long-term.
    expect(signin.monthly).toBeCloseTo(5.244 + 0.4425 + 0.4125, 10);
    expect(signin.monthlyAllAnalytics).toBeCloseTo(signin.monthly, 10);
    // Basic: 2.28 × 0.50 + 0.075 × (90 − 30) × 0.02; as Analytics: 90 days interactive, nothing long-term.
    expect(nonInteractive.monthly).toBeCloseTo(1.14 + 0.09, 10);
    expect(nonInteractive.monthlyAllAnalytics).toBeCloseTo(5.244 + 0.4425, 10);
    expect(e.ratio).toBeCloseTo((6.099 + 1.23) / (6.099 + 5.6865), 10);
  });

  test("scales linearly with users", () => {
    const a = estimateCost(routes, 1000, volumes, DEFAULT_PRICES);
    const b = estimateCost(routes, 3000, volumes, DEFAULT_PRICES);
    expect(b.total).toBeCloseTo(3 * a.total, 8);
    expect(b.ratio).toBeCloseTo(a.ratio, 10);
  });
});
