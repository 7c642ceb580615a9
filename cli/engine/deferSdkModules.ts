/**
 * Start-up (issue #15): `@pulumi/pulumi` requires, when it loads, packages that only closure
 * serialisation (`runtime/closure/*`: npm's tree walker, TypeScript's parser) and the Automation
 * API (`automation/*`: execa, js-yaml) use. An offline plan calls neither, yet they were about 290 ms
 * of its 1 s. Installed by the CLI before the SDK loads, this hook hands the SDK a stand-in for each
 * of them that loads the real module the first time anything reads from, calls or constructs it, so
 * nothing behaves differently; only the work moves to first use (often never). The module is
 * resolved at once, so a missing package still fails where it did. The Pulumi CLI path
 * (`pulumi preview`, index.ts) does not install it. GUARDRAILS_NO_DEFER=1 turns it off.
 */
import Module = require("node:module");

/** Packages the SDK's own files require eagerly and an offline plan never uses (measured: BENCHMARKS.md). */
export const DEFERRED_SDK_MODULES: readonly string[] = ["@npmcli/arborist", "typescript", "normalize-package-data", "execa", "js-yaml", "upath", "fdir"];

type Load = (request: string, parent: NodeModule | undefined, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load; _resolveFilename(request: string, parent: NodeModule | undefined, isMain: boolean): string };

const SDK_FILE = /[\\/]node_modules[\\/]@pulumi[\\/]pulumi[\\/](?!node_modules[\\/])/;

/**
 * A stand-in for a module not yet evaluated. TypeScript's `__importStar`/`__importDefault` helpers
 * ask for `__esModule` as soon as they get the module; the stand-in answers true without loading,
 * so they hand it on unchanged, and its `default` is then the module itself for CommonJS modules.
 */
export function lazyModule(load: () => unknown): unknown {
  let real: unknown;
  let loaded = false;
  const get = (): any => {
    if (!loaded) { real = load(); loaded = true; }
    return real;
  };
  // A function target, so a module that is itself a function can be called or constructed.
  const target = function deferredModule() { /* never called: the traps forward to the real module */ };
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === "__esModule") return true;
      const m = get();
      if (prop === "default" && !(m && m.__esModule)) return m;
      const v = m[prop];
      return v;
    },
    has: (_t, prop) => prop === "__esModule" || prop in Object(get()),
    set: (_t, prop, value) => { get()[prop] = value; return true; },
    apply: (_t, thisArg, args) => Reflect.apply(get(), thisArg, args),
    construct: (_t, args, newTarget) => Reflect.construct(get(), args, newTarget === _t ? get() : newTarget),
    ownKeys: () => {
      const keys = Reflect.ownKeys(Object(get()));
      // Proxy invariant: the target's own non-configurable `prototype` must be listed.
      return keys.includes("prototype") ? keys : [...keys, "prototype"];
    },
    getOwnPropertyDescriptor: (t, prop) => {
      if (prop === "prototype") return Reflect.getOwnPropertyDescriptor(t, prop);
      const d = Reflect.getOwnPropertyDescriptor(Object(get()), prop);
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(Object(get())),
  });
}

let installed = false;

/** Installs the hook (once). Call before anything loads `@pulumi/pulumi`. */
export function deferSdkModules(env: NodeJS.ProcessEnv = process.env): void {
  if (installed || env.GUARDRAILS_NO_DEFER === "1") return;
  installed = true;
  const deferred = new Set(DEFERRED_SDK_MODULES);
  const load = moduleInternals._load;
  moduleInternals._load = function (this: unknown, request: string, parent: NodeModule | undefined, isMain: boolean) {
    if (!deferred.has(request) || !parent?.filename || !SDK_FILE.test(parent.filename)) return load.call(this, request, parent, isMain);
    // Resolve now: a missing package fails here, as it would have without the hook.
    moduleInternals._resolveFilename(request, parent, isMain);
    return lazyModule(() => load.call(this, request, parent, isMain));
  };
}
