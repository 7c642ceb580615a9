import { Command, Option } from "commander";
import { EvidenceAccumulator, type EvidenceReport } from "../../model/signins/evidence";
import { evidenceKql } from "../../model/signins/kql";
import { isCalendarDate } from "../../model/inputFormats";
import { declarePolicies } from "../../model/tenant";
import { emit, loadProfile, UsageError } from "../io";
import { readSignIns } from "../signins/reader";

interface Opts { stack?: string; configFile?: string; signins?: string[]; kql?: boolean; from?: string; to?: string; format: "text" | "markdown" | "json"; out?: string; strict?: boolean }

const pct = (n: number, of: number) => (of === 0 ? "—" : `${((100 * n) / of).toFixed(1)}%`);
const list = (xs: [string, number][]) => xs.map(([k, n]) => `${k} (${n})`).join(", ") || "—";

function render(r: EvidenceReport, stack: string, markdown: boolean): string {
  const lines = [
    markdown ? `### Rollout evidence: \`${stack}\`` : `Rollout evidence: ${stack}`,
    `${r.signIns} sign-ins${r.window.from || r.window.to ? ` from ${r.window.from ?? "the start"} to ${r.window.to ?? "the end"}` : ""}: ${r.interactive} interactive, ${r.nonInteractive} non-interactive${r.withoutPolicyResults ? `; ${r.withoutPolicyResults} without per-policy results (portal CSV)` : ""}`,
    "",
  ];
  if (r.breakGlass.length) lines.push(...r.breakGlass.map((b) => `BREAK-GLASS sign-ins: ${b.account} ${b.signIns} time(s)${Object.keys(b.results).length ? `, results ${JSON.stringify(b.results)}` : ""}`), "");
  if (markdown) lines.push("| Policy | Sign-ins | Users | Interactive | Non-interactive | Results | Top applications | Client apps | Countries |", "|---|---:|---:|---:|---:|---|---|---|---|");
  for (const p of r.policies) {
    const results = Object.entries(p.results).map(([k, n]) => `${k} ${n} (${pct(n, p.signIns)})`).join(", ") || "—";
    if (markdown) lines.push(`| ${p.displayName} | ${p.signIns} | ${p.users} | ${p.interactive} | ${p.nonInteractive} | ${results} | ${list(p.topApplications)} | ${list(p.clientApps)} | ${list(p.countries)} |`);
    else lines.push(`${p.displayName} [${p.key}]: ${p.signIns} sign-ins, ${p.users} users, ${p.interactive} interactive / ${p.nonInteractive} non-interactive`, `    results: ${results}`, `    apps: ${list(p.topApplications)} · clients: ${list(p.clientApps)} · countries: ${list(p.countries)}`);
  }
  if (r.unknownPolicies.length) lines.push("", `Policies in the logs this stack does not declare: ${list(r.unknownPolicies)}`);
  return lines.join("\n") + "\n";
}

export function evidenceCommand(): Command {
  return new Command("evidence")
    .description("What report-only and enforcement recorded per declared policy, from exported sign-in logs (Graph, portal, Log Analytics; JSON, NDJSON, CSV, gzip)")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file")
    .option("--signins <files...>", "sign-in exports: files or folders")
    .option("--kql", "print the same figures as a Log Analytics query (SigninLogs and AADNonInteractiveUserSignInLogs) instead of reading exports")
    .option("--from <iso>", "first instant to count (inclusive)")
    .option("--to <iso>", "instant to stop at (exclusive)")
    .option("--strict", "refuse the input at the first malformed record instead of skipping it")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action(async (o: Opts) => {
      for (const [flag, v] of [["--from", o.from], ["--to", o.to]] as const) if (v !== undefined && !isCalendarDate(v)) throw new UsageError(`${flag}: '${v}' is not an ISO date-time`);
      const profile = loadProfile(o);
      // The model, not the Pulumi runtime: this starts in well under a second.
      const declared = declarePolicies(profile).map((d) => ({ key: d.key, displayName: d.displayName }));
      if (o.kql) { emit(evidenceKql({ policyNames: declared.map((d) => d.displayName), from: o.from, to: o.to }) + "\n", o.out); return; }
      if (!o.signins?.length) throw new UsageError("--signins <files...> is required (or --kql for the Log Analytics query)");
      const acc = new EvidenceAccumulator(declared, {
        ids: profile.breakGlass.accounts.flatMap((a) => (a.objectId ? [a.objectId.toLowerCase()] : [])),
        upns: profile.breakGlass.accounts.map((a) => a.userPrincipalName.toLowerCase()),
      }, { from: o.from ? new Date(o.from).toISOString() : undefined, to: o.to ? new Date(o.to).toISOString() : undefined });
      let skipped = 0;
      for await (const r of readSignIns(o.signins, { strict: o.strict, onSkipped: (m) => { skipped++; process.stderr.write(`guardrails: skipped ${m}\n`); } })) acc.add(r);
      const report = acc.report();
      emit(o.format === "json" ? JSON.stringify({ stack: profile.stack, ...report, skipped }, null, 2) + "\n" : render(report, profile.stack, o.format === "markdown"), o.out);
    });
}
