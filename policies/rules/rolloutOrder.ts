import { own } from "../../model/own";
import { STAGES, type Stage } from "../../model/rollout";
import { declaredWithResources, toDate } from "../framework/rollout";
import { daysBetween } from "../framework/resources";
import { NOW_PROPERTY, type StackRule } from "../framework/types";

interface Config { reportOnlySoakDays: number; canarySoakDays: number; now?: string }

/** off → reportOnly → canary → enforced, no stage skipped, each soaked long enough, no date in the future. */
export const rolloutOrder: StackRule<Config> = {
  kind: "stack",
  name: "rollout-order",
  description: "Stage dates run off → reportOnly → canary → enforced with no stage skipped, report-only soaks before canary and canary soaks before enforced.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      reportOnlySoakDays: { type: "integer", minimum: 0, default: 14, description: "Minimum days in report-only before canary." },
      canarySoakDays: { type: "integer", minimum: 0, default: 7, description: "Minimum days in canary before enforced." },
      now: NOW_PROPERTY,
    },
  },
  remediationSteps: "Move the policy back one stage, or record the real stage start dates in guardrails:rollout.policies.<key>.since.",
  check(resources, ctx) {
    const { reportOnlySoakDays, canarySoakDays } = ctx.config;
    const now = ctx.now();
    return declaredWithResources(ctx.profile(), resources).flatMap(({ declared, urn }) => {
      const { stage, since, displayName } = { ...declared, displayName: declared.displayName };
      const out: string[] = [];
      const reached = STAGES.slice(1, STAGES.indexOf(stage) + 1) as Stage[];
      // Adopted from a live tenant: stages reached by the adoption date are the tenant's history.
      const adopted = own(ctx.profile().rollout.policies, declared.key)?.adopted;
      const afterAdoption = (d: string | undefined) => !adopted || (d !== undefined && d > adopted);
      for (const s of reached) if (!since[s] && !adopted) out.push(`is at ${stage} but has no ${s} date: stage ${s} was skipped`);
      const dated = reached.filter((s) => since[s]);
      for (let i = 1; i < dated.length; i++) {
        if (toDate(since[dated[i]]!) < toDate(since[dated[i - 1]]!)) out.push(`${dated[i]} (${since[dated[i]]}) is dated before ${dated[i - 1]} (${since[dated[i - 1]]})`);
      }
      for (const s of dated) if (toDate(since[s]!) > now) out.push(`${s} is dated in the future (${since[s]})`);
      if (since.reportOnly && since.canary && afterAdoption(since.canary)) {
        const soak = daysBetween(toDate(since.reportOnly), toDate(since.canary));
        if (soak < reportOnlySoakDays) out.push(`soaked ${soak} days in report-only before canary (minimum ${reportOnlySoakDays})`);
      }
      if (since.canary && since.enforced && afterAdoption(since.enforced)) {
        const soak = daysBetween(toDate(since.canary), toDate(since.enforced));
        if (soak < canarySoakDays) out.push(`soaked ${soak} days in canary before enforced (minimum ${canarySoakDays})`);
      }
      return out.map((m) => ({ urn, message: `policy '${displayName}' ${m}` }));
    });
  },
};
