import { Command, Option } from "commander";
import { isCalendarDate } from "../../model/inputFormats";
import { SIGNIN_FORMATS, type SignInFormat } from "../../model/signins/formats";
import { SCENARIOS, syntheticSignIns, type Scenario } from "../../model/signins/synthetic";
import { stackLocations, stackPolicies, stackSyntheticDirectory } from "../../model/whatif/fromProfile";
import { emit, loadProfile, UsageError } from "../io";
import { writeSignIns } from "../signins/write";

interface GenerateOpts {
  stack?: string; configFile?: string; scenario: Scenario; start?: string; days?: string; users: string; perUser: string;
  seed: string; format: SignInFormat; gzip?: boolean; out: string; disagreement: string; directoryOut?: string;
}

const positiveInt = (flag: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag}: '${v}' is not a positive whole number`);
  return n;
};

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

function generateCommand(): Command {
  return new Command("generate")
    .description("Write seeded synthetic sign-ins for a stack in any supported export format (for trying evidence, tests and benchmarks)")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml (its policies decide the recorded results)")
    .option("-c, --config-file <path>", "any stack config file")
    .addOption(new Option("--scenario <name>", "normal day(s), a canary week, an April-2025-like leaked-credentials wave, or an attack week for triage").choices([...SCENARIOS]).default("normal"))
    .option("--start <date>", "first day, YYYY-MM-DD (default: yesterday, UTC)")
    .option("--days <n>", "number of days (default: 7 for canary-week, else 1)")
    .option("--users <n>", "synthetic directory size (plus the stack's break-glass accounts)", "1000")
    .option("--per-user <n>", "sign-ins per user per day, on average", "12")
    .option("--seed <n>", "random seed: the same seed and options give the same records", "20250418")
    .option("--disagreement <share>", "share of per-policy results flipped, so replay has disagreements to find (0 to 0.5)", "0.002")
    .addOption(new Option("-f, --format <format>", "export format").choices([...SIGNIN_FORMATS]).default("graph-pages"))
    .option("--gzip", "gzip each file")
    .requiredOption("-o, --out <dir>", "directory to write into (created if missing)")
    .option("--directory-out <file>", "also write the synthetic directory (users, groups, roles) the sign-ins were drawn from, for evidence --directory")
    .action((o: GenerateOpts) => {
      const start = o.start ?? yesterday();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !isCalendarDate(start)) throw new UsageError(`--start: '${start}' is not a date (YYYY-MM-DD)`);
      const disagreement = Number(o.disagreement);
      if (!(disagreement >= 0 && disagreement <= 0.5)) throw new UsageError(`--disagreement: '${o.disagreement}' is not a share between 0 and 0.5`);
      const profile = loadProfile(o);
      const users = positiveInt("--users", o.users);
      const directory = stackSyntheticDirectory(profile, users, Number(o.seed));
      if (o.directoryOut) emit(JSON.stringify(directory, null, 2) + "\n", o.directoryOut);
      const records = syntheticSignIns(
        { policies: stackPolicies(profile), locations: stackLocations(profile), directory },
        { scenario: o.scenario, start, days: o.days === undefined ? undefined : positiveInt("--days", o.days), perUserPerDay: positiveInt("--per-user", o.perUser), seed: positiveInt("--seed", o.seed), disagreement },
      );
      for (const f of writeSignIns(records, { format: o.format, dir: o.out, gzip: o.gzip })) {
        process.stderr.write(`guardrails: wrote ${f.file} (${f.records} sign-ins, ${f.bytes} bytes${o.gzip ? " before gzip" : ""})\n`);
      }
    });
}

export function signinsCommand(): Command {
  return new Command("signins")
    .description("Sign-in log utilities: generate synthetic exports")
    .addCommand(generateCommand().exitOverride());
}
