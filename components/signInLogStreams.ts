import * as aadiam from "@pulumi/azure-native/aadiam";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { archiveCategories, effectiveRoutes } from "../model/logs/routes";
import type { LogsConfig } from "../model/profile/monitoringSchema";

export interface SignInLogStreamsArgs {
  logs: LogsConfig;
  protect: boolean;
}

/**
 * Entra diagnostic settings into Log Analytics, split per category: each category lands in its own
 * table, and each table gets its own plan and retention (the split the workspace-transform DCR
 * cannot do, entra-facts §A.6). One diagnostic setting per destination, so no category is sent to a
 * destination twice.
 */
export class SignInLogStreams extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  /** Workspace name → ARM resource id (what alert `scopes` and `aadiam` `workspaceId` need, not the GUID `customerId`). */
  readonly workspaceIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: SignInLogStreamsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:logs:SignInLogStreams", name, {}, opts);
    const { logs } = args;
    const child = { parent: this };
    const critical = { parent: this, protect: args.protect };
    const rg = new resources.ResourceGroup("logs", { resourceGroupName: logs.resourceGroup, location: logs.location }, child);
    this.resourceGroupName = rg.name;
    const workspaces = new Map(logs.workspaces.map((w) => [w.name, new operationalinsights.Workspace(w.name, {
      resourceGroupName: rg.name,
      workspaceName: w.name,
      location: logs.location,
      sku: { name: "PerGB2018" },
      retentionInDays: w.retentionInDays,
      ...(w.dailyQuotaGb ? { workspaceCapping: { dailyQuotaGb: w.dailyQuotaGb } } : {}),
    }, critical)]));
    this.workspaceIds = Object.fromEntries([...workspaces].map(([n, w]) => [n, w.id]));

    const routes = effectiveRoutes(logs);
    for (const r of routes) {
      // Built-in tables have no DELETE: this resource only PATCHes plan and retention (entra-facts §B.3).
      new operationalinsights.Table(`${r.workspace}-${r.table}`, {
        resourceGroupName: rg.name,
        workspaceName: workspaces.get(r.workspace)!.name,
        tableName: r.table,
        plan: r.plan,
        ...(r.retentionInDays !== undefined ? { retentionInDays: r.retentionInDays } : {}),
        totalRetentionInDays: r.totalRetentionInDays,
      }, child);
    }
    for (const [wsName, ws] of workspaces) {
      const categories = routes.filter((r) => r.workspace === wsName).map((r) => r.category);
      if (categories.length === 0) continue;
      new aadiam.DiagnosticSetting(`entra-to-${wsName}`, {
        name: `${logs.diagnosticSettingName}-${wsName}`,
        workspaceId: ws.id,
        // Only AuditLogs and SignInLogs are in the aadiam.Category enum; the others are plain strings (entra-facts §B.1).
        logs: categories.map((category) => ({ category, enabled: true })),
      }, critical);
    }
    const archived = archiveCategories(logs);
    if (logs.archive && archived.length > 0) {
      const account = new storage.StorageAccount("archive", {
        resourceGroupName: rg.name,
        accountName: logs.archive.storageAccount,
        location: logs.location,
        kind: "StorageV2",
        sku: { name: "Standard_LRS" },
        allowBlobPublicAccess: false,
        minimumTlsVersion: "TLS1_2",
      }, critical);
      new aadiam.DiagnosticSetting("entra-to-archive", {
        name: `${logs.diagnosticSettingName}-archive`,
        storageAccountId: account.id,
        logs: archived.map((category) => ({ category, enabled: true })),
      }, critical);
    }
    this.registerOutputs({ resourceGroupName: this.resourceGroupName, workspaceIds: this.workspaceIds });
  }
}
