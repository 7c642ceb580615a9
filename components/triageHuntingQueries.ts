import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import type { LogsConfig } from "../model/profile/monitoringSchema";
import { huntingDeployments } from "../model/triage/kql";

export interface TriageHuntingQueriesArgs {
  logs: LogsConfig;
  resourceGroupName: pulumi.Input<string>;
}

/**
 * `guardrails triage`'s checks saved as functions (saved searches with a function alias) in the
 * workspaces that hold the sign-in tables, so a responder can run `GuardrailsTriageSpray` where the
 * logs are. Queries over a Basic-plan table are not saved (see huntingDeployments).
 */
export class TriageHuntingQueries extends pulumi.ComponentResource {
  readonly functionAliases: string[];

  constructor(name: string, args: TriageHuntingQueriesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:logs:TriageHuntingQueries", name, {}, opts);
    const { deploy } = huntingDeployments(args.logs);
    for (const { query, workspace } of deploy) {
      new operationalinsights.SavedSearch(`triage-${query.alias}`, {
        resourceGroupName: args.resourceGroupName,
        workspaceName: workspace,
        savedSearchId: `guardrails-${query.alias.toLowerCase()}`,
        category: "Guardrails triage",
        displayName: query.title,
        functionAlias: query.alias,
        query: query.query,
        version: 2,
      }, { parent: this });
    }
    this.functionAliases = deploy.map((d) => d.query.alias);
    this.registerOutputs({ functionAliases: this.functionAliases });
  }
}
