/**
 * Use cases behind the operations API: create, read, list, update, request a transition, decide an
 * approval. Each takes the authenticated actor; a customer sees only its own contracts.
 */
import { contractFromDraft, lifecycleFactsOf, validateContract, validateContractInput } from '../domain/contract';
import type { ContractRecord, Overlay, TimelineEntry } from '../domain/contract-record';
import { DomainError, conflict, forbidden, gone, notFound, unprocessable } from '../domain/errors';
import type { Evidence, EvidenceKind, Role } from '../domain/evidence';
import { EVIDENCE_KINDS, provenKinds } from '../domain/evidence';
import type { Stage } from '../domain/lifecycle';
import { SIDE_TRANSITIONS, STAGES, TRANSITIONS, canTransition, planMatches, transitionsFrom } from '../domain/lifecycle';
import { customerTimeline, customerView } from '../domain/customer-communication';
import { makeDesk } from './desk';
import { guardContextOf, isFinished, makeLifecycle, stageOnTrack } from './lifecycle';
import type { ListFilter, Page, Ports } from './ports';
import { publishDomainEvent } from '../events/domain/domain-event';
import { ContractCreated } from '../events/domain/contract-created';
import { ContractStageChanged } from '../events/domain/contract-stage-changed';

export interface Actor {
  userId: string;
  role: Role;
  email?: string;
  /** Set for customers: the only customer whose contracts they may see. */
  customerId?: string;
}

/** Fields that may change after the draft stage: the references partners correlate on, and contacts. */
const EDITABLE_AFTER_DRAFT = new Set(['references', 'contacts', 'version']);
/** Keys a patch may never carry. */
const IMMUTABLE_FIELDS = new Set(['id', '__proto__', 'constructor', 'prototype']);

export function makeContracts(ports: Ports) {
  const { store, workflow, events, clock } = ports;
  const lifecycle = makeLifecycle(ports);
  const nowIso = () => new Date(clock.now()).toISOString();

  function visibleTo(actor: Actor, record: ContractRecord): boolean {
    return actor.role !== 'customer' || (actor.customerId !== undefined && actor.customerId === record.contract.customerId);
  }

  async function readable(actor: Actor, contractId: string): Promise<ContractRecord> {
    const record = await store.get(contractId);
    // A customer asking for someone else's contract learns nothing, not even that it exists.
    if (!record || !visibleTo(actor, record)) throw notFound(`Contract ${contractId}`);
    return record;
  }

  async function create(actor: Actor, body: unknown): Promise<ContractRecord> {
    const result = validateContractInput(body);
    if (!result.ok) throw unprocessable('The contract is not valid.', result.issues);
    const contract = contractFromDraft(result.contract, ports.newId());
    const at = nowIso();
    const record: ContractRecord = {
      contract, stage: 'DRAFT', overlays: [], escalation: {}, flags: [], createdAt: at, updatedAt: at,
      stageEnteredAt: { main: at }, expected: {},
    };
    await store.create(record);
    await store.appendTimeline(contract.id, [{ type: 'stageEntered', at, track: 'main', stage: 'DRAFT' }]);
    const executionArn = await workflow.start(contract.id);
    // The execution is already running (and may have written): update with optimistic retries.
    await lifecycle.update(contract.id, (r) => ({ record: { ...r, executionArn }, timeline: [] }));
    await publishDomainEvent(events, ContractCreated, { schemaVersion: '1', contractId: contract.id, contractNumber: contract.contractNumber, customerId: contract.customerId, at });
    return (await store.get(contract.id))!;
  }

  async function get(actor: Actor, contractId: string) {
    const record = await readable(actor, contractId);
    if (actor.role === 'customer') return customerView(record);
    const waits = await store.openWaits(contractId);
    return { ...record, openWaits: waits.map((w) => ({ stage: w.stage, since: w.createdAt })), warnings: validateContract(record.contract).warnings };
  }

  async function list(actor: Actor, filter: ListFilter, limit: number, cursor?: string): Promise<Page<ContractRecord | ReturnType<typeof customerView>>> {
    if (actor.role !== 'customer') return store.list(filter, limit, cursor);
    if (filter.customerId && filter.customerId !== actor.customerId) return { items: [] };
    // A customer filters only by stage: owner and flag filters would reveal internal matters.
    const page = await store.list({ ...(filter.stage ? { stage: filter.stage } : {}), customerId: actor.customerId ?? '\u0000none' }, limit, cursor);
    return { ...page, items: page.items.map(customerView) };
  }

  /** JSON merge patch over the terms, with optimistic concurrency on `version`. */
  async function update(actor: Actor, contractId: string, patch: Record<string, unknown>, expectedVersion: number | undefined): Promise<ContractRecord> {
    const record = await readable(actor, contractId);
    if (expectedVersion === undefined) throw new DomainError(428, 'VersionRequired', 'Send the version you read (body.version or If-Match) so that concurrent edits are not lost.');
    if (expectedVersion !== record.contract.version) {
      throw conflict('StaleVersion', `The contract was changed by someone else: you sent version ${expectedVersion}, version ${record.contract.version} is current. Reload and try again.`);
    }
    if (isFinished(record)) throw conflict('ContractFinished', `The contract is ${record.stage}; it can no longer be changed.`);
    const changed = Object.keys(patch).filter((k) => k !== 'version');
    const immutable = changed.filter((k) => IMMUTABLE_FIELDS.has(k));
    if (immutable.length) {
      throw unprocessable('Some fields cannot be changed.', immutable.map((path) => ({ path, rule: 'contract.immutable-field', message: path === 'id' ? 'A contract keeps its id.' : `${path} is not a contract field.` })));
    }
    if (changed.length === 0) return record; // nothing to change: no new version
    if (record.stage !== 'DRAFT') {
      const locked = changed.filter((k) => !EDITABLE_AFTER_DRAFT.has(k));
      if (locked.length) throw conflict('TermsLocked', `After the draft stage only references and contacts can change; refused: ${locked.join(', ')}.`, locked.map((path) => ({ path, rule: 'contract.terms-locked-after-draft', message: `${path} cannot change in ${record.stage}.` })));
    }
    const merged = mergePatch(record.contract, { ...patch, id: record.contract.id, version: record.contract.version + 1 });
    const result = validateContract(merged);
    if (!result.ok) throw unprocessable('The updated contract is not valid.', result.issues);
    const at = nowIso();
    const next: ContractRecord = { ...record, contract: result.contract, updatedAt: at };
    await store.put(next, expectedVersion, [{ type: 'contractUpdated', at, by: actor.userId, version: result.contract.version, fields: changed }]);
    // New references may correlate evidence that was waiting; a change of terms may change the plan.
    await lifecycle.resolveWaits(contractId);
    return (await store.get(contractId))!;
  }

  function trackTransition(record: ContractRecord, to: Stage) {
    for (const t of TRANSITIONS.filter((x) => x.to === to)) {
      if (stageOnTrack(record, STAGES[t.from].track) === t.from) return t;
    }
    return undefined;
  }

  /**
   * A person asks to move the contract. Their role may assert the evidence the guard needs (operations
   * confirm loading, finance confirm payment); the transition happens only if every guard then holds.
   */
  async function requestTransition(actor: Actor, contractId: string, body: { to: Stage; reason?: string; note?: string; amount?: { currency: string; value: string }; occurredAt?: string }) {
    const record = await readable(actor, contractId);
    if (actor.role === 'customer') throw forbidden('Customers cannot change a contract.');
    if (isFinished(record)) throw conflict('ContractFinished', `The contract is ${record.stage}.`, [{ code: 'finished', message: `The contract is ${record.stage}.` }]);
    const at = nowIso();
    if (body.to in SIDE_TRANSITIONS) return sideTransition(actor, record, body.to as keyof typeof SIDE_TRANSITIONS, body.reason, at);

    if (body.occurredAt && Date.parse(body.occurredAt) > clock.now() + 86_400_000) {
      throw unprocessable('The evidence is dated in the future.', [{ path: 'occurredAt', rule: 'evidence.not-future', message: `${body.occurredAt} is more than a day ahead of now; a fact can only be confirmed once it happened.` }]);
    }
    const plan = guardContextOf(record, []).plan;
    const transition = trackTransition(record, body.to);
    if (!transition || !planMatches(plan, transition.when)) {
      const from = transition?.from;
      const possible = from ? transitionsFrom(from, plan).map((t) => t.to) : [];
      const unmet = [{
        code: 'noSuchTransition',
        message: from
          ? `Under this contract's terms ${from} does not lead to ${body.to}; possible: ${possible.join(', ') || 'none'}.`
          : `No stage of this contract can move to ${body.to} now (main: ${record.stage}, payment: ${record.paymentStage ?? '—'}, logistics: ${record.logisticsStage ?? '—'}).`,
      }];
      throw conflict('TransitionNotAllowed', `The contract cannot move to ${body.to}.`, unmet);
    }
    if (!transition.roles.includes(actor.role)) throw forbidden(`Role ${actor.role} may not move a contract from ${transition.from} to ${body.to}; allowed: ${transition.roles.join(', ')}.`);
    const evidence = await store.evidence(contractId);
    const proven = provenKinds(evidence);
    // Evidence this actor may assert by hand for this transition.
    const asserted: Evidence[] = [];
    for (const guard of transition.guards) {
      if (guard.kind !== 'evidence' || guard.anyOf.some((k) => proven.has(k))) continue;
      const kind = guard.anyOf.find((k) => (EVIDENCE_KINDS[k].manualRoles as readonly Role[]).includes(actor.role));
      if (kind) asserted.push(manualEvidence(kind, actor, at, body));
    }
    if (transition.guards.some((g) => g.kind === 'securityInPlace' || g.kind === 'paidInFull') && body.amount && actor.role === 'finance') {
      const kind: EvidenceKind = transition.to === 'PAYMENT_OUTSTANDING' && guardContextOf(record, evidence).plan.securityKind === 'LC' ? 'lcIssued' : transition.to === 'PAYMENT_OUTSTANDING' ? 'depositReceived' : 'paymentReceived';
      asserted.push(manualEvidence(kind, actor, at, body));
    }
    const check = canTransition(guardContextOf(record, [...evidence, ...asserted]), transition.from, body.to);
    if (!check.allowed) {
      await store.appendTimeline(contractId, [{ type: 'transitionRefused', at, to: body.to, by: actor.userId, unmet: check.unmet }]);
      throw conflict('ConditionsUnmet', `The contract cannot move from ${transition.from} to ${body.to} yet.`, check.unmet);
    }
    for (const e of asserted) await store.recordEvidence(contractId, e, `MANUAL#${e.evidenceId}`);
    const resumed = await lifecycle.resolveWaits(contractId);
    return { accepted: true, from: transition.from, to: body.to, resumed: resumed.includes(transition.from) };
  }

  function manualEvidence(kind: EvidenceKind, actor: Actor, at: string, body: { note?: string; amount?: { currency: string; value: string }; occurredAt?: string }): Evidence {
    const evidenceId = ports.newId();
    return {
      evidenceId, kind, classifier: 'MANUAL', occurredAt: body.occurredAt ?? at, recordedAt: at,
      source: { publisher: `user:${actor.userId}`, eventId: evidenceId, format: 'manual' },
      ...(body.amount ? { amount: body.amount } : {}),
      details: { role: actor.role, ...(body.note ? { note: body.note } : {}) },
    };
  }

  async function sideTransition(actor: Actor, record: ContractRecord, to: keyof typeof SIDE_TRANSITIONS, reason: string | undefined, at: string) {
    const rule = SIDE_TRANSITIONS[to];
    if (!rule.roles.includes(actor.role)) throw forbidden(`Role ${actor.role} may not move a contract to ${to}; allowed: ${rule.roles.join(', ')}.`);
    if (rule.reasonRequired && !reason?.trim()) throw unprocessable('A reason is required.', [{ path: 'reason', rule: 'transition.reason-required', message: `Say why the contract goes to ${to}.` }]);
    const contractId = record.contract.id;
    if (to === 'CANCELLED') {
      await lifecycle.update(contractId, (r) => ({ record: { ...r, stage: 'CANCELLED', updatedAt: at }, timeline: [{ type: 'cancelled', at, by: actor.userId, reason: reason! }, { type: 'stageEntered', at, track: 'main', stage: 'CANCELLED', from: r.stage }] }));
      await lifecycle.resolveWaits(contractId); // fails every open wait with Tradeflow.Cancelled
      await publishDomainEvent(events, ContractStageChanged, { schemaVersion: '1', contractId, contractNumber: record.contract.contractNumber, customerId: record.contract.customerId, track: 'main', stage: 'CANCELLED', from: record.stage, at });
      return { accepted: true, to };
    }
    const kind = to as Overlay['kind'];
    if (record.overlays.some((o) => o.kind === kind && !o.closedAt)) throw conflict('AlreadyOpen', `The contract is already ${STAGES[kind].label.toLowerCase()}.`);
    await lifecycle.update(contractId, (r) => ({
      record: { ...r, overlays: [...r.overlays, { kind, openedAt: at, openedBy: actor.userId, reason: reason! }], updatedAt: at },
      timeline: [{ type: 'overlay', at, overlay: kind, action: 'opened', by: actor.userId, reason: reason! }],
    }));
    return { accepted: true, to };
  }

  /** Closes an open hold or dispute; a dispute's resolution may let the contract close. */
  async function closeOverlay(actor: Actor, contractId: string, kind: Overlay['kind'], reason: string | undefined) {
    const record = await readable(actor, contractId);
    if (!SIDE_TRANSITIONS[kind].roles.includes(actor.role)) throw forbidden(`Role ${actor.role} may not release ${kind}.`);
    if (!record.overlays.some((o) => o.kind === kind && !o.closedAt)) throw conflict('NotOpen', `The contract is not ${STAGES[kind].label.toLowerCase()}.`);
    const at = nowIso();
    await lifecycle.update(contractId, (r) => ({
      record: { ...r, overlays: r.overlays.map((o) => (o.kind === kind && !o.closedAt ? { ...o, closedAt: at } : o)), updatedAt: at },
      timeline: [{ type: 'overlay', at, overlay: kind, action: 'closed', by: actor.userId, reason: reason ?? 'released' }],
    }));
    await lifecycle.resolveWaits(contractId);
    return { accepted: true };
  }

  /**
   * Approve or reject. The approval is addressed by an opaque id (never the task token); a second or late
   * decision is a 409/410, a forged id a 404.
   */
  async function decideApproval(actor: Actor, contractId: string, approvalId: string, body: { decision: 'approve' | 'reject'; comment?: string }) {
    const record = await readable(actor, contractId);
    const approval = await store.getApproval(contractId, approvalId);
    if (!approval) throw notFound(`Approval ${approvalId}`);
    if (approval.status === 'APPROVED' || approval.status === 'REJECTED') throw conflict('AlreadyDecided', `This approval was already ${approval.status.toLowerCase()} by ${approval.decidedBy} at ${approval.decidedAt}.`);
    if (approval.status === 'SUPERSEDED' || record.pendingApprovalId !== approvalId || record.stage !== 'PENDING_APPROVAL') throw gone('This approval request is no longer current: the contract has moved on.');
    if (actor.userId === record.contract.owner.userId) throw forbidden('The owner of a contract cannot approve it (four-eyes rule).');
    if (body.decision === 'reject' && !body.comment?.trim()) throw unprocessable('A rejection needs a comment.', [{ path: 'comment', rule: 'approval.reject-comment-required', message: 'Say what must change before the contract can be approved.' }]);
    const at = nowIso();
    const status = body.decision === 'approve' ? 'APPROVED' : 'REJECTED';
    if (!(await store.decideApproval({ ...approval, status, decidedAt: at, decidedBy: actor.userId, ...(body.comment ? { comment: body.comment } : {}) }))) {
      throw conflict('AlreadyDecided', 'Someone decided this approval a moment ago.');
    }
    const kind: EvidenceKind = status === 'APPROVED' ? 'approved' : 'rejected';
    const evidence = manualEvidence(kind, actor, at, { ...(body.comment ? { note: body.comment } : {}) });
    await store.recordEvidence(contractId, evidence, `APPROVAL#${approvalId}`);
    const timeline: TimelineEntry[] = [{ type: 'approval', at, approvalId, action: status === 'APPROVED' ? 'approved' : 'rejected', by: actor.userId, ...(body.comment ? { comment: body.comment } : {}) }];
    await lifecycle.update(contractId, (r) => {
      const { pendingApprovalId: _drop, ...rest } = r;
      return { record: { ...rest, updatedAt: at }, timeline };
    });
    await lifecycle.resolveWaits(contractId);
    return { decision: status };
  }

  async function timeline(actor: Actor, contractId: string): Promise<TimelineEntry[]> {
    const record = await readable(actor, contractId);
    const entries = await store.timeline(contractId);
    if (actor.role !== 'customer') return entries;
    return customerTimeline(entries, record.contract, (await makeDesk(ports).policies())['customer-communication']);
  }

  return { create, get, list, update, requestTransition, closeOverlay, decideApproval, timeline, lifecycleFactsOf };
}

/** RFC 7396 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue; // never let a body touch prototypes
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}

export type Contracts = ReturnType<typeof makeContracts>;
