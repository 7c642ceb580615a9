/**
 * A logged sign-in as a what-if evaluate request: the log's display values mapped onto Graph's
 * `signInConditions` vocabulary (clientAppType, devicePlatform, risk levels, device attributes).
 * Facts: shared/reference/signin-logs.md; the enum values are Graph's `conditionalAccessClientApp`
 * and `conditionalAccessDevicePlatform` (microsoft-graph-docs `signinconditions.md`).
 */
import type { DeviceInfo, Directory, DirectoryUser, RiskLevel, SignIn } from "../whatif/types";
import type { SignInRecord } from "./record";

/**
 * `clientAppUsed` display text → Graph client app type. Browser and modern clients are named; every
 * legacy protocol other than Exchange ActiveSync is "other clients" in Conditional Access
 * (entra-docs `concept-conditional-access-conditions.md`, "Client apps").
 */
export function clientAppType(used: string | undefined): string | undefined {
  if (!used) return undefined;
  const u = used.trim().toLowerCase();
  if (u === "browser") return "browser";
  if (u.startsWith("mobile apps and desktop clients")) return "mobileAppsAndDesktopClients";
  if (u === "exchange activesync") return "exchangeActiveSync";
  return "other";
}

/** `deviceDetail.operatingSystem` text ("Windows10", "Windows 11", "MacOs", "Ios", …) → Graph device platform. */
export function devicePlatform(os: string | undefined): string | undefined {
  if (!os) return undefined;
  const o = os.trim().toLowerCase().replace(/\s+/g, "");
  if (o.startsWith("windowsphone")) return "windowsPhone";
  if (o.startsWith("windows")) return "windows";
  if (o.startsWith("ios") || o.startsWith("ipados")) return "iOS";
  if (o.startsWith("android")) return "android";
  if (o.startsWith("mac")) return "macOS";
  if (o.startsWith("linux") || o.startsWith("ubuntu")) return "linux";
  return undefined;
}

/**
 * The log's join type ("Hybrid Azure AD joined", "Microsoft Entra joined", "Azure AD registered", or
 * already `ServerAD`/`AzureAD`/`Workplace`) → the device-filter `trustType` values.
 */
export function trustType(t: string | undefined): string | undefined {
  if (!t) return undefined;
  const v = t.trim().toLowerCase();
  if (v === "serverad" || v.startsWith("hybrid")) return "ServerAD";
  if (v === "azuread" || v.endsWith("joined")) return "AzureAD";
  if (v === "workplace" || v.endsWith("registered")) return "Workplace";
  return t;
}

const LEVELS = new Set(["none", "low", "medium", "high", "hidden"]);
const level = (v: string | undefined): RiskLevel | undefined => {
  const l = v?.toLowerCase();
  return l && LEVELS.has(l) ? (l as RiskLevel) : undefined;
};

/** Controls the sign-in had already met: MFA recorded as performed satisfies an MFA grant. */
export function satisfiedControls(r: SignInRecord): ReadonlySet<string> {
  return /^multiFactorAuthentication$/i.test(r.authenticationRequirement ?? "") ? MFA : NONE;
}
const MFA: ReadonlySet<string> = new Set(["mfa"]);
const NONE: ReadonlySet<string> = new Set();

/**
 * Resolves users in a directory by object id (the identity Conditional Access evaluates), and by
 * UPN only when the record has no id: a record whose id the directory does not hold is a user the
 * directory does not know, even when its UPN matches one (a break-glass account whose configured
 * object id is wrong is exactly that case, and its exclusion does not cover it). Unknown users are
 * evaluated with no group or role memberships, and counted. Resolved users are the same objects each
 * time, which the compiled evaluator caches on.
 */
export class UserResolver {
  private readonly byId = new Map<string, DirectoryUser>();
  private readonly byUpn = new Map<string, DirectoryUser>();
  private readonly unknown = new Map<string, DirectoryUser>();

  constructor(directory: Directory) {
    for (const u of directory.users) {
      this.byId.set(u.id.toLowerCase(), u);
      this.byUpn.set(u.userPrincipalName.toLowerCase(), u);
    }
  }

  get unknownUsers(): number {
    let n = this.unknown.size;
    for (const k of this.unknownElsewhere) if (!this.unknown.has(k)) n++;
    return n;
  }

  /** Keys of the users not in the directory (to merge counts from parallel readers without double counting). */
  unknownKeys(): string[] {
    return [...this.unknown.keys(), ...this.unknownElsewhere];
  }

  addUnknown(keys: readonly string[]): void {
    for (const k of keys) if (!this.unknown.has(k)) this.unknownElsewhere.add(k);
  }

  private readonly unknownElsewhere = new Set<string>();

  resolve(r: SignInRecord): DirectoryUser | undefined {
    const id = r.userId?.toLowerCase();
    const upn = r.userPrincipalName?.toLowerCase();
    const known = id ? this.byId.get(id) : upn ? this.byUpn.get(upn) : undefined;
    if (known) return known;
    const key = id ?? upn;
    if (!key) return undefined;
    let u = this.unknown.get(key);
    if (!u) this.unknown.set(key, (u = { id: r.userId ?? key, userPrincipalName: r.userPrincipalName ?? key, userType: /#EXT#/i.test(r.userPrincipalName ?? "") ? "Guest" : "Member", memberOf: [], roles: [] }));
    return u;
  }
}

const appCache = new Map<string, string[]>();
/** One array per app id, so the evaluator's per-object cache hits. */
function appsOf(id: string): string[] {
  let a = appCache.get(id);
  if (!a) appCache.set(id, (a = [id]));
  return a;
}

/**
 * The evaluate request for a logged sign-in. Conditional Access targets the resource a token is for,
 * so the application is the record's resource when it names one, else its app. User risk: the log has
 * no user-risk field at sign-in time; `riskLevelAggregated` stands in for it (documented in the README).
 */
export function toSignIn(r: SignInRecord, user: DirectoryUser | undefined): SignIn {
  const app = r.resourceId ?? r.appId;
  const device: DeviceInfo | undefined = r.deviceId !== undefined || r.isCompliant !== undefined || r.trustType !== undefined || r.operatingSystem !== undefined
    ? { deviceId: r.deviceId, isCompliant: r.isCompliant, trustType: trustType(r.trustType), operatingSystem: r.operatingSystem }
    : undefined;
  return {
    user,
    applications: app ? appsOf(app.toLowerCase()) : undefined,
    clientAppType: clientAppType(r.clientAppUsed),
    devicePlatform: devicePlatform(r.operatingSystem),
    ipAddress: r.ipAddress,
    country: r.country?.toUpperCase(),
    signInRiskLevel: level(r.riskLevelDuringSignIn),
    userRiskLevel: level(r.riskLevelAggregated),
    deviceInfo: device,
  };
}
