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

export function createMocks(stack: string): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
      const guid = deterministicGuid(`${stack}::${args.type}::${args.name}`);
      if (args.type.startsWith("azuread:")) {
        const prefix = AZUREAD_ID_PREFIX[args.type] ?? "/";
        return { id: prefix + guid, state: { ...args.inputs, objectId: guid } };
      }
      return { id: `${args.name}-id`, state: { ...args.inputs } };
    },
    call(): Record<string, unknown> {
      return {};
    },
  };
}
