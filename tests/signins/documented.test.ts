/** Microsoft's documented `List signIns` example (tests/fixtures/signins/SOURCE.md), as published and as valid JSON. */
import * as path from "node:path";
import { readSignIns } from "../../cli/signins/reader";
import { toSignIn } from "../../model/signins/toSignIn";

const dir = path.join(__dirname, "../fixtures/signins");

test("the documented example reads as one interactive sign-in, its 7-digit time normalised", async () => {
  const records = [];
  for await (const r of readSignIns([path.join(dir, "graph-v1-signin-list-example.json")])) records.push(r);
  expect(records).toHaveLength(1);
  const [r] = records;
  expect(r).toMatchObject({
    time: "2020-03-13T19:15:41.619Z", userId: "26be570a-ae82-4189-b4e2-a37c6808512d", userPrincipalName: "testaccount1@contoso.com",
    appDisplayName: "Graph explorer", resourceId: "00000003-0000-0000-c000-000000000000", clientAppUsed: "Browser", interactive: true,
    ipAddress: "131.107.159.37", country: "US", operatingSystem: "Windows 10", errorCode: 0, conditionalAccessStatus: "notApplied",
    policies: [
      { id: "de7e60eb-ed89-4d73-8205-2227def6b7c9", displayName: "SharePoint limited access for guest workers", result: "notEnabled" },
      { id: "6701123a-b4c6-48af-8565-565c8bf7cabc", displayName: "Medium signin risk block", result: "notEnabled" },
    ],
  });
  // Nulls in deviceDetail are absent values, not "null" strings.
  expect(r.isCompliant).toBeUndefined();
  expect(toSignIn(r, undefined)).toMatchObject({ applications: ["00000003-0000-0000-c000-000000000000"], clientAppType: "browser", devicePlatform: "windows", country: "US" });
});

test("as published (a trailing comma inside the record) the record is reported by file and line and skipped, or refused with --strict", async () => {
  const file = path.join(dir, "graph-v1-signin-list-example.as-published.json");
  const skipped: string[] = [];
  const read = async (strict: boolean) => { const out = []; for await (const r of readSignIns([file], { strict, onSkipped: (m) => skipped.push(m) })) out.push(r); return out; };
  expect(await read(false)).toEqual([]);
  expect(skipped).toHaveLength(1);
  expect(skipped[0].startsWith(`${file}:5: `)).toBe(true);
  await expect(read(true)).rejects.toThrow(`${file}:5: `);
});
