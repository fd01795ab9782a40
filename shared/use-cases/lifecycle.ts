/**
 * Use cases behind the workflow's tasks: plan the lifecycle, enter a stage (storing the task token), resume
 * waits whose evidence is on record, and escalate a wait that timed out.
 */
import { createHash } from 'node:crypto';
import { lifecycleFactsOf } from '../domain/contract';
import type { ContractRecord, TimelineEntry } from '../domain/contract-record';
import { notFound } from '../domain/errors';
import type { Evidence } from '../domain/evidence';
import type { GuardContext, LifecyclePlan, Stage, Track } from '../domain/lifecycle';
import { STAGES, WORKFLOW_ERRORS, satisfiedTransition } from '../domain/lifecycle';
import { planLifecycle, waitTimeouts } from '../domain/lifecycle-plan';
import { makeDesk } from './desk';
import type { Ports } from './ports';
import { publishDomainEvent } from '../events/domain/domain-event';
import { ContractStageChanged } from '../events/domain/contract-stage-changed';
import { ContractEscalated } from '../events/domain/contract-escalated';

/** What every wait and escalation hands back to the workflow (`$.lifecycle`). */
export interface LifecycleOutput {
  plan: LifecyclePlan;
  timeouts: Record<string, number>;
  to?: Stage;
}

const CANCELLED_ERROR = WORKFLOW_ERRORS.cancelled;

const iso = (ms: number) => new Date(ms).toISOString();

export function stageOnTrack(record: ContractRecord, track: Track): Stage | undefined {
  return track === 'main' ? record.stage : track === 'payment' ? record.paymentStage : record.logisticsStage;
}

export function withStage(record: ContractRecord, stage: Stage, at: string): ContractRecord {
  const track = STAGES[stage].track;
  const next: ContractRecord = { ...record, stageEnteredAt: { ...record.stageEnteredAt, [track]: at }, escalation: { ...record.escalation, [stage]: 0 }, updatedAt: at };
  if (track === 'main') next.stage = stage;
  else if (track === 'payment') next.paymentStage = stage;
  else next.logisticsStage = stage;
  return next;
}

export function guardContextOf(record: ContractRecord, evidence: ReadonlyArray<Evidence>): GuardContext {
  const facts = lifecycleFactsOf(record.contract);
  return { facts, plan: planLifecycle(facts), state: record, evidence };
}

export function lifecycleOutputOf(record: ContractRecord, now: number): LifecycleOutput {
  const facts = lifecycleFactsOf(record.contract);
  return { plan: planLifecycle(facts), timeouts: waitTimeouts(facts, now, record.escalation) };
}

export const isFinished = (record: ContractRecord) => record.stage === 'CLOSED' || record.stage === 'CANCELLED';

/** Stable id of a wait, derived from its token, so a retried registration writes the same item. */
export const waitIdOf = (taskToken: string) => createHash('sha256').update(taskToken).digest('hex').slice(0, 32);

export function makeLifecycle(ports: Ports) {
  const { store, workflow, events, clock } = ports;

  async function load(contractId: string): Promise<ContractRecord> {
    const record = await store.get(contractId);
    if (!record) throw notFound(`Contract ${contractId}`);
    return record;
  }

  /**
   * Applies `change` to the freshest record with optimistic concurrency, retrying on a concurrent write.
   * `change` returns undefined when there is nothing to write.
   */
  type Change = { record: ContractRecord; timeline: TimelineEntry[] } | undefined;
  /**
   * `change` may be async: whatever it reads (evidence, say) is read after the record, so a write based on
   * a stale read fails the version check and runs again.
   */
  async function update(contractId: string, change: (r: ContractRecord) => Change | Promise<Change>) {
    for (let attempt = 0; ; attempt++) {
      const current = await load(contractId);
      const result = await change(current);
      if (!result) return current;
      const version = current.contract.version;
      const next = { ...result.record, contract: { ...result.record.contract, version: version + 1 } };
      try {
        await store.put(next, version, result.timeline);
        return next;
      } catch (error) {
        if (attempt < 4 && (error as { code?: string }).code === 'StaleVersion') continue;
        throw error;
      }
    }
  }

  async function planFor(input: { contractId: string }): Promise<LifecycleOutput> {
    return lifecycleOutputOf(await load(input.contractId), clock.now());
  }

  /** Resumes every open wait of the contract whose transition is now satisfied. Returns the stages resumed. */
  async function resolveWaits(contractId: string): Promise<Stage[]> {
    const record = await load(contractId);
    const waits = await store.openWaits(contractId);
    if (waits.length === 0) return [];
    if (record.stage === 'CANCELLED') {
      for (const wait of waits) if (await store.closeWait(contractId, wait.waitId, 'RESOLVED')) await workflow.fail(wait.taskToken, CANCELLED_ERROR, 'Contract cancelled');
      return [];
    }
    const ctx = guardContextOf(record, await store.evidence(contractId));
    const resumed: Stage[] = [];
    for (const wait of waits) {
      if (stageOnTrack(record, STAGES[wait.stage].track) !== wait.stage) continue;
      const transition = satisfiedTransition(ctx, wait.stage);
      if (!transition) continue;
      // Resume first, then close: the task token is single-use at Step Functions, so a second resumer (or a
      // retry after a lost answer) gets `false`; closing first would strand the execution when the resume failed.
      const ok = await workflow.resume(wait.taskToken, { ...lifecycleOutputOf(record, clock.now()), to: transition.to });
      await store.closeWait(contractId, wait.waitId, 'RESOLVED');
      if (ok) resumed.push(wait.stage);
    }
    return resumed;
  }

  /**
   * The workflow entered `stage`. Records it (once), stores the task token when the state waits, opens an
   * approval for PENDING_APPROVAL, and resumes at once when the evidence arrived before the wait did.
   */
  async function enterStage(input: { contractId: string; stage: Stage; executionId: string; taskToken?: string }): Promise<{ recorded: boolean }> {
    const at = iso(clock.now());
    const track = STAGES[input.stage].track;
    let recorded = false;
    let from: Stage | undefined;
    const record = await update(input.contractId, (current) => {
      // This function may run again after a concurrent write: decide from `current` only.
      recorded = false;
      from = undefined;
      if (isFinished(current) && input.stage !== current.stage) return undefined;
      const needsApproval = input.stage === 'PENDING_APPROVAL' && !current.pendingApprovalId;
      if (stageOnTrack(current, track) === input.stage && !needsApproval) return undefined;
      const timeline: TimelineEntry[] = [];
      let next = current;
      if (stageOnTrack(current, track) !== input.stage) {
        from = stageOnTrack(current, track);
        next = withStage(current, input.stage, at);
        timeline.push({ type: 'stageEntered', at, track, stage: input.stage, ...(from ? { from } : {}) });
        recorded = true;
      }
      if (needsApproval) {
        const approvalId = ports.newId();
        const reasons = guardContextOf(current, []).plan.approvalReasons;
        next = { ...next, pendingApprovalId: approvalId };
        timeline.push({ type: 'approval', at, approvalId, action: 'requested', reasons });
      }
      return { record: next, timeline };
    });
    if (record.pendingApprovalId && input.stage === 'PENDING_APPROVAL' && !(await store.getApproval(input.contractId, record.pendingApprovalId))) {
      await store.putApproval({ contractId: input.contractId, approvalId: record.pendingApprovalId, waitId: '', status: 'PENDING', reasons: guardContextOf(record, []).plan.approvalReasons, requestedAt: at });
    }
    if (recorded) {
      await publishDomainEvent(events, ContractStageChanged, {
        schemaVersion: '1', contractId: input.contractId, contractNumber: record.contract.contractNumber, customerId: record.contract.customerId,
        track, stage: input.stage, ...(from ? { from } : {}), at,
      });
    }
    if (input.taskToken) {
      if (isFinished(record)) {
        await workflow.fail(input.taskToken, CANCELLED_ERROR, `Contract is ${record.stage}`);
        return { recorded };
      }
      for (const old of await store.openWaits(input.contractId)) {
        if (old.stage === input.stage && old.taskToken !== input.taskToken) await store.closeWait(input.contractId, old.waitId, 'SUPERSEDED');
      }
      await store.putWait({ contractId: input.contractId, waitId: waitIdOf(input.taskToken), stage: input.stage, taskToken: input.taskToken, executionId: input.executionId, status: 'OPEN', createdAt: at });
      await resolveWaits(input.contractId);
    }
    return { recorded };
  }

  /** A wait timed out: one level up, tell the right people once, and hand back the next, shorter budget. */
  async function escalate(input: { contractId: string; stage: Stage }): Promise<LifecycleOutput> {
    const at = iso(clock.now());
    const current = await load(input.contractId);
    const onHold = current.overlays.some((o) => o.kind === 'ON_HOLD' && !o.closedAt);
    if (onHold) return lifecycleOutputOf({ ...current, escalation: { ...current.escalation, [input.stage]: Math.max(1, current.escalation[input.stage] ?? 0) } }, clock.now());
    // One escalation per timed-out wait: the wait is closed first, so a retried invocation (or a second
    // delivery) finds nothing open and only hands back the budget.
    const timedOut = (await store.openWaits(input.contractId)).filter((w) => w.stage === input.stage);
    let claimed = false;
    for (const wait of timedOut) if (await store.closeWait(input.contractId, wait.waitId, 'DEAD')) claimed = true;
    if (!claimed) return lifecycleOutputOf(current, clock.now());
    const level = (current.escalation[input.stage] ?? 0) + 1;
    // The desk raises the exception the timeout means (with its playbook tasks) and tells whom the
    // escalation tree names at this level, once per person and level (shared/use-cases/desk.ts).
    const { emailed } = await makeDesk(ports).escalateTimeout({ contractId: input.contractId, stage: input.stage, level });
    const record = await update(input.contractId, (r) => ({
      record: { ...r, escalation: { ...r.escalation, [input.stage]: level }, updatedAt: at },
      timeline: [{ type: 'escalated', at, stage: input.stage, level, notified: emailed }],
    }));
    await publishDomainEvent(events, ContractEscalated, { schemaVersion: '1', contractId: input.contractId, stage: input.stage, level, at });
    return lifecycleOutputOf(record, clock.now());
  }

  return { planFor, enterStage, resolveWaits, escalate, load, update };
}


export type Lifecycle = ReturnType<typeof makeLifecycle>;
