import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { schemaText, SCHEMA_FILE } from "../../cli/commands/schema";
import { ROOT, stackFile } from "../helpers/stacks";

const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(JSON.parse(schemaText()));
const prod = () => parse(readFileSync(stackFile("prod"), "utf8"));

describe("JSON Schema of the stack config (guardrails schema)", () => {
  test("the committed stacks/guardrails.schema.json is current", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText());
  });

  test.each(["prod", "staging"])("%s references it and validates", (stack) => {
    const text = readFileSync(stackFile(stack), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./guardrails.schema.json");
    expect(path.resolve(path.dirname(stackFile(stack)), "guardrails.schema.json")).toBe(path.join(ROOT, "stacks", "guardrails.schema.json"));
    expect(validate(parse(text))).toBe(true);
  });

  test.each([
    ["a misspelt guardrails key", (c: any) => { c["guardrails:brakeGlass"] = {}; }],
    ["an unknown key inside a section", (c: any) => { c["guardrails:breakGlass"].exclusiongroup = "x"; }],
    ["a stage that does not exist", (c: any) => { c["guardrails:rollout"].policies.guestMfa.stage = "pilot"; }],
    ["a plain-text webhook secret", (c: any) => { c["guardrails:sev0WebhookUrl"] = "https://example.invalid"; }],
    ["a missing required section", (c: any) => { delete c["guardrails:alerts"]; }],
  ])("refuses %s, like the loader", (_name, edit) => {
    const doc = prod();
    edit(doc.config);
    expect(validate(doc)).toBe(false);
  });

  test("other namespaces pass", () => {
    const doc = prod();
    doc.config["azure-native:location"] = "westeurope";
    expect(validate(doc)).toBe(true);
  });
});
