import { Command } from "commander";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { refreshReadme } from "../docs/readme";
import { PROJECT_ROOT, UsageError, writeAtomic } from "../io";

export function docsCommand(): Command {
  return new Command("docs")
    .description("Regenerate the README tables that come from metadata (catalog, policy-pack rules)")
    .option("--check", "exit 2 if README.md is out of date instead of writing it")
    .action((opts: { check?: boolean }) => {
      const file = path.join(PROJECT_ROOT, "README.md");
      const current = readFileSync(file, "utf8");
      let fresh: string;
      try {
        fresh = refreshReadme(current);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (opts.check) {
        if (fresh !== current) throw new UsageError("README.md: generated sections are out of date; run `npx guardrails docs`");
        return;
      }
      if (fresh !== current) {
        writeAtomic(file, fresh);
        process.stderr.write(`guardrails: updated the generated sections of ${path.relative(process.cwd(), file) || file}\n`);
      } else process.stderr.write(`guardrails: ${path.relative(process.cwd(), file) || file} is up to date\n`);
    });
}
