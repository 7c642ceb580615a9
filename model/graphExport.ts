/**
 * Declared policies and named locations as Graph JSON, one document per object: the format the
 * Entra portal's "Upload policy file" takes and `whatif --policies` (and import/drift) read back.
 * `@odata.type` is written for named locations (Graph needs it to tell ip from country locations).
 */
import type { GraphCaPolicy } from "./graph";
import type { NamedLocation } from "./whatif/types";

export interface GraphDocument {
  /** Relative path inside the output folder. */
  file: string;
  json: Record<string, unknown>;
}

/** A file name from a display name: letters, digits, spaces, dots, dashes and underscores; unique per folder. */
export function safeFileName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9 ._-]+/g, "_").replace(/^[.\s]+|\s+$/g, "").slice(0, 120) || "unnamed";
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})`;
  taken.add(candidate.toLowerCase());
  return `${candidate}.json`;
}

export function policyDocument(p: GraphCaPolicy): Record<string, unknown> {
  const { id, displayName, state, conditions, grantControls, sessionControls } = p;
  return { ...(id ? { id } : {}), displayName, state, conditions, grantControls: grantControls ?? null, sessionControls: sessionControls ?? null };
}

export function locationDocument(l: NamedLocation): Record<string, unknown> {
  if (l.kind === "ip") {
    return {
      "@odata.type": "#microsoft.graph.ipNamedLocation",
      id: l.id,
      displayName: l.displayName,
      isTrusted: l.isTrusted,
      ipRanges: l.ipRanges.map((cidrAddress) => ({ "@odata.type": cidrAddress.includes(":") ? "#microsoft.graph.iPv6CidrRange" : "#microsoft.graph.iPv4CidrRange", cidrAddress })),
    };
  }
  return {
    "@odata.type": "#microsoft.graph.countryNamedLocation",
    id: l.id,
    displayName: l.displayName,
    countriesAndRegions: l.countries,
    includeUnknownCountriesAndRegions: l.includeUnknownCountriesAndRegions,
    countryLookupMethod: "clientIpAddress",
  };
}

export function graphDocuments(policies: readonly GraphCaPolicy[], locations: readonly NamedLocation[]): GraphDocument[] {
  const policyNames = new Set<string>();
  const locationNames = new Set<string>();
  return [
    ...policies.map((p) => ({ file: `ConditionalAccess/${safeFileName(p.displayName, policyNames)}`, json: policyDocument(p) })),
    ...locations.map((l) => ({ file: `NamedLocations/${safeFileName(l.displayName, locationNames)}`, json: locationDocument(l) })),
  ];
}
