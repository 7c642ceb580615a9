/**
 * A MockMonitor that also keeps what the real CLI's engine would know about each registration:
 * parent, dependencies, property dependencies, provider, protect and the raw input Struct
 * (forwarded unchanged to the policy analyzer, so unknowns stay unknown).
 */
import * as path from "node:path";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { toDisplayValue } from "./values";

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider: string;
  protect: boolean;
  /** Custom resources: the id the provider returns (offline: the mock's deterministic id). */
  id?: string;
  /** Inputs as the plan shows them: secrets `[secret]`, unknowns marked. */
  inputs: Record<string, unknown>;
  /** The wire form of the inputs (google.protobuf.Struct as JS), for the analyzer. */
  wireInputs: Record<string, unknown>;
  /** Component outputs from registerOutputs (display form). */
  outputs?: Record<string, unknown>;
  /** Wire form of the resource's state (custom: the mock's answer; component: registerOutputs), for analyzeStack. */
  wireOutputs?: Record<string, unknown>;
}

/* The request objects are generated protobuf classes; only the getters used here are typed. */
export interface WireStruct { toJavaScript(): Record<string, unknown> }
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getProvider(): string;
  getProtect(): boolean;
  getImportid(): string;
  getObject(): WireStruct | undefined;
}

type Callback = (err: unknown, res?: unknown) => void;

// The copies @pulumi/pulumi itself uses: the SDK reads the response with them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as { deserializeProperties(s: WireStruct): Record<string, unknown>; serializeProperties(label: string, props: unknown): Promise<Record<string, unknown>> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] })) as { Struct: { fromJavaScript(v: unknown): WireStruct } };

/**
 * The wire Structs of each recorded resource as the SDK sent them (inputs) and the mock answered
 * (custom resources' state) or the component registered them (outputs), so the analyzer hands the
 * pack these very messages instead of rebuilding them from the JS copies (issue #15). Kept beside
 * the record, not in it: a record is plain data.
 */
export const wireStructs = new WeakMap<RecordedResource, { inputs?: WireStruct; outputs?: WireStruct }>();

export class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];
  private readonly byUrn = new Map<string, RecordedResource>();

  constructor(private readonly mockImpl: ConstructorParameters<typeof MockMonitor>[0], project: string, stack: string) {
    super(mockImpl);
    // The engine prefixes a child's type with the parent's full qualified type (`a$b$c`,
    // pulumi `resource.NewURN`); MockMonitor keeps only the parent's last type. Real URNs matter
    // because plans are diffed against `pulumi stack export` state. (`newUrn` is private in the d.ts.)
    Object.assign(this, {
      newUrn: (parent: string, type: string, name: string) =>
        `urn:pulumi:${stack}::${project}::${parent ? `${parent.split("::")[2]}$${type}` : type}::${name}`,
    });
  }

  /**
   * MockMonitor.registerResource (@pulumi/pulumi 3.248 runtime/mocks.js), step for step, reading the
   * request's Struct once for both the mock and the record (it was read three times, and the
   * answer's Struct twice: a third of a 195-policy plan's protobuf work).
   */
  override async registerResource(req: RegisterResourceRequest, callback: Callback): Promise<void> {
    try {
      const inputStruct = req.getObject();
      const wireInputs = inputStruct?.toJavaScript() ?? {};
      const custom = req.getCustom();
      const result = await this.mockImpl.newResource({
        type: req.getType(),
        name: req.getName(),
        inputs: rpc.deserializeProperties({ toJavaScript: () => wireInputs }),
        provider: req.getProvider(),
        custom,
        id: req.getImportid(),
      });
      const urn = (this as unknown as { newUrn(p: string, t: string, n: string): string }).newUrn(req.getParent(), req.getType(), req.getName());
      const serializedState = await rpc.serializeProperties("", result.state);
      (this as unknown as { resources: Map<string, unknown> }).resources.set(urn, { urn, id: result.id ?? null, state: serializedState });
      const stateStruct = Struct.fromJavaScript(serializedState);
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(result.id || "");
      response.setObject(stateStruct);

      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((v, k) => { propertyDependencies[k] = v.getUrnsList(); });
      const record: RecordedResource = {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom,
        parent: req.getParent(),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider: req.getProvider(),
        protect: req.getProtect() === true,
        inputs: toDisplayValue(wireInputs) as Record<string, unknown>,
        wireInputs,
        ...(custom && result.id ? { id: result.id } : {}),
        wireOutputs: custom ? serializedState : {},
      };
      this.recorded.push(record);
      this.byUrn.set(urn, record);
      wireStructs.set(record, { inputs: inputStruct, outputs: custom ? stateStruct : undefined });
      callback(null, response);
    } catch (err) {
      callback(err, undefined);
    }
  }

  override registerResourceOutputs(req: { getUrn(): string; getOutputs(): WireStruct | undefined }, callback: Callback): void {
    const rec = this.byUrn.get(req.getUrn());
    if (rec) {
      const outputs = req.getOutputs();
      rec.wireOutputs = outputs?.toJavaScript() ?? {};
      rec.outputs = toDisplayValue(rec.wireOutputs) as Record<string, unknown>;
      wireStructs.set(rec, { ...wireStructs.get(rec), outputs });
    }
    super.registerResourceOutputs(req, callback);
  }
}
