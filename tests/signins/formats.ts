/** One deterministic day of sign-ins written in every format the reader takes (tests of issue #12). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { csvLine, laCsvHeader, laCsvValues, laRow } from "../../model/signins/formats";

/** A small deterministic day of Graph `signIn` objects (documented field shapes, shared/reference/signin-logs.md). */
export function graphDay(n: number) {
  const apps = [["00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"], ["797f4846-ba00-4fd7-ba43-dac1f8f63013", "Microsoft Azure Management"]];
  return Array.from({ length: n }, (_, i) => {
    const [appId, appDisplayName] = apps[i % 2];
    const interactive = i % 3 !== 0;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      createdDateTime: new Date(Date.UTC(2026, 10, 20, 8, 0, i * 7, (i * 13) % 1000)).toISOString(),
      userId: `aaaaaaaa-0000-4000-8000-${String(i % 5).padStart(12, "0")}`,
      userPrincipalName: `user${i % 5}@contoso.example`,
      appId, appDisplayName,
      clientAppUsed: i % 7 === 0 ? "Exchange ActiveSync" : "Browser",
      isInteractive: interactive,
      ipAddress: `203.0.113.${i % 250}`,
      location: { city: "Amsterdam", state: "Noord-Holland", countryOrRegion: i % 4 === 0 ? "BE" : "NL" },
      deviceDetail: { deviceId: "", operatingSystem: "Windows10", isCompliant: i % 2 === 0, trustType: "" },
      status: { errorCode: i % 6 === 0 ? 53003 : 0, failureReason: i % 6 === 0 ? "Access has been blocked by Conditional Access policies." : "Other." },
      riskLevelDuringSignIn: "none",
      conditionalAccessStatus: i % 6 === 0 ? "failure" : "success",
      appliedConditionalAccessPolicies: [
        { id: "cccccccc-0000-4000-8000-000000000001", displayName: "GR-001 Block legacy authentication", enforcedGrantControls: ["Block"], enforcedSessionControls: [], result: i % 7 === 0 ? "failure" : "notApplied" },
        { id: "cccccccc-0000-4000-8000-000000000005", displayName: "GR-005 Compliant or hybrid-joined device for Office 365 on desktops", enforcedGrantControls: [], enforcedSessionControls: [], result: i % 2 === 0 ? "reportOnlySuccess" : "reportOnlyFailure" },
      ],
    };
  });
}

export const day = graphDay(60);
const dir = mkdtempSync(path.join(tmpdir(), "signins-"));
export const write = (name: string, content: string | Buffer) => { const f = path.join(dir, name); writeFileSync(f, content); return f; };

const csv = (header: string[], rows: unknown[][]) => csvLine(header) + rows.map(csvLine).join("");

export const inputs: Record<string, string[]> = {
  "Graph JSON array (portal download)": [write("array.json", JSON.stringify(day, null, 2))],
  "Graph pages in two files": [write("page1.json", JSON.stringify({ "@odata.context": "x", value: day.slice(0, 25), "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=a" })), write("page2.json", JSON.stringify({ value: day.slice(25) }))],
  "Graph pages concatenated in one file": [write("pages.json", `${JSON.stringify({ value: day.slice(0, 30), "@odata.nextLink": "n" })}\n${JSON.stringify({ value: day.slice(30) })}\n`)],
  "NDJSON": [write("day.ndjson", day.map((s) => JSON.stringify(s)).join("\n") + "\n")],
  "diagnostic-setting records": [write("diag.json", day.map(({ createdDateTime, ...p }) => JSON.stringify({ time: createdDateTime, category: p.isInteractive ? "SignInLogs" : "NonInteractiveUserSignInLogs", properties: p })).join("\n"))],
  "Log Analytics JSON (dynamic and string columns)": [write("la.json", JSON.stringify(day.map((s) => laRow(s))))],
  "Log Analytics CSV (TimeGenerated [UTC], portal time format)": [write("la.csv", csv(laCsvHeader(), day.map((s) => laCsvValues(s))))],
  "gzip": [write("array.json.gz", gzipSync(JSON.stringify(day)))],
  "UTF-16LE with BOM": [write("utf16.json", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(day), "utf16le")]))],
  "UTF-8 with BOM": [write("bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(day))]))],
};

