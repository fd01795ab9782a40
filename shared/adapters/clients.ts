/**
 * The composition root with every port wired: for the local runtime, tools and tests that want the whole
 * system. Lambda handlers do not import this module — each wires only the ports it uses from
 * `./wiring/*` (see `handlerPorts`), so its bundle carries only those SDK clients. Clients are created
 * once per container, on first use; endpoints come from the SDK's standard AWS_ENDPOINT_URL_<SERVICE>
 * variables, which is all the local runtime changes.
 */
import type { Ports } from '../use-cases/ports';
import { eventsPort } from './wiring/events';
import { handlerPorts, resetLazyPorts } from './wiring/lazy-port';
import { mailerPort } from './wiring/mailer';
import { storePort } from './wiring/store';
import { workflowPort } from './wiring/workflow';

export { runtimeClock } from './wiring/lazy-port';

let ports: Ports | undefined;

/**
 * Every port over AWS (or the local endpoints). Each is built when first read and kept until
 * {@link resetDefaultPorts}.
 *
 * @example const { store } = defaultPorts(); await store.get(contractId);
 */
export function defaultPorts(): Ports {
  return (ports ??= handlerPorts('tradeflow', { store: storePort, workflow: workflowPort, events: eventsPort, mailer: mailerPort }));
}

/**
 * The local runtime and tests reset the wiring after changing the environment: every lazily built port —
 * whether a handler or `defaultPorts` built it — is rebuilt on next use.
 */
export function resetDefaultPorts(): void {
  resetLazyPorts();
}
