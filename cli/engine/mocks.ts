/**
 * What the mock runtime answers for each new resource: its inputs echoed back plus the outputs
 * the program reads (object ids, ARM ids), derived deterministically from type and name so two
 * plans of the same config are byte-identical and diffable.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/** A stable GUID-shaped id for (type, name); not a real object id. */
export function deterministicGuid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const AZUREAD_ID_PREFIX: Record<string, string> = {
  "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": "/identity/conditionalAccess/policies/",
  "azuread:index/namedLocation:NamedLocation": "/identity/conditionalAccess/namedLocations/",
  "azuread:index/group:Group": "/groups/",
  "azuread:index/user:User": "/users/",
};

export const OFFLINE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

type Inputs = Record<string, unknown>;
const rgPath = (i: Inputs) => `/subscriptions/${OFFLINE_SUBSCRIPTION}/resourceGroups/${String(i.resourceGroupName)}`;

/** ARM ids as Azure forms them, from the inputs the program passes (names are always explicit here). */
const ARM_ID: Record<string, (i: Inputs, name: string) => string> = {
  "azure-native:resources:ResourceGroup": (i) => rgPath(i),
  "azure-native:operationalinsights:Workspace": (i) => `${rgPath(i)}/providers/Microsoft.OperationalInsights/workspaces/${String(i.workspaceName)}`,
  "azure-native:operationalinsights:Table": (i) => `${rgPath(i)}/providers/Microsoft.OperationalInsights/workspaces/${String(i.workspaceName)}/tables/${String(i.tableName)}`,
  "azure-native:aadiam:DiagnosticSetting": (i) => `/providers/microsoft.aadiam/diagnosticSettings/${String(i.name)}`,
  "azure-native:storage:StorageAccount": (i) => `${rgPath(i)}/providers/Microsoft.Storage/storageAccounts/${String(i.accountName)}`,
  "azure-native:monitor:ActionGroup": (i) => `${rgPath(i)}/providers/Microsoft.Insights/actionGroups/${String(i.actionGroupName)}`,
  "azure-native:monitor:ScheduledQueryRule": (i) => `${rgPath(i)}/providers/Microsoft.Insights/scheduledQueryRules/${String(i.ruleName)}`,
};

/** Outputs the program reads besides `id`: the resource's Azure name. */
const NAME_INPUT: Record<string, string> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:operationalinsights:Workspace": "workspaceName",
  "azure-native:storage:StorageAccount": "accountName",
};

export function createMocks(stack: string): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
      const guid = deterministicGuid(`${stack}::${args.type}::${args.name}`);
      if (args.type.startsWith("azuread:")) {
        const prefix = AZUREAD_ID_PREFIX[args.type] ?? "/";
        return { id: prefix + guid, state: { ...args.inputs, objectId: guid } };
      }
      const arm = ARM_ID[args.type];
      if (arm) {
        const nameKey = NAME_INPUT[args.type];
        return { id: arm(args.inputs, args.name), state: { ...args.inputs, ...(nameKey ? { name: args.inputs[nameKey] } : {}), ...(args.type === "azure-native:operationalinsights:Workspace" ? { customerId: guid } : {}) } };
      }
      return { id: `${args.name}-id`, state: { ...args.inputs } };
    },
    call(): Record<string, unknown> {
      return {};
    },
  };
}
