/**
 * Every Lambda function of Tradeflow, as data: the CDK stack creates one NodejsFunction per entry with the
 * grants listed here (least privilege), and the local runtime loads the same handler files by id.
 */
export type FunctionGrant =
  | 'table:read'
  | 'table:write'
  | 'workflow:start'
  | 'workflow:callback'
  | 'workflow:stop'
  | 'domainBus:put'
  | 'email:send';

export interface FunctionDefinition {
  /** Stable id: the ASL substitution, event-rule target and route all name functions by it. */
  readonly id: string;
  /** Handler file; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly grants: readonly FunctionGrant[];
  /** Chosen from measurement (see docs/performance.md), not habit. */
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Invoked asynchronously (EventBridge): gets a dead-letter queue and retry settings. */
  readonly async?: boolean;
}

const API_GRANTS = ['table:read', 'table:write', 'workflow:start', 'workflow:callback', 'workflow:stop', 'domainBus:put'] as const;

export const functionsCatalog = [
  { id: 'api', entry: 'functions/api/http-api.ts', description: 'Operations HTTP API: contracts, transitions, approvals, timeline, quarantine.', grants: API_GRANTS, memoryMb: 1024, timeoutSeconds: 10 },
  { id: 'plan-lifecycle', entry: 'functions/lifecycle/plan-lifecycle.ts', description: 'Derives which stages apply and the wait budgets.', grants: ['table:read'], memoryMb: 512, timeoutSeconds: 10 },
  { id: 'enter-stage', entry: 'functions/lifecycle/enter-stage.ts', description: 'Records a stage, stores the task token, resumes at once when the evidence is already on record.', grants: ['table:read', 'table:write', 'workflow:callback', 'domainBus:put'], memoryMb: 512, timeoutSeconds: 10 },
  { id: 'escalate', entry: 'functions/lifecycle/escalate.ts', description: 'A wait timed out: raise the escalation level, notify owner and manager, recompute the budget.', grants: ['table:read', 'table:write', 'domainBus:put', 'email:send'], memoryMb: 512, timeoutSeconds: 15 },
  { id: 'ingest-partner-event', entry: 'functions/partners/ingest-partner-event.ts', description: 'Maps a partner event to evidence, correlates it, records it once, resumes waiting executions; quarantines what it cannot apply.', grants: ['table:read', 'table:write', 'workflow:callback', 'domainBus:put'], memoryMb: 512, timeoutSeconds: 15, async: true },
  { id: 'notify-customer', entry: 'functions/notify/notify-customer.ts', description: 'Milestone e-mails to customer contacts in their language.', grants: ['table:read', 'table:write', 'email:send'], memoryMb: 256, timeoutSeconds: 15, async: true },
  { id: 'send-reminders', entry: 'functions/reminders/send-reminders.ts', description: 'Reminds owners before latest shipment, L/C presentation and expiry, and payment due dates.', grants: ['table:read', 'table:write', 'email:send'], memoryMb: 256, timeoutSeconds: 60 },
] as const satisfies readonly FunctionDefinition[];

export type FunctionId = (typeof functionsCatalog)[number]['id'];

export function functionById(id: string): FunctionDefinition {
  const found = functionsCatalog.find((f) => f.id === id);
  if (!found) throw new Error(`Unknown function id ${id}`);
  return found;
}
