/**
 * The document `pulumi import --file` reads (Pulumi CLI "pulumi import": `resources` of `type`,
 * `name`, `id`, `parent`, with `logicalName` where the file-unique name differs, and
 * `component: true` entries that the engine creates empty as parents, pulumi/pulumi#14467). Built
 * from the offline run of the imported stack, so every resource has exactly the name and parent
 * chain the program declares: after the import, `pulumi preview` shows updates (the break-glass
 * exclusions), not creates or replaces.
 */
import { CA_POLICY_TYPE, NAMED_LOCATION_TYPE } from "../azuread";

export interface RunResource { urn: string; type: string; name: string; custom: boolean; parent: string; inputs: Record<string, unknown> }

export interface ImportEntry {
  type: string;
  name: string;
  logicalName?: string;
  id?: string;
  parent?: string;
  component?: boolean;
}

/** Azure AD provider import ids (Pulumi Registry, azuread ConditionalAccessPolicy / NamedLocation "Import"). */
const ID_PREFIX: Record<string, string> = {
  [CA_POLICY_TYPE]: "/identity/conditionalAccess/policies/",
  [NAMED_LOCATION_TYPE]: "/identity/conditionalAccess/namedLocations/",
};

export function pulumiImportDocument(resources: readonly RunResource[], liveId: (type: string, displayName: string) => string | undefined): { resources: ImportEntry[] } {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const entries = new Map<string, ImportEntry>();
  const entryName = (r: RunResource) => `${r.type.split(":").pop()}:${r.name}`;
  const add = (r: RunResource, id?: string): string => {
    const name = entryName(r);
    if (entries.has(name)) return name;
    const parent = byUrn.get(r.parent);
    // The stack root is the default parent; only components and resources below it are listed.
    const parentName = parent && parent.type !== "pulumi:pulumi:Stack" ? add(parent) : undefined;
    entries.set(name, { type: r.type, name, ...(name !== r.name ? { logicalName: r.name } : {}), ...(id ? { id } : { component: true }), ...(parentName ? { parent: parentName } : {}) });
    return name;
  };
  for (const r of resources) {
    if (!Object.hasOwn(ID_PREFIX, r.type)) continue;
    const id = liveId(r.type, String(r.inputs.displayName));
    if (id) add(r, ID_PREFIX[r.type] + id);
  }
  return { resources: [...entries.values()] };
}
