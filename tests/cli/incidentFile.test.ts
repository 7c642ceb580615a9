import { chmodSync, linkSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { insertIncident, removeIncident, writeStackFileInPlace } from "../../cli/incident/stackFile";
import type { IncidentConfig } from "../../model/incident/profile";
import { loadProfileText } from "../../model/profile/load";
import { stackFile } from "../helpers/stacks";

const INCIDENT: IncidentConfig = {
  profile: "relaxed-risk", reason: "Identity Protection false positives: relax risk policies", ticket: "INC-42", approvedBy: ["ciso@contoso.example"],
  startsAt: "2026-11-22T10:00:00.000Z", expiresAt: "2026-11-22T18:00:00.000Z", maxDurationHours: 72,
  changes: { reportOnly: ["userRiskRemediation"], alerts: { lockoutStorm: { threshold: 200 } } },
};

const prod = readFileSync(stackFile("prod"), "utf8");
const crlf = (s: string) => s.replace(/\n/g, "\r\n");

/** Formatting a user may have, each a valid stack file that must come back byte for byte. */
const variants: [string, string][] = [
  ["shipped prod", prod],
  ["CRLF line endings", crlf(prod)],
  ["UTF-8 BOM", `\uFEFF${prod}`],
  ["BOM and CRLF", `\uFEFF${crlf(prod)}`],
  ["no final newline", prod.replace(/\n+$/, "")],
  ["no final newline, CRLF", crlf(prod.replace(/\n+$/, ""))],
  ["trailing blank lines and a comment after config", `${prod}\n\n# end of file\n`],
  ["a trailing comment on the last value", prod.replace(/\n+$/, "") + "   # guest MFA not yet\n"],
  ["four-space indentation, sequences indented", require("yaml").stringify(require("yaml").parse(prod), { indent: 4, indentSeq: true })],
  ["two-space indentation, sequences not indented", require("yaml").stringify(require("yaml").parse(prod), { indentSeq: false })],
  ["flow lists everywhere", prod.replace(/canaryGroup: CA-Canary/, "canaryGroup: \"CA-Canary\"").replace(/- Global Administrator\n/, "- \"Global Administrator\"\n")],
  ["escapes in strings", prod.replace("name: contoso-prod", 'name: "contoso\\u002dprod"')],
  ["single-quoted strings", prod.replace("name: contoso-prod", "name: 'contoso-prod'")],
  ["a block scalar as the last value", prod.replace(/\n+$/, "") + "\n  app:notes: |\n    first line\n    second line\n"],
  ["a block scalar last, no final newline", prod.replace(/\n+$/, "") + "\n  app:notes: |-\n    only line"],
  ["a nested mapping last with blank lines", prod.replace(/\n+$/, "") + "\n  app:extra:\n    a: 1\n\n    b: 2\n\n\n"],
  ["config as a flow mapping", "config: {\"guardrails:tenant\": {name: x}, app:y: 1}\n"],
  ["an empty flow mapping", "config: {}\n"],
  ["tab after the key colon and a document marker", "---\nconfig:\n  app:x:\t1\n...\n"],
  ["another top-level key after config", "config:\n  app:x: 1\n  app:y: [1, 2]\nencryptionsalt: v1:abc\n"],
  ["comments between entries and at the end of config", "config:\n  # first\n  app:x: 1 # one\n  # last comment in config\nsecretsprovider: passphrase\n"],
];

describe("incident apply/revert: exact bytes for any formatting (issue #9 §3)", () => {
  test.each(variants)("%s", (_name, text) => {
    const applied = insertIncident(text, INCIDENT, "FILE");
    const parsed = require("yaml").parse(applied.replace(/^\uFEFF/, "")) as { config: Record<string, unknown> };
    expect(parsed.config["guardrails:incident"]).toEqual(INCIDENT);
    // Every other key is untouched.
    const original = require("yaml").parse(text.replace(/^\uFEFF/, "")) as { config: Record<string, unknown> };
    expect({ ...parsed.config, "guardrails:incident": undefined }).toEqual({ ...original.config, "guardrails:incident": undefined });
    expect(applied.startsWith("\uFEFF")).toBe(text.startsWith("\uFEFF"));
    if (text.includes("\r\n")) expect(applied.replace(/\r\n/g, "")).not.toContain("\n");
    expect(removeIncident(applied, "FILE")).toBe(text);
  });

  test("the applied shipped stack still loads, with the incident", () => {
    const p = loadProfileText(insertIncident(prod, INCIDENT, "FILE"), "Pulumi.prod.yaml", "prod");
    expect(p.incident?.ticket).toBe("INC-42");
    expect(p.incidentReportOnly).toEqual(["userRiskRemediation"]);
  });

  test("applying twice and reverting without an incident are refused", () => {
    expect(() => insertIncident(insertIncident(prod, INCIDENT, "FILE"), INCIDENT, "FILE")).toThrow("FILE: guardrails:incident: an incident is already applied; revert it first");
    expect(() => removeIncident(prod, "FILE")).toThrow("FILE: guardrails:incident: no incident is applied");
  });
});

describe("the stack file is edited in place", () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), "stackfile-"));

  test("keeps the mode", () => {
    const f = path.join(dir(), "Pulumi.prod.yaml");
    writeFileSync(f, prod);
    chmodSync(f, 0o640);
    writeStackFileInPlace(f, "changed\n");
    expect(readFileSync(f, "utf8")).toBe("changed\n");
    expect(statSync(f).mode & 0o777).toBe(0o640);
  });

  test("refuses a read-only file (even as root) and leaves it alone", () => {
    const f = path.join(dir(), "Pulumi.prod.yaml");
    writeFileSync(f, prod);
    chmodSync(f, 0o444);
    expect(() => writeStackFileInPlace(f, "changed\n")).toThrow(`${f}: the stack config file is read-only (mode 444); make it writable first`);
    expect(readFileSync(f, "utf8")).toBe(prod);
  });

  test("edits a symlink's target and keeps the link", () => {
    const d = dir();
    const target = path.join(d, "real.yaml");
    const link = path.join(d, "Pulumi.prod.yaml");
    writeFileSync(target, prod);
    symlinkSync(target, link);
    writeStackFileInPlace(link, "changed\n");
    expect(readFileSync(target, "utf8")).toBe("changed\n");
    expect(require("node:fs").lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test("keeps hard links", () => {
    const d = dir();
    const a = path.join(d, "Pulumi.prod.yaml");
    const b = path.join(d, "copy.yaml");
    writeFileSync(a, prod);
    linkSync(a, b);
    writeStackFileInPlace(a, "short\n");
    expect(readFileSync(b, "utf8")).toBe("short\n");
    expect(statSync(a).ino).toBe(statSync(b).ino);
  });
});
