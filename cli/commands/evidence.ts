import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { CA_POLICY_TYPE } from "../../model/azuread";
import { isCalendarDate } from "../../model/inputFormats";
import { stackConfigPath } from "../../model/profile/load";
import { nextStage, type Stage } from "../../model/rollout";
import { EvidenceAccumulator, rate, type EvidenceReport } from "../../model/signins/evidence";
import { evidenceKql } from "../../model/signins/kql";
import { signInTablesNeedPerTableQueries } from "../../model/signins/workbook";
import type { EvidenceRecord } from "../../model/signins/promotion";
import { ReplayAccumulator, type ReplayInput, type ReplayReport } from "../../model/signins/replay";
import { adminRoleIds, stackBreakGlass, stackLocations, stackPolicies, standInId, type StackPolicy } from "../../model/whatif/fromProfile";
import type { Directory } from "../../model/whatif/types";
import { stateObjectIds } from "../diff/sources";
import { emit, loadProfile, PROJECT_ROOT, UsageError } from "../io";
import { expandInputs, readSignInBatches } from "../signins/reader";
import { fileProgress } from "../signins/progress";
import { readInParallel, workerCount } from "../signins/parallel";
import { recordEvidence } from "../signins/recordEvidence";
import { renderEvidence } from "../signins/render";
import { directoryFromFile, stackDirectory } from "../whatif/inputs";

interface Opts {
  stack?: string; configFile?: string; signins?: string[]; kql?: boolean; from?: string; to?: string; format: "text" | "markdown" | "json"; out?: string;
  strict?: boolean; directory?: string; state?: string; promote?: string[]; replay: boolean; record?: boolean;
}

/** A stack policy as plain data (no definition functions), so it can go to reader threads. */
const plainPolicy = (c: StackPolicy): StackPolicy => ({ key: c.key, stage: c.stage, policy: c.policy, declared: { displayName: c.declared.displayName } as StackPolicy["declared"] });

/** The policies a promotion is replayed for: `--promote` keys, `none`, or every policy at report-only or canary. */
function promotedKeys(current: readonly StackPolicy[], promote: string[] | undefined): Set<string> {
  if (!promote) return new Set(current.filter((c) => c.stage === "reportOnly" || c.stage === "canary").map((c) => c.key));
  const keys = promote.flatMap((p) => p.split(",")).map((k) => k.trim()).filter(Boolean);
  if (keys.length === 1 && keys[0] === "none") return new Set();
  for (const k of keys) {
    const c = current.find((x) => x.key === k);
    if (!c) throw new UsageError(`--promote: '${k}' is not a policy of this stack (${current.map((x) => x.key).join(", ")})`);
    if (c.stage === "enforced" || c.stage === "off") throw new UsageError(`--promote: '${k}' is ${c.stage}; only report-only and canary policies are promoted`);
  }
  return new Set(keys);
}

/** The directory to resolve users in: an export (admins known) or the stack's names; break-glass accounts always present. */
function replayDirectory(o: Opts, profile: ReturnType<typeof loadProfile>): { directory: Directory; adminsKnown: boolean } {
  if (!o.directory) return { directory: stackDirectory(profile), adminsKnown: false };
  const d = directoryFromFile(o.directory);
  const have = new Set(d.users.flatMap((u) => [u.id.toLowerCase(), u.userPrincipalName.toLowerCase()]));
  const missing = stackBreakGlass(profile).users.filter((u) => !have.has(u.id.toLowerCase()) && !have.has(u.userPrincipalName.toLowerCase()));
  return { directory: { users: [...d.users, ...missing], groups: d.groups }, adminsKnown: true };
}

async function sha256(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

async function evidenceRecords(o: Opts, report: EvidenceReport, replay: ReplayReport, current: readonly StackPolicy[]): Promise<Record<string, EvidenceRecord>> {
  const from = report.window.from ?? report.span?.first;
  const to = report.window.to ?? report.span?.last;
  if (!from || !to || report.signIns === 0) throw new UsageError("--record: no sign-ins in the window; nothing recorded");
  const sources = await Promise.all(expandInputs(o.signins!).map(async (f) => ({ file: path.basename(f), sha256: await sha256(f) })));
  const recorded = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const out: Record<string, EvidenceRecord> = {};
  for (const p of replay.promotions) {
    const e = report.policies.find((x) => x.key === p.key)!;
    const fidelity = replay.fidelity.find((f) => f.key === p.key);
    out[p.key] = {
      recorded, stage: current.find((c) => c.key === p.key)!.stage, window: { from, to },
      signIns: e.signIns, users: e.users, failureRate: e.failureRate, interruptionRate: e.interruptionRate,
      nonInteractiveShare: e.nonInteractiveShare,
      wouldBlock: { signIns: p.wouldBlock, breakGlass: p.breakGlass.wouldBlock, admins: p.admins?.wouldBlock ?? null },
      ...(fidelity ? { fidelity: rate(fidelity.agreed, fidelity.compared) } : {}),
      sources,
    };
  }
  return out;
}

export function evidenceCommand(): Command {
  return new Command("evidence")
    .description("What report-only and enforcement recorded per declared policy, from exported sign-in logs (Graph, portal, Log Analytics; JSON, NDJSON, CSV, gzip), replayed against each policy's next stage")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file")
    .option("--signins <files...>", "sign-in exports: files or folders")
    .option("--kql", "print the same figures as a Log Analytics query (SigninLogs and AADNonInteractiveUserSignInLogs) instead of reading exports")
    .option("--from <iso>", "first instant to count (inclusive)")
    .option("--to <iso>", "instant to stop at (exclusive)")
    .option("--strict", "refuse the input at the first malformed record instead of skipping it")
    .option("--directory <file>", "directory export (users with memberOf and roles): resolves groups for replay and names the admins")
    .option("--state <file>", "`pulumi stack export` of the stack: match logged policies by their real object ids before display names")
    .option("--promote <keys...>", "policies to replay at their next stage (default: every report-only and canary policy; `none` to skip)")
    .option("--no-replay", "only count what the logs recorded; do not replay the sign-ins")
    .option("--record", "write the evidence of each promoted policy into the stack file (guardrails:rollout.policies.<key>.evidence)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action(async (o: Opts) => {
      for (const [flag, v] of [["--from", o.from], ["--to", o.to]] as const) if (v !== undefined && !isCalendarDate(v)) throw new UsageError(`${flag}: '${v}' is not an ISO date-time`);
      const profile = loadProfile(o);
      // The model, not the Pulumi runtime: this starts in well under a second.
      // A policy's resource name is its key (the last URN segment).
      const real = new Map(o.state ? stateObjectIds(o.state).filter((r) => r.type === CA_POLICY_TYPE).map((r) => [r.urn.split("::").pop()!, r.objectId]) : []);
      const withIds = (ps: StackPolicy[]) => ps.map((c) => ({ ...c, policy: { ...c.policy, id: real.get(c.key) ?? standInId("conditionalAccessPolicy", c.key) } }));
      const current = withIds(stackPolicies(profile));
      const declared = current.map((c) => ({ key: c.key, displayName: c.declared.displayName, id: c.policy.id }));
      if (o.kql) {
        const breakGlassUpns = stackBreakGlass(profile).users.map((u) => u.userPrincipalName);
        const perTable = signInTablesNeedPerTableQueries(profile.logs);
        const note = perTable ? "// A sign-in table is on the Basic plan in this stack, which takes single-table queries only: each figure is computed per table.\n\n" : "";
        emit(note + evidenceKql({ policyNames: declared.map((d) => d.displayName), breakGlassUpns, from: o.from, to: o.to, perTable }) + "\n", o.out);
        return;
      }
      if (!o.signins?.length) throw new UsageError("--signins <files...> is required (or --kql for the Log Analytics query)");
      if (o.record && !o.replay) throw new UsageError("--record needs the replay (drop --no-replay): the gate judges would-block outcomes");
      const promoted = promotedKeys(current, o.promote);
      if (o.record && promoted.size === 0) throw new UsageError("--record: no policy to promote (none at report-only or canary, or --promote none)");
      const { directory, adminsKnown } = replayDirectory(o, profile);
      const breakGlass = stackBreakGlass(profile).users;
      const admins = adminsKnown ? (() => {
        const roles = new Set(adminRoleIds(profile).map((r) => r.toLowerCase()));
        const bg = new Set(breakGlass.map((u) => u.userPrincipalName.toLowerCase()));
        // Break-glass accounts are called out on their own.
        const users = directory.users.filter((u) => !bg.has(u.userPrincipalName.toLowerCase()) && u.roles.some((r) => roles.has(r.toLowerCase())));
        return { ids: users.map((u) => u.id.toLowerCase()), upns: users.map((u) => u.userPrincipalName.toLowerCase()) };
      })() : undefined;
      const window = { from: o.from ? new Date(o.from).toISOString() : undefined, to: o.to ? new Date(o.to).toISOString() : undefined };
      const bgWatch = { ids: breakGlass.map((u) => u.id.toLowerCase()), upns: breakGlass.map((u) => u.userPrincipalName.toLowerCase()) };
      const acc = new EvidenceAccumulator(declared, bgWatch, window, admins);
      const replayInput: ReplayInput | undefined = o.replay ? {
        current: current.map(plainPolicy),
        next: withIds(stackPolicies(profile, (d): Stage => (promoted.has(d.key) ? nextStage(d.stage) : d.stage))).filter((n) => promoted.has(n.key)).map(plainPolicy),
        locations: stackLocations(profile), directory, breakGlass: bgWatch, adminRoleIds: adminRoleIds(profile), adminsKnown,
      } : undefined;
      const replay = replayInput ? new ReplayAccumulator(replayInput) : undefined;
      let skipped = 0;
      const onSkipped = (m: string) => { skipped++; process.stderr.write(`guardrails: skipped ${m}\n`); };
      const files = expandInputs(o.signins);
      const threads = workerCount(files);
      if (threads > 1) {
        await readInParallel(files, threads, { strict: o.strict === true, evidence: [declared, bgWatch, window, admins], replay: replayInput }, { evidence: acc, replay }, onSkipped);
      } else {
        const progress = fileProgress();
        try {
          for await (const batch of readSignInBatches(files, { strict: o.strict, onProgress: progress.onProgress, onSkipped })) {
            for (const r of batch) {
              if (!acc.inWindow(r)) continue;
              acc.add(r);
              replay?.add(r);
            }
          }
        } finally {
          progress.stop();
        }
      }
      const report = acc.report();
      const replayed = replay?.report();
      emit(o.format === "json" ? JSON.stringify({ stack: profile.stack, ...report, replay: replayed, skipped }, null, 2) + "\n" : renderEvidence(report, replayed, profile.stack, o.format === "markdown"), o.out);
      if (o.record) {
        const file = o.configFile ?? stackConfigPath(PROJECT_ROOT, o.stack!);
        const records = await evidenceRecords(o, report, replayed!, current);
        recordEvidence(file, records);
        process.stderr.write(`guardrails: recorded evidence for ${Object.keys(records).join(", ")} in ${path.relative(process.cwd(), file) || file}\n`);
      }
    });
}
