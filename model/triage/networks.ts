/**
 * Who owns an IP address, in the order a responder asks: the sign-in record's own autonomous system
 * number first, then Azure's published service tags (which Azure service, which region), then the
 * networks the tenant declares (its VPN and egress ranges, and the stack's named locations).
 * Facts: shared/reference/signin-logs.md "Who owns an IP". Pure: plain data in, plain data out.
 */
import * as ipaddr from "ipaddr.js";

/**
 * Microsoft's autonomous systems. 8075 is Microsoft's main ASN (Azure and Microsoft 365 egress); the
 * others are the ones public ASN trackers attribute to Microsoft (shared/reference/signin-logs.md,
 * "Who owns an IP"). Announcement is not proof of ownership, and the ASN alone never decides a verdict.
 */
export const MICROSOFT_ASNS: Readonly<Record<number, string>> = {
  3598: "Microsoft", 6584: "Microsoft", 8068: "Microsoft", 8069: "Microsoft", 8070: "Microsoft", 8071: "Microsoft",
  8075: "Microsoft", 12076: "Microsoft", 23468: "Microsoft",
};

/**
 * Cloud and hosting providers whose address space attackers rent by the hour. Well-known RIR
 * assignments (verify any entry at https://www.peeringdb.com/asn/<number>); a tenant adds its own
 * with `guardrails:triage.hostingAsns`. Microsoft's own ASNs are not here: they carry both
 * Microsoft's services and Azure customers' machines, which service tags tell apart.
 */
export const HOSTING_ASNS: Readonly<Record<number, string>> = {
  16509: "Amazon AWS", 14618: "Amazon AWS", 15169: "Google", 396982: "Google Cloud", 14061: "DigitalOcean",
  16276: "OVH", 24940: "Hetzner", 63949: "Akamai (Linode)", 20473: "Vultr (Choopa)", 51167: "Contabo",
  9009: "M247", 60781: "Leaseweb", 28753: "Leaseweb", 45102: "Alibaba Cloud", 31898: "Oracle Cloud",
  132203: "Tencent Cloud", 12876: "Scaleway",
};

/** Prefixes to values, matched longest prefix first (IPv4 and IPv6). */
export class PrefixIndex<T> {
  private readonly byLength = new Map<string, Map<number, Map<string, T>>>();

  add(cidr: string, value: T): void {
    const [net, bits] = ipaddr.parseCIDR(cidr);
    const kind = net.kind();
    let lengths = this.byLength.get(kind);
    if (!lengths) this.byLength.set(kind, (lengths = new Map()));
    let at = lengths.get(bits);
    if (!at) lengths.set(bits, (at = new Map()));
    const key = masked(net.toByteArray(), bits);
    if (!at.has(key)) at.set(key, value);
  }

  /** The value of the longest prefix holding the address, or undefined (also for a malformed address). */
  lookup(ip: string): T | undefined {
    if (!ipaddr.isValid(ip)) return undefined;
    let addr = ipaddr.parse(ip);
    if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
    const lengths = this.byLength.get(addr.kind());
    if (!lengths) return undefined;
    const bytes = addr.toByteArray();
    for (const bits of [...lengths.keys()].sort((a, b) => b - a)) {
      const hit = lengths.get(bits)!.get(masked(bytes, bits));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}

function masked(bytes: number[], bits: number): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out += ((bytes[i] & (0xff << (8 - keep))) & 0xff).toString(16).padStart(2, "0");
  }
  return out;
}

export class TriageInputError extends Error {}

export interface ServiceTag {
  /** `AzureCloud.westeurope`, `AzureActiveDirectory`, `AzureFrontDoor.Frontend`, … */
  name: string;
  region: string;
  systemService: string;
}

/**
 * Azure's "Service Tags – Public" file (`ServiceTags_Public_*.json`): `{ changeNumber, cloud, values:
 * [{ name, id, properties: { region, systemService, addressPrefixes[] } }] }`. An address in several
 * tags is named by the most specific: a named service before a region of the whole cloud, before
 * `AzureCloud` itself.
 */
export function serviceTagIndex(json: unknown, file: string): PrefixIndex<ServiceTag> {
  const values = (json as { values?: unknown })?.values;
  if (!Array.isArray(values)) throw new TriageInputError(`${file}: values: missing (not a ServiceTags_Public_*.json file)`);
  const rank = (t: ServiceTag) => (t.systemService && t.systemService !== "AzureCloud" ? 0 : t.region ? 1 : 2);
  const tags: { tag: ServiceTag; prefixes: string[] }[] = values.map((v, i) => {
    const o = v as { name?: unknown; properties?: { region?: unknown; systemService?: unknown; addressPrefixes?: unknown } };
    if (typeof o?.name !== "string") throw new TriageInputError(`${file}: values[${i}].name: missing`);
    const prefixes = o.properties?.addressPrefixes;
    if (!Array.isArray(prefixes)) throw new TriageInputError(`${file}: values[${i}].properties.addressPrefixes: missing`);
    for (const [k, p] of prefixes.entries()) if (typeof p !== "string" || !ipaddr.isValidCIDR(p)) throw new TriageInputError(`${file}: values[${i}].properties.addressPrefixes[${k}]: '${String(p)}' is not a CIDR range`);
    return { tag: { name: o.name, region: String(o.properties?.region ?? ""), systemService: String(o.properties?.systemService ?? "") }, prefixes: prefixes as string[] };
  });
  // The index keeps the first value per prefix: most specific tags go in first.
  tags.sort((a, b) => rank(a.tag) - rank(b.tag));
  const index = new PrefixIndex<ServiceTag>();
  for (const t of tags) for (const p of t.prefixes) index.add(p, t.tag);
  return index;
}

export type NetworkKind = "trusted" | "vpn" | "egress" | "partner" | "untrusted";
export interface DeclaredNetwork { name: string; kind: NetworkKind; ipRanges: readonly string[] }

export interface IpOwner {
  ip: string;
  asn?: number;
  /** The ASN's owner class: Microsoft, a hosting provider, another network, or not in the record. */
  network: "microsoft" | "hosting" | "other" | "unknown";
  org?: string;
  serviceTag?: ServiceTag;
  declared?: { name: string; kind: NetworkKind };
  /** An address a machine in a data centre uses: hosting ASN, or an Azure service tag of customer compute (`AzureCloud`). */
  cloudHosted: boolean;
  summary: string;
}

/** Attribution per (ip, asn), cached: a log repeats a few thousand addresses many times. */
export class IpOwners {
  private readonly cache = new Map<string, IpOwner>();
  private readonly declared = new PrefixIndex<{ name: string; kind: NetworkKind }>();

  constructor(private readonly tags: PrefixIndex<ServiceTag> | undefined, declared: readonly DeclaredNetwork[], private readonly extraHosting: Readonly<Record<number, string>> = {}) {
    // Trusted and VPN ranges first: when ranges overlap, the tenant's own network names the address.
    const order: NetworkKind[] = ["trusted", "vpn", "egress", "partner", "untrusted"];
    for (const n of [...declared].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))) for (const r of n.ipRanges) this.declared.add(r, { name: n.name, kind: n.kind });
  }

  owner(ip: string | undefined, asn: number | undefined): IpOwner | undefined {
    if (!ip) return undefined;
    const key = `${ip}|${asn ?? ""}`;
    let o = this.cache.get(key);
    if (!o) this.cache.set(key, (o = this.attribute(ip, asn)));
    return o;
  }

  private attribute(ip: string, asn: number | undefined): IpOwner {
    const hostingOrg = asn !== undefined ? HOSTING_ASNS[asn] ?? this.extraHosting[asn] : undefined;
    const network = asn === undefined ? "unknown" : MICROSOFT_ASNS[asn] ? "microsoft" : hostingOrg ? "hosting" : "other";
    const org = asn === undefined ? undefined : MICROSOFT_ASNS[asn] ?? hostingOrg;
    const serviceTag = this.tags?.lookup(ip);
    const declared = this.declared.lookup(ip);
    // Customer compute sits in the regional AzureCloud tags; Microsoft's own services have named tags.
    const azureCompute = serviceTag !== undefined && (serviceTag.systemService === "" || serviceTag.systemService === "AzureCloud");
    const cloudHosted = declared === undefined && (network === "hosting" || azureCompute);
    const parts = [
      asn !== undefined ? `AS${asn}${org ? ` ${org}` : ""}` : "no ASN in the record",
      ...(serviceTag ? [`Azure service tag ${serviceTag.name}`] : []),
      ...(declared ? [`${declared.kind} network '${declared.name}'`] : []),
    ];
    return { ip, ...(asn !== undefined ? { asn } : {}), network, ...(org ? { org } : {}), ...(serviceTag ? { serviceTag } : {}), ...(declared ? { declared } : {}), cloudHosted, summary: parts.join(", ") };
  }
}
