import { Command } from "commander";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { stackConfigJsonSchema } from "../../model/profile/jsonSchema";
import { emit, PROJECT_ROOT, UsageError } from "../io";

export const SCHEMA_FILE = path.join(PROJECT_ROOT, "stacks", "guardrails.schema.json");

export const schemaText = () => JSON.stringify(stackConfigJsonSchema(), null, 2) + "\n";

export function schemaCommand(): Command {
  return new Command("schema")
    .description("Print the JSON Schema of a stack config file (generated from the validation schema), for editor completion")
    .option("-o, --out <file>", "write it to this file (atomically), e.g. stacks/guardrails.schema.json")
    .option("--check", "exit 2 if stacks/guardrails.schema.json is out of date")
    .action((o: { out?: string; check?: boolean }) => {
      if (o.check) {
        let current = "";
        try { current = readFileSync(SCHEMA_FILE, "utf8"); } catch { /* missing counts as stale */ }
        if (current !== schemaText()) throw new UsageError(`${path.relative(process.cwd(), SCHEMA_FILE)}: out of date; run \`npx guardrails schema --out stacks/guardrails.schema.json\``);
        return;
      }
      emit(schemaText(), o.out);
    });
}
