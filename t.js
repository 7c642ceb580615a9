const t0 = performance.now();
require("@kusto/language-service-next/bridge.js"); require("@kusto/language-service-next");
const K = global.Kusto;
console.log("load ms", (performance.now() - t0).toFixed(0), typeof K);
const fs = require("fs");
const tables = fs.readdirSync("model/kql/schemas").filter(f => f.endsWith(".json")).map(f => JSON.parse(fs.readFileSync("model/kql/schemas/" + f)));
const syms = tables.map(t => new K.Language.Symbols.TableSymbol.$ctor7(t.table, "(" + t.columns.map(c => `['${c.name}']:${c.type}`).join(", ") + ")", null));
const DBS = K.Language.Symbols.DatabaseSymbol;
console.log(Object.keys(DBS).filter(k => k.startsWith("$ctor") || k === "ctor"));
const db = new DBS.ctor("workspace", syms);
let globals = K.Language.GlobalState.Default.WithDatabase(db);
function check(q) {
  const t = performance.now();
  const code = K.Language.KustoCode.ParseAndAnalyze(q, globals);
  const diags = code.GetDiagnostics();
  const out = [];
  for (let i = 0; i < diags.Count; i++) { const d = diags.getItem(i); out.push(`${d.Severity} ${d.Code} @${d.Start}: ${d.Message}`); }
  console.log((performance.now() - t).toFixed(0) + "ms", JSON.stringify(q.slice(0, 50)), out);
}
check(`SigninLogs | where TimeGenerated > ago(1h) and ResultType == "53003" | summarize DistinctUsers = dcount(UserId) by ResultType`);
check(`SigninLogs | where TimeGenerated > ago(1h) and ResultTyp == "53003"`);
check(`SigninLog | take 1`);
check(`SigninLogs | where ResultType == 53003`);
check(`SigninLogs | extend x = nosuchfn(UserId)`);
check(`AADNonInteractiveUserSignInLogs | extend s = Status.errorCode`);
check(`union SigninLogs, AADNonInteractiveUserSignInLogs | where UserId in (dynamic(["a"])) | project TimeGenerated, Type, UserPrincipalName`);
check(`AADUserRiskEvents | where not(ipv4_is_in_any_range(IpAddress, dynamic(["1.2.3.0/24"]))) | summarize Users = dcount(UserId) by RiskEventType`);
