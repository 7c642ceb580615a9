/**
 * Offline KQL check with Microsoft's Kusto language service (@kusto/language-service-next): parse
 * and semantic analysis against the Entra table schemas. Reports unknown tables, columns and
 * functions and type errors, exactly as the Log Analytics editor would.
 */
import { TABLE_SCHEMAS } from "./schemas";

export interface KqlDiagnostic {
  code: string;
  severity: string;
  message: string;
  /** Offset in the query text. */
  start: number;
}

/* Minimal typing of the Bridge.NET-compiled library, for the members used here. */
interface KustoNs {
  Language: {
    Symbols: {
      TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
      DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
    };
    GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
    KustoCode: {
      ParseAndAnalyze(text: string, globals: unknown): {
        GetDiagnostics(): { Count: number; getItem(i: number): { Code: string; Severity: string; Message: string; Start: number } };
      };
    };
  };
}

let globals: unknown;
let kusto: KustoNs;

function analyzer(): { kusto: KustoNs; globals: unknown } {
  if (!globals) {
    // The Bridge.NET runtime must be loaded first; it defines the global `Bridge` the library needs.
    require("@kusto/language-service-next/bridge.js");
    require("@kusto/language-service-next");
    kusto = (globalThis as unknown as { Kusto: KustoNs }).Kusto;
    const tables = TABLE_SCHEMAS.map((t) => new kusto.Language.Symbols.TableSymbol.$ctor7(
      t.table,
      `(${t.columns.map((c) => `['${c.name}']:${c.type}`).join(", ")})`,
      null,
    ));
    globals = kusto.Language.GlobalState.Default.WithDatabase(new kusto.Language.Symbols.DatabaseSymbol.ctor("workspace", tables));
  }
  return { kusto, globals };
}

/** Errors and warnings for a query; empty when it parses and type-checks. */
export function checkKql(query: string): KqlDiagnostic[] {
  const { kusto: k, globals: g } = analyzer();
  const diags = k.Language.KustoCode.ParseAndAnalyze(query, g).GetDiagnostics();
  const out: KqlDiagnostic[] = [];
  for (let i = 0; i < diags.Count; i++) {
    const d = diags.getItem(i);
    out.push({ code: d.Code, severity: d.Severity, message: d.Message, start: d.Start });
  }
  return out;
}

export function kqlErrors(query: string): KqlDiagnostic[] {
  return checkKql(query).filter((d) => d.severity === "Error");
}
