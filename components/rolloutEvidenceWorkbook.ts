import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as pulumi from "@pulumi/pulumi";
import type { EvidenceQueryInput } from "../model/signins/kql";
import { rolloutEvidenceWorkbook, WORKBOOK_DISPLAY_NAME } from "../model/signins/workbook";
import { standInId } from "../model/whatif/fromProfile";

export interface RolloutEvidenceWorkbookArgs {
  stack: string;
  queries: EvidenceQueryInput;
  resourceGroupName: pulumi.Input<string>;
  location: string;
  /** ARM ids of the workspaces holding SigninLogs and AADNonInteractiveUserSignInLogs. */
  workspaceIds: pulumi.Input<string>[];
}

/** The "Rollout evidence" workbook: `guardrails evidence`'s figures, queried where the logs are. */
export class RolloutEvidenceWorkbook extends pulumi.ComponentResource {
  readonly workbookId: pulumi.Output<string>;

  constructor(name: string, args: RolloutEvidenceWorkbookArgs, opts?: pulumi.ComponentResourceOptions) {
    super("guardrails:logs:RolloutEvidenceWorkbook", name, {}, opts);
    const ids = pulumi.all(args.workspaceIds);
    const workbook = new applicationinsights.Workbook("rollout-evidence", {
      // A workbook's name must be a GUID (Microsoft's workbook templates use newGuid()); this one is stable per stack.
      resourceName: standInId("workbook", `${args.stack}/rollout-evidence`),
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      kind: "shared",
      category: "workbook",
      displayName: WORKBOOK_DISPLAY_NAME,
      version: "Notebook/1.0",
      sourceId: ids.apply((x) => x[0].toLowerCase()),
      serializedData: ids.apply((x) => rolloutEvidenceWorkbook(args.queries, x)),
    }, { parent: this });
    this.workbookId = workbook.id;
    this.registerOutputs({ workbookId: this.workbookId });
  }
}
