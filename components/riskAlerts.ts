import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import type { AlertSpec, Tier } from "../model/alerts/types";
import { workspaceOf } from "../model/alerts/placement";
import type { EffectiveRoute } from "../model/logs/routes";
import type { AlertsConfig } from "../model/profile/monitoringSchema";

export interface RiskAlertsArgs {
  alerts: AlertsConfig;
  specs: AlertSpec[];
  routes: EffectiveRoute[];
  resourceGroupName: pulumi.Input<string>;
  location: string;
  workspaceIds: Record<string, pulumi.Input<string>>;
  /** Webhook URL per tier (Pulumi secrets). */
  webhookUrls: Partial<Record<Tier, pulumi.Input<string>>>;
}

const TIER_NAMES: Record<Tier, string> = { sev0: "Sev0 on-call", sev1: "Sev1 SOC", sev2: "Sev2 identity team" };

/** Action groups per severity tier and one scheduled query rule per alert spec. */
export class RiskAlerts extends pulumi.ComponentResource {
  readonly actionGroupIds: Record<Tier, pulumi.Output<string>>;

  constructor(name: string, args: RiskAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:alerts:RiskAlerts", name, {}, opts);
    const child = { parent: this };
    const groups = Object.fromEntries((["sev0", "sev1", "sev2"] as const).map((tier) => {
      const r = args.alerts.receivers[tier];
      const url = args.webhookUrls[tier];
      return [tier, new monitor.ActionGroup(`ag-${tier}`, {
        resourceGroupName: args.resourceGroupName,
        actionGroupName: `entra-guardrails-${tier}`,
        groupShortName: `gr-${tier}`, // 12 characters at most (used in SMS)
        location: "Global",
        enabled: true,
        emailReceivers: r.emails.map((emailAddress, i) => ({ name: `email-${i + 1}`, emailAddress, useCommonAlertSchema: true })),
        smsReceivers: r.sms.map((p, i) => ({ name: `sms-${i + 1}`, ...p })),
        voiceReceivers: r.voice.map((p, i) => ({ name: `voice-${i + 1}`, ...p })),
        webhookReceivers: r.webhook && url !== undefined ? [{ name: "webhook", serviceUri: pulumi.secret(url), useCommonAlertSchema: true }] : [],
        tags: { "guardrails:tier": TIER_NAMES[tier] },
      }, child)];
    })) as Record<Tier, monitor.ActionGroup>;
    this.actionGroupIds = { sev0: groups.sev0.id, sev1: groups.sev1.id, sev2: groups.sev2.id };

    for (const spec of args.specs) {
      const workspace = workspaceOf(spec, args.routes)!;
      const common = {
        resourceGroupName: args.resourceGroupName,
        ruleName: `entra-guardrails-${spec.name}`,
        location: args.location,
        kind: spec.kind,
        displayName: spec.displayName,
        description: spec.description,
        enabled: spec.enabled,
        scopes: [args.workspaceIds[workspace]],
        actions: { actionGroups: [groups[spec.tier].id] },
      };
      const kindSpecific = spec.kind === "LogAlert"
        ? {
          severity: spec.severity,
          evaluationFrequency: spec.evaluationFrequency,
          windowSize: spec.windowSize,
          ...(spec.overrideQueryTimeRange ? { overrideQueryTimeRange: spec.overrideQueryTimeRange } : {}),
          criteria: {
            allOf: [{
              query: spec.query,
              timeAggregation: spec.condition!.timeAggregation,
              ...(spec.condition!.metricMeasureColumn ? { metricMeasureColumn: spec.condition!.metricMeasureColumn } : {}),
              // String literal: azure-native 3.28's ConditionOperator enum belongs to another API (entra-facts §B.5).
              operator: spec.condition!.operator,
              threshold: spec.condition!.threshold,
              dimensions: spec.condition!.dimensions.map((d) => ({ name: d, operator: "Include", values: ["*"] })),
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            }],
          },
        }
        : { criteria: { allOf: [{ query: spec.query, minRecurrenceCount: spec.minRecurrenceCount ?? 1 }] } };
      // Azure refuses in-place scope changes (pulumi-azure-native #4839): replace, deleting first because the name is fixed.
      new monitor.ScheduledQueryRule(spec.name, { ...common, ...kindSpecific }, { ...child, replaceOnChanges: ["scopes"], deleteBeforeReplace: true });
    }
    this.registerOutputs({ actionGroupIds: this.actionGroupIds, ruleCount: args.specs.length });
  }
}
