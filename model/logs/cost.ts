/**
 * Monthly cost of a stack's log split versus sending everything to Analytics, per table:
 * GB/day = users × events/user/day × KB/event × billed-size factor ÷ 10^6 (entra-facts §A.7),
 * plus steady-state retention beyond what ingestion includes. Archive copies to storage are not
 * priced (storage-account prices vary by tier and region).
 */
import { BILLED_SIZE_FACTOR, DAYS_PER_MONTH, type PriceTable, type VolumeAssumption } from "./costAssumptions";
import type { Category, TablePlan } from "./categories";
import type { EffectiveRoute } from "./routes";

export interface CostLine {
  category: Category;
  table: string;
  plan: TablePlan;
  gbPerMonth: number;
  /** This stack's split. */
  monthly: number;
  /** The same table on Analytics with the same total retention. */
  monthlyAllAnalytics: number;
}

export interface CostEstimate {
  users: number;
  prices: PriceTable;
  lines: CostLine[];
  total: number;
  totalAllAnalytics: number;
  ratio: number;
}

function monthlyCost(gbPerDay: number, plan: TablePlan, retentionInDays: number | undefined, totalRetentionInDays: number, p: PriceTable): number {
  const interactive = plan === "Analytics" ? (retentionInDays === -1 || retentionInDays === undefined ? 90 : retentionInDays) : 30;
  const total = totalRetentionInDays === -1 ? interactive : Math.max(totalRetentionInDays, interactive);
  const ingestion = gbPerDay * DAYS_PER_MONTH * p.ingestionPerGb[plan];
  const paidInteractiveDays = plan === "Analytics" ? Math.max(0, interactive - p.includedAnalyticsRetentionDays) : 0;
  // Steady state: a day's data is kept N days, so N × GB/day is stored at any time.
  const retention = gbPerDay * paidInteractiveDays * p.interactiveRetentionPerGbMonth + gbPerDay * (total - interactive) * p.longTermRetentionPerGbMonth;
  return ingestion + retention;
}

export function estimateCost(routes: readonly EffectiveRoute[], users: number, volumes: Record<Category, VolumeAssumption>, prices: PriceTable): CostEstimate {
  const lines = routes.map((r): CostLine => {
    const v = volumes[r.category];
    const gbPerDay = (users * v.eventsPerUserPerDay * v.kbPerEvent * BILLED_SIZE_FACTOR) / 1e6;
    const baselineRetention = r.retentionInDays ?? Math.min(90, r.totalRetentionInDays === -1 ? 90 : r.totalRetentionInDays);
    return {
      category: r.category,
      table: r.table,
      plan: r.plan,
      gbPerMonth: gbPerDay * DAYS_PER_MONTH,
      monthly: monthlyCost(gbPerDay, r.plan, r.retentionInDays, r.totalRetentionInDays, prices),
      monthlyAllAnalytics: monthlyCost(gbPerDay, "Analytics", baselineRetention, r.totalRetentionInDays, prices),
    };
  });
  const total = lines.reduce((s, l) => s + l.monthly, 0);
  const totalAllAnalytics = lines.reduce((s, l) => s + l.monthlyAllAnalytics, 0);
  return { users, prices, lines, total, totalAllAnalytics, ratio: totalAllAnalytics > 0 ? total / totalAllAnalytics : 0 };
}
