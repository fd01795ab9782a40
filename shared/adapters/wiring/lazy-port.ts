/**
 * Lazily built ports for Lambda handlers. Each AWS-backed port lives in its own module (store.ts,
 * workflow.ts, events.ts, mailer.ts), so a handler's bundle holds exactly the SDK clients of the ports it
 * imports; this module holds no SDK import at all.
 */
import { ulid } from 'ulid';
import type { Clock } from '../../domain/clock';
import type { Ports } from '../../use-cases/ports';

/**
 * Wall clock plus the local runtime's offset (TRADEFLOW_CLOCK_OFFSET_MS, read on every call so the local
 * controllable clock can move it; never set in AWS).
 */
export const runtimeClock: Clock = {
  now: () => Date.now() + Number(process.env.TRADEFLOW_CLOCK_OFFSET_MS ?? 0), // eslint-disable-line no-restricted-syntax
};

const resets = new Set<() => void>();

/** What a handler does to every AWS client it builds; functions/commons/powertools.ts sets X-Ray tracing. */
let instrument: <C extends object>(client: C) => C = (client) => client;

/**
 * Sets the hook every port applies to its AWS SDK client when it builds it (X-Ray subsegments per call),
 * without the adapters knowing about Powertools.
 *
 * @example instrumentClientsWith((client) => tracer.captureAWSv3Client(client));
 */
export function instrumentClientsWith(hook: <C extends object>(client: C) => C): void {
  instrument = hook;
}

/** `client` after the instrumentation hook; ports call it on each client they create. */
export function instrumented<C extends object>(client: C): C {
  return instrument(client);
}

/**
 * A port built on first use and kept for the life of the container (warm invocations reuse its client).
 * `resetLazyPorts` drops every built port, so the next use reads the environment again.
 *
 * @example
 * export const storePort = lazyPort(() => makeDynamoDbContractStore({ client, tableName: config().TABLE_NAME }));
 */
export function lazyPort<T>(build: () => T): () => T {
  let built: T | undefined;
  resets.add(() => (built = undefined));
  return () => (built ??= build());
}

/** The local runtime and tests change the environment (endpoints, table name) and then reset the wiring. */
export function resetLazyPorts(): void {
  for (const reset of resets) reset();
}

type AwsPortName = 'store' | 'workflow' | 'events' | 'mailer';
/** The AWS-backed ports one handler uses; the others are absent and fail loudly if a use case calls them. */
export type WiredPorts = Partial<{ [K in AwsPortName]: () => Ports[K] }>;

/**
 * The `Ports` a handler hands its use cases: the wired ports (built lazily, on first property read), the
 * runtime clock and ULIDs. A port the handler does not wire throws on any call with what to change — the
 * function's ports and its grants in infra/functions-catalog.ts go together.
 *
 * @example
 * const ports = handlerPorts('plan-lifecycle', { store: storePort });
 * makeLifecycle(ports).planFor(event);
 */
export function handlerPorts(functionId: string, wired: WiredPorts): Ports {
  const port = <K extends AwsPortName>(name: K): Ports[K] => (wired[name] ?? unwired(functionId, name))();
  return {
    get store() { return port('store'); },
    get workflow() { return port('workflow'); },
    get events() { return port('events'); },
    get mailer() { return port('mailer'); },
    clock: runtimeClock,
    newId: ulid,
  };
}

const unwiredCache = new Map<string, unknown>();

function unwired<K extends AwsPortName>(functionId: string, name: K): () => Ports[K] {
  const key = `${functionId}/${name}`;
  let stub = unwiredCache.get(key) as Ports[K] | undefined;
  if (!stub) {
    // Reading the port (use cases destructure all of them) is fine; calling it is the bug.
    stub = new Proxy({} as Ports[K], {
      get: (_target, method) =>
        typeof method === 'symbol' || method === 'then'
          ? undefined
          : () => {
              throw new Error(
                `Function ${functionId} called ${name}.${method}, but its handler does not wire the ${name} port. ` +
                  `Add ${name}Port to the handler's ports (functions/**) and the matching grant in infra/functions-catalog.ts.`,
              );
            },
    });
    unwiredCache.set(key, stub);
  }
  return () => stub;
}
