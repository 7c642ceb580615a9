/** One sign-in reader for every export users have (issue #12, item 1): the same day, read from each format. */
import { readSignIns } from "../../cli/signins/reader";
import { csvField } from "../../model/signins/formats";
import { day, inputs, write } from "./formats";
import { JsonRecordSplitter } from "../../model/signins/jsonRecords";
import type { SignInRecord } from "../../model/signins/record";

async function readAll(files: string[], skipped: string[] = []): Promise<SignInRecord[]> {
  const out: SignInRecord[] = [];
  for await (const r of readSignIns(files, { onSkipped: (m) => skipped.push(m) })) out.push(r);
  return out;
}

describe("every format gives the same records", () => {
  let reference: SignInRecord[];
  beforeAll(async () => { reference = await readAll(inputs["Graph JSON array (portal download)"]); });

  test("the reference read is complete and typed", () => {
    expect(reference).toHaveLength(60);
    expect(reference[7]).toMatchObject({ time: "2026-11-20T08:00:49.091Z", userPrincipalName: "user2@contoso.example", interactive: true, country: "NL", errorCode: 0, isCompliant: false, clientAppUsed: "Exchange ActiveSync" });
    expect(reference[0]).toMatchObject({ interactive: false, errorCode: 53003, conditionalAccessStatus: "failure" });
    expect(reference[0].policies!.map((p) => p.result)).toEqual(["failure", "reportOnlySuccess"]);
  });

  test.each(Object.keys(inputs).filter((k) => !k.startsWith("Graph JSON array")))("%s", async (name) => {
    const got = await readAll(inputs[name]);
    const strip = (r: SignInRecord) => ({ ...r, trustType: undefined, deviceId: undefined });
    expect(got.map(strip)).toEqual(reference.map(strip));
  });
});

test("the portal CSV (display headers with stray spaces, no per-policy results) maps to the same fields", async () => {
  const header = ["Date (UTC)", "Request ID", "User ID", "User", "Username", "Application", "Application ID ", "Resource", "IP address", "Location", "Status", "Sign-in error code", "Failure reason", "Client app", "Operating System", "Compliant", "Autonomous system  number", "Conditional Access", "Incoming token type", "Incoming token type"];
  const rows = day.slice(0, 10).map((s) => [s.createdDateTime, s.id, s.userId, "User", s.userPrincipalName, s.appDisplayName, s.appId, "", s.ipAddress, `Amsterdam, Noord-Holland, ${s.location.countryOrRegion}`, s.status.errorCode ? "Failure" : "Success", s.status.errorCode, s.status.failureReason, s.clientAppUsed, "Windows10", s.deviceDetail.isCompliant ? "True" : "False", "8075", s.conditionalAccessStatus === "failure" ? "Failure" : "Success", "none", "none"]);
  const file = write("InteractiveSignIns_2026-11-20.csv", [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n"));
  const got = await readAll([file]);
  expect(got).toHaveLength(10);
  expect(got[0]).toEqual({
    time: day[0].createdDateTime, userId: day[0].userId, userPrincipalName: "user0@contoso.example", appId: day[0].appId, appDisplayName: day[0].appDisplayName,
    clientAppUsed: "Exchange ActiveSync", interactive: true, ipAddress: day[0].ipAddress, country: "BE", autonomousSystemNumber: 8075, operatingSystem: "Windows10",
    isCompliant: true, errorCode: 53003, failureReason: day[0].status.failureReason, conditionalAccessStatus: "failure",
    // "City, State, CC": the city is the first part.
    city: day[0].location.city,
  });
});

test("a malformed record is reported by file and line and skipped; the rest of the file is read", async () => {
  const lines = day.slice(0, 5).map((s) => JSON.stringify(s));
  lines.splice(2, 0, '{"createdDateTime": "not a date", "userId": "x"}', '{"oops": ');
  const file = write("bad.ndjson", lines.join("\n") + "\n");
  const skipped: string[] = [];
  await expect(readAll([file], skipped)).rejects.toThrow(); // the unclosed object swallows the rest: not valid JSON
  const file2 = write("bad2.ndjson", [...lines.slice(0, 3), ...lines.slice(4)].join("\n") + "\n");
  const skipped2: string[] = [];
  const got = await readAll([file2], skipped2);
  expect(got).toHaveLength(5);
  expect(skipped2).toEqual([`${file2}:3: time: 'not a date' is not a date-time`]);
});

test("the splitter survives records cut at every byte", () => {
  const text = Buffer.from(JSON.stringify({ value: day.slice(0, 3), "@odata.nextLink": "x" }) + "\n" + JSON.stringify(day[4]) + "\n");
  for (let cut = 1; cut < text.length; cut += 37) {
    const s = new JsonRecordSplitter();
    const records = [...s.push(text.subarray(0, cut)), ...s.push(text.subarray(cut))];
    s.end();
    expect(records.map((r) => ((r.value ?? JSON.parse(r.text!)) as { id: string }).id)).toEqual([day[0].id, day[1].id, day[2].id, day[4].id]);
  }
});

test("a character split over chunks stays whole, and a truncated one decodes as the whole file would, when the next chunk is ASCII", () => {
  const records = [{ id: "a", createdDateTime: "2026-11-20T00:00:00.000Z", userDisplayName: "Zoë 😀" }, { id: "b", createdDateTime: "2026-11-20T00:00:01.000Z", userDisplayName: "plain" }];
  const valid = Buffer.from(JSON.stringify(records), "utf8");
  // The same text with the emoji cut to its first two bytes: the decoder holds them when the ASCII rest arrives.
  const emoji = valid.indexOf(Buffer.from("😀", "utf8"));
  const truncated = Buffer.concat([valid.subarray(0, emoji + 2), valid.subarray(emoji + 4)]);
  for (const bytes of [valid, truncated]) {
    const s = new JsonRecordSplitter();
    const out: unknown[] = [];
    let at = 0;
    for (const c of [emoji, emoji + 1, emoji + 2, bytes.length]) { for (const r of s.push(bytes.subarray(at, c))) out.push(r.value ?? JSON.parse(r.text!)); at = c; }
    s.end();
    expect(out).toEqual(JSON.parse(bytes.toString("utf8")));
  }
});
