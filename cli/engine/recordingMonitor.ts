/**
 * A MockMonitor that also keeps what the real CLI's engine would know about each registration:
 * parent, dependencies, property dependencies, provider, protect and the raw input Struct
 * (forwarded unchanged to the policy analyzer, so unknowns stay unknown).
 */
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
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getProvider(): string;
  getProtect(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Callback = (err: unknown, res?: unknown) => void;

export class RecordingMonitor extends MockMonitor {
  readonly recorded: RecordedResource[] = [];
  private readonly byUrn = new Map<string, RecordedResource>();

  constructor(mocks: ConstructorParameters<typeof MockMonitor>[0], project: string, stack: string) {
    super(mocks);
    // The engine prefixes a child's type with the parent's full qualified type (`a$b$c`,
    // pulumi `resource.NewURN`); MockMonitor keeps only the parent's last type. Real URNs matter
    // because plans are diffed against `pulumi stack export` state. (`newUrn` is private in the d.ts.)
    Object.assign(this, {
      newUrn: (parent: string, type: string, name: string) =>
        `urn:pulumi:${stack}::${project}::${parent ? `${parent.split("::")[2]}$${type}` : type}::${name}`,
    });
  }

  override async registerResource(req: RegisterResourceRequest, callback: Callback): Promise<void> {
    const wireInputs = req.getObject()?.toJavaScript() ?? {};
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => { propertyDependencies[k] = v.getUrnsList(); });
    const record: Omit<RecordedResource, "urn"> = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      propertyDependencies,
      provider: req.getProvider(),
      protect: req.getProtect() === true,
      inputs: toDisplayValue(wireInputs) as Record<string, unknown>,
      wireInputs,
    };
    await super.registerResource(req, (err: unknown, res?: unknown) => {
      if (!err && res) {
        const r = res as { getUrn(): string; getId(): string; getObject(): { toJavaScript(): Record<string, unknown> } | undefined };
        const urn = r.getUrn();
        const full: RecordedResource = { urn, ...record, ...(record.custom && r.getId() ? { id: r.getId() } : {}), wireOutputs: record.custom ? r.getObject()?.toJavaScript() ?? {} : {} };
        this.recorded.push(full);
        this.byUrn.set(urn, full);
      }
      callback(err, res);
    });
  }

  override registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, callback: Callback): void {
    const rec = this.byUrn.get(req.getUrn());
    if (rec) {
      rec.wireOutputs = req.getOutputs()?.toJavaScript() ?? {};
      rec.outputs = toDisplayValue(rec.wireOutputs) as Record<string, unknown>;
    }
    super.registerResourceOutputs(req, callback);
  }
}
