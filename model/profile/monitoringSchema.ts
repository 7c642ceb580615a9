/**
 * `guardrails:logs` (where each Entra category goes, on which plan, for how long) and
 * `guardrails:alerts` (receivers per severity tier, per-rule overrides).
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { cidrProblem } from "../inputFormats";
import { ALERT_RULES } from "../alerts/rules";
import { CATEGORY_NAMES } from "../logs/categories";

const category = z.enum(CATEGORY_NAMES as [string, ...string[]]);

const route = z.strictObject({
  /** Workspace name from `workspaces`; default: the first one. */
  workspace: z.string().min(1).optional(),
  plan: z.enum(["Analytics", "Basic", "Auxiliary"]).optional(),
  /** Interactive (analytics) retention in days; not allowed on Basic/Auxiliary (fixed at 30). */
  retentionInDays: z.number().int().optional(),
  /** Total retention including long-term retention. */
  totalRetentionInDays: z.number().int().optional(),
});
export type RouteConfig = z.output<typeof route>;

export const logsSchema = z.strictObject({
  /** Resource group for workspaces, alerts and the archive (created by the stack). */
  resourceGroup: z.string().regex(/^[-\w._()]{1,89}[-\w_()]$/, { message: "must be a resource group name (1-90 letters, digits, - _ . ( ))" }),
  location: z.string().regex(/^[a-z0-9]+$/, { message: "must be an Azure region name such as westeurope" }),
  /** Name of the Entra diagnostic setting(s); a suffix is added per destination. */
  diagnosticSettingName: z.string().regex(/^[A-Za-z0-9-]{1,60}$/).default("entra-guardrails"),
  workspaces: z.array(z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/, { message: "must be 4-63 letters, digits or hyphens, starting and ending with a letter or digit" }),
    /** Workspace default analytics retention. */
    retentionInDays: z.number().int().min(30).max(730).default(90),
    /** Optional daily ingestion cap in GB. */
    dailyQuotaGb: z.number().positive().optional(),
  })).min(1),
  /** Optional copy of categories into a storage account (cheap long-term archive). */
  archive: z.strictObject({
    storageAccount: z.string().regex(/^[a-z0-9]{3,24}$/, { message: "must be 3-24 lowercase letters or digits" }),
    categories: z.array(category).min(1).optional(),
  }).optional(),
  /** Categories not to route at all. The policy pack's required-log-categories rule refuses required ones. */
  omit: z.array(category).default([]),
  /** Per-category overrides of the default split (see README "Log split"). */
  routes: z.record(z.string(), route).default({}),
});
export type LogsConfig = z.output<typeof logsSchema>;

const phone = z.strictObject({ countryCode: z.string().regex(/^\d{1,3}$/), phoneNumber: z.string().regex(/^\d{4,15}$/) });
const receivers = z.strictObject({
  emails: z.array(z.email()).default([]),
  sms: z.array(phone).max(10).default([]),
  voice: z.array(phone).max(10).default([]),
  /** Send to the webhook whose URL is the secret `guardrails:<tier>WebhookUrl`. */
  webhook: z.boolean().default(false),
}).refine((r) => r.emails.length + r.sms.length + r.voice.length > 0 || r.webhook, { message: "needs at least one receiver" });

/**
 * Microsoft's own address space, never broader than one registry allocation: IANA hands regional
 * registries IPv4 /8s and IPv6 /12s (IANA ipv4-address-space and ipv6-unicast-address-assignments),
 * so a shorter prefix (0.0.0.0/0, ::/0) is not "Microsoft's" and would silently switch the
 * leaked-credential alert off for every detection.
 */
const MIN_PREFIX = { ipv4: 8, ipv6: 12 } as const;
const microsoftRange = z.string().superRefine((s, ctx) => {
  const problem = cidrProblem(s);
  if (problem) { ctx.addIssue({ code: "custom", message: problem }); return; }
  const [addr, prefix] = ipaddr.parseCIDR(s);
  const min = MIN_PREFIX[addr.kind()];
  if (prefix < min) ctx.addIssue({ code: "custom", message: `'${s}' is broader than any range Microsoft publishes (/${min} or longer for ${addr.kind() === "ipv4" ? "IPv4" : "IPv6"}); it would hide every leaked-credential detection` });
});

export const alertsSchema = z.strictObject({
  receivers: z.strictObject({ sev0: receivers, sev1: receivers, sev2: receivers }),
  /** Per-rule settings; every key and default is listed in README "Alert rules". */
  rules: z.strictObject(Object.fromEntries(ALERT_RULES.map((r) => [r.key, r.params.optional()]))).default({}),
  /** Address ranges whose risk detections the leaked-credential burst ignores (e.g. Microsoft's published ranges). */
  microsoftIpRanges: z.array(microsoftRange).default([]),
  /** Principals (UPN or app display name) whose CA changes are expected: the deployment pipeline. */
  ignoreInitiators: z.array(z.string().min(1)).default([]),
});
export type AlertsConfig = z.output<typeof alertsSchema>;
