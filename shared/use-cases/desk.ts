/**
 * The desk: exceptions raised on contracts (from timed-out waits, anomaly flags or people), the playbook
 * tasks they create and who has them, escalation and de-escalation by the decision tree, reminders by the
 * reminder matrix, and the policies themselves (read, changed with a version and an audit trail).
 *
 * Exceptions, tasks and the portal feed live on the contract record (`record.desk`), written with
 * optimistic concurrency; each person's open tasks and recent assignments live in a small document
 * (`PERSON#<personId>`) so listing a person's tasks and weighing their workload needs no scan.
 * E-mails claim a once-key first. Callers without a mailer (the API function) queue e-mails in the
 * contract's outbox; the hourly run and the next mailer-equipped caller send them.
 */
import { DateTime } from 'luxon';
import { endOfCalendarDayAnywhere } from '../domain/calendar-date';
import { lifecycleFactsOf } from '../domain/contract';
import type { ContractRecord, TimelineEntry } from '../domain/contract-record';
import { customerHears, messageLanguage, transparencyOf, type Notice } from '../domain/customer-communication';
import { conflict, forbidden, notFound, unprocessable } from '../domain/errors';
import type { EvidenceKind } from '../domain/evidence';
import { isActual } from '../domain/evidence';
import type { Stage } from '../domain/lifecycle';
import { STAGES } from '../domain/lifecycle';
import { openDeadlines } from '../domain/reminders';
import { absentPeople, assignTask, type Assignee, type AssignmentContext, type Workload } from '../domain/policies/assignment';
import { FEED_CAP, emptyDesk, type DeskState, type DeskTask, type ExceptionCase, type FeedItem, type Notified } from '../domain/policies/desk-model';
import { escalationFor, levelByTimeWithoutAction, type Audience, type Channel } from '../domain/policies/escalation-tree';
import { classForTimeout, exceptionClass, severityOf, type ExceptionClassId, type Severity } from '../domain/policies/exception-classes';
import { contractImportance, type Importance } from '../domain/policies/importance';
import { renderMessage, type RenderedMessage, type TemplateVars } from '../domain/policies/message-template';
import { notificationFor, templateFor, type DeskEvent } from '../domain/policies/notification-matrix';
import { isWorkingTime, personByEmail, teamLeadOf, type ContactPoint } from '../domain/policies/people';
import { playbookFor, taskType } from '../domain/policies/playbooks';
import { DEFAULT_POLICIES, POLICIES, POLICY_NAMES, changedPaths, isPolicyName, type PolicyName, type PolicySet } from '../domain/policies/policy-set';
import { dueStepFor, reminderCell, reminderSteps } from '../domain/policies/reminder-matrix';
import type { Actor } from './contracts';
import type { OutgoingEmail, Ports } from './ports';

const DAY = 86_400_000;

const sourceKey = (s: ExceptionCase['source']) => (s.kind === 'timeout' ? `timeout#${s.stage}` : s.kind === 'flag' ? `flag#${s.flag}` : `manual#${s.by}`);
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A message for one person on one channel, rendered from one template. */
export interface Delivery {
  /** Once-key: the same message never goes twice. */
  key: string;
  to: string;
  audience: Audience;
  email: boolean;
  urgency: string;
  template: string;
  message: RenderedMessage;
}

interface PolicyDocument {
  name: PolicyName;
  version: number;
  policy: unknown;
  updatedAt: string;
  updatedBy: string;
  reason?: string;
  history: Array<{ version: number; at: string; by: string; reason?: string; changes: string[] }>;
}

interface PersonDocument {
  open: Array<{ contractId: string; taskId: string }>;
  /** When tasks were assigned (fairness window); pruned beyond it. */
  assigned: string[];
}

/** Outbox entries wait on the contract until a caller with a mailer sends them. */
type Outbox = Array<{ key: string; email: OutgoingEmail; template: string; audience: Audience }>;
type DeskRecord = ContractRecord & { desk?: DeskState & { outbox?: Outbox } };

export interface DeskOptions {
  /** `outbox`: queue e-mails on the contract (for callers without a mailer, such as the API). */
  mail?: 'send' | 'outbox';
}

export function makeDesk(ports: Ports, options: DeskOptions = {}) {
  const { store, clock } = ports;
  const mailMode = options.mail ?? 'send';
  let policyCache: PolicySet | undefined;

  // ---------------------------------------------------------------------------------------------------
  // Policies

  async function policies(): Promise<PolicySet> {
    if (policyCache) return policyCache;
    const set: Record<string, unknown> = { ...DEFAULT_POLICIES };
    const index = (await store.getDocument('POLICY#index'))?.body as { versions?: Record<string, number> } | undefined;
    for (const [name, version] of Object.entries(index?.versions ?? {})) {
      if (!isPolicyName(name) || !(version > 0)) continue;
      const doc = (await store.getDocument(`POLICY#${name}`))?.body as PolicyDocument | undefined;
      const parsed = doc ? POLICIES[name].schema.safeParse(doc.policy) : undefined;
      if (parsed?.success) set[name] = parsed.data;
    }
    policyCache = set as unknown as PolicySet;
    return policyCache;
  }

  async function getPolicy(name: string, version?: number) {
    if (!isPolicyName(name)) throw notFound(`Policy ${name}`);
    const stored = (await store.getDocument(`POLICY#${name}`))?.body as PolicyDocument | undefined;
    const current = { name, title: POLICIES[name].title, version: stored?.version ?? 0, source: stored ? 'changed' : 'defaults', updatedAt: stored?.updatedAt, updatedBy: stored?.updatedBy, history: stored?.history ?? [] };
    if (version === undefined || version === current.version) return { ...current, policy: stored?.policy ?? POLICIES[name].defaults };
    if (version === 0) return { ...current, version: 0, source: 'defaults', policy: POLICIES[name].defaults };
    const snapshot = (await store.getDocument(`POLICY#${name}#v${version}`))?.body as { policy: unknown } | undefined;
    if (!snapshot) throw notFound(`Version ${version} of policy ${name}`);
    return { ...current, version, source: 'history', policy: snapshot.policy };
  }

  async function listPolicies() {
    return Promise.all(
      POLICY_NAMES.map(async (name) => {
        const p = await getPolicy(name);
        return { name, title: p.title, version: p.version, source: p.source, updatedAt: p.updatedAt, updatedBy: p.updatedBy, doc: POLICIES[name].doc };
      }),
    );
  }

  /**
   * A manager changes a policy: validated against its schema, written as the next version only if
   * `version` is the one they read, the previous body kept, and who/when/what/why recorded.
   */
  async function changePolicy(actor: Actor, name: string, body: { version: number; policy: unknown; reason: string }) {
    if (actor.role !== 'manager') throw forbidden('Only managers change desk policies.');
    if (!isPolicyName(name)) throw notFound(`Policy ${name}`);
    const parsed = POLICIES[name].schema.safeParse(body.policy);
    if (!parsed.success) {
      throw unprocessable(`The ${name} policy is not valid.`, parsed.error.issues.map((i) => ({ path: ['policy', ...i.path.map(String)].join('.'), rule: `policy.${i.code}`, message: i.message })));
    }
    const stored = await store.getDocument(`POLICY#${name}`);
    const doc = stored?.body as PolicyDocument | undefined;
    const currentVersion = doc?.version ?? 0;
    if (body.version !== currentVersion) throw conflict('StaleVersion', `Policy ${name} is at version ${currentVersion}; you sent ${body.version}. Reload and try again.`);
    const before = doc?.policy ?? POLICIES[name].defaults;
    const changes = changedPaths(before, parsed.data);
    if (changes.length === 0) throw unprocessable('Nothing changed.', [{ path: 'policy', rule: 'policy.unchanged', message: 'The policy equals the current version.' }]);
    const at = iso(clock.now());
    const version = currentVersion + 1;
    const entry = { version, at, by: actor.userId, reason: body.reason, changes };
    const next: PolicyDocument = { name, version, policy: parsed.data, updatedAt: at, updatedBy: actor.userId, reason: body.reason, history: [...(doc?.history ?? []), entry] };
    if (!(await store.putDocument(`POLICY#${name}#v${version}`, { policy: parsed.data, at, by: actor.userId, reason: body.reason }, 0))) {
      throw conflict('StaleVersion', `Someone changed policy ${name} a moment ago. Reload and try again.`);
    }
    if (!(await store.putDocument(`POLICY#${name}`, next, stored?.version ?? 0))) throw conflict('StaleVersion', `Someone changed policy ${name} a moment ago. Reload and try again.`);
    await updateDocument<{ versions: Record<string, number> }>('POLICY#index', (d) => ({ versions: { ...(d?.versions ?? {}), [name]: version } }));
    policyCache = undefined;
    return { name, version, updatedAt: at, updatedBy: actor.userId, changes };
  }

  async function updateDocument<T>(key: string, change: (current: T | undefined) => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const stored = await store.getDocument(key);
      const next = change(stored?.body as T | undefined);
      if (await store.putDocument(key, next, stored?.version ?? 0)) return next;
      if (attempt >= 6) throw conflict('StaleVersion', `Could not update ${key}: too many concurrent writers.`);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Contract record updates (optimistic, retried)

  async function load(contractId: string): Promise<DeskRecord> {
    const record = await store.get(contractId);
    if (!record) throw notFound(`Contract ${contractId}`);
    return record as DeskRecord;
  }

  async function updateRecord(contractId: string, change: (r: DeskRecord, desk: DeskState & { outbox?: Outbox }) => TimelineEntry[] | undefined): Promise<DeskRecord> {
    for (let attempt = 0; ; attempt++) {
      const current = await load(contractId);
      const desk = structuredClone(current.desk ?? emptyDesk()) as DeskState & { outbox?: Outbox };
      const timeline = change(current, desk);
      if (!timeline) return current;
      desk.feed = desk.feed.slice(-FEED_CAP);
      const version = current.contract.version;
      const next: DeskRecord = { ...current, desk, updatedAt: iso(clock.now()), contract: { ...current.contract, version: version + 1 } };
      try {
        await store.put(next, version, timeline);
        return next;
      } catch (error) {
        if (attempt < 6 && (error as { code?: string }).code === 'StaleVersion') continue;
        throw error;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Context: importance, severity inputs, recipients

  function contextOf(record: ContractRecord, set: PolicySet, now: number) {
    const c = record.contract;
    const facts = lifecycleFactsOf(c);
    const importance = contractImportance(c, set.importance);
    const daysTo = (date?: string) => (date ? Math.floor((endOfCalendarDayAnywhere(date) - now) / DAY) : undefined);
    return { facts, importance: importance.importance as Importance, daysToLatestShipment: daysTo(facts.latestShipmentDate), daysToPresentation: daysTo(facts.latestPresentationDate) };
  }

  function assignmentContextOf(record: ContractRecord): AssignmentContext {
    const c = record.contract;
    return {
      language: c.contacts.find((x) => x.role !== 'sales')?.language ?? c.contacts[0]?.language ?? 'en',
      market: c.buyer.country,
      products: [...new Set(c.lines.map((l) => l.hsCode.slice(0, 2)))],
      team: c.team,
    };
  }

  function baseVars(record: ContractRecord): Record<string, string> {
    const c = record.contract;
    return { contractNumber: c.contractNumber, buyer: c.buyer.legalName, seller: c.seller.legalName, ownerName: c.owner.name, ownerEmail: c.owner.email };
  }

  /** Internal people behind an audience (customers are handled apart: they get customer notices only). */
  function internalRecipients(audience: Exclude<Audience, 'customer'>, record: DeskRecord, set: PolicySet, exceptionId?: string): Array<{ email: string; name: string }> {
    const c = record.contract;
    const dir = set['people-directory'];
    const pick = (p: ContactPoint) => [{ email: p.email, name: p.name }];
    switch (audience) {
      case 'owner':
        return [{ email: c.owner.email, name: c.owner.name }];
      case 'teamLead':
        return pick(teamLeadOf(c.team, dir));
      case 'finance':
        return pick(dir.finance);
      case 'management':
        return pick(dir.management);
      case 'assignees': {
        const open = (record.desk?.tasks ?? []).filter((t) => t.status === 'OPEN' && (exceptionId === undefined || t.exceptionId === exceptionId));
        const seen = new Map<string, { email: string; name: string }>();
        for (const t of open) seen.set(t.assignee.email, { email: t.assignee.email, name: t.assignee.name });
        return [...seen.values()];
      }
    }
  }

  const ROLE_NAMES: Record<Audience, string> = { owner: 'owner', assignees: 'task assignee', teamLead: 'team lead', finance: 'finance desk', management: 'management', customer: 'customer' };

  /** Deliveries of an internal message to the audiences the tree (or the matrix) chose. */
  function internalDeliveries(
    record: DeskRecord,
    set: PolicySet,
    targets: Array<{ audience: Audience; channel: Channel }>,
    event: DeskEvent,
    templateId: string,
    vars: TemplateVars,
    keyOf: (email: string) => string,
    severity?: Severity,
    exceptionId?: string,
  ): Delivery[] {
    const out: Delivery[] = [];
    const seen = new Set<string>();
    for (const target of targets) {
      if (target.audience === 'customer') continue;
      const matrix = notificationFor(event, target.audience, severity, set['notification-matrix']);
      for (const person of internalRecipients(target.audience, record, set, exceptionId)) {
        if (seen.has(person.email)) continue;
        seen.add(person.email);
        const message = renderMessage(templateFor(templateId, 'en', set['notification-matrix']), { ...baseVars(record), role: ROLE_NAMES[target.audience], ...vars });
        out.push({ key: keyOf(person.email), to: person.email, audience: target.audience, email: target.channel === 'email' || matrix.email, urgency: matrix.urgency, template: templateId, message });
      }
    }
    return out;
  }

  /** Customer notices (delay, force majeure, payment reminder), in each contact's language, if the customer's level includes them. */
  function customerDeliveries(record: DeskRecord, set: PolicySet, notice: Notice, templateId: string, vars: TemplateVars, keyOf: (email: string) => string): Delivery[] {
    const plan = set['customer-communication'];
    if (!customerHears(transparencyOf(record.contract, plan), notice, plan)) return [];
    return record.contract.contacts.map((contact) => {
      const language = messageLanguage(contact.language);
      const message = renderMessage(templateFor(templateId, language, set['notification-matrix']), { contractNumber: record.contract.contractNumber, buyer: record.contract.buyer.legalName, seller: record.contract.seller.legalName, ...vars });
      return { key: keyOf(contact.email), to: contact.email, audience: 'customer' as const, email: true, urgency: 'normal', template: `${templateId}.${language}`, message };
    });
  }

  /**
   * Sends (or queues) the e-mails once each and appends the portal items to the contract's feed. Returns
   * the addresses e-mailed.
   */
  async function deliver(contractId: string, deliveries: Delivery[]): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const at = iso(clock.now());
    const emailed: string[] = [];
    const sentNow: TimelineEntry[] = [];
    const queued: Outbox = [];
    const feed: FeedItem[] = [];
    for (const d of deliveries) {
      // One claim per message and person covers every channel: a rerun adds no feed item and sends no e-mail.
      if (!(await store.claimOnce(d.key, 400))) continue;
      if (d.audience !== 'customer') feed.push({ at, to: d.to, audience: d.audience, urgency: d.urgency, title: d.message.portal.title, body: d.message.portal.body, template: d.template });
      if (!d.email) continue;
      const email: OutgoingEmail = { to: d.to, subject: d.message.subject, text: d.message.text, html: d.message.html };
      emailed.push(d.to);
      if (mailMode === 'outbox') {
        queued.push({ key: d.key, email, template: d.template, audience: d.audience });
        continue;
      }
      await ports.mailer.send(email);
      // Customers see emailSent entries on their timeline: only their own e-mails go there. Internal
      // messages are on the exception (who was told) and in the feed.
      if (d.audience === 'customer') sentNow.push({ type: 'emailSent', at, to: d.to, subject: d.message.subject, template: d.template });
    }
    if (feed.length || queued.length || sentNow.length) {
      await updateRecord(contractId, (_r, desk) => {
        desk.feed.push(...feed);
        if (queued.length) desk.outbox = [...(desk.outbox ?? []), ...queued];
        return sentNow;
      });
    }
    return emailed;
  }

  /** Sends what the API queued. */
  async function drainOutbox(contractId: string): Promise<number> {
    if (mailMode === 'outbox') return 0;
    const record = await load(contractId);
    const outbox = record.desk?.outbox ?? [];
    if (outbox.length === 0) return 0;
    const at = iso(clock.now());
    const sent: TimelineEntry[] = [];
    for (const item of outbox) {
      if (!(await store.claimOnce(`SEND#${item.key}`, 400))) continue;
      await ports.mailer.send(item.email);
      if (item.audience === 'customer') sent.push({ type: 'emailSent', at, to: item.email.to, subject: item.email.subject, template: item.template });
    }
    const keys = new Set(outbox.map((o) => o.key));
    await updateRecord(contractId, (_r, desk) => {
      desk.outbox = (desk.outbox ?? []).filter((o) => !keys.has(o.key));
      return sent;
    });
    return outbox.length;
  }

  // ---------------------------------------------------------------------------------------------------
  // People: workload, task index

  async function workloadOf(set: PolicySet, now: number): Promise<Record<string, { open: number; recent: number }>> {
    const windowStart = now - set['task-assignment'].fairnessWindowDays * DAY;
    const out: Record<string, { open: number; recent: number }> = {};
    for (const person of set['people-directory'].people) {
      const doc = (await store.getDocument(`PERSON#${person.personId}`))?.body as PersonDocument | undefined;
      out[person.personId] = { open: doc?.open.length ?? 0, recent: (doc?.assigned ?? []).filter((a) => Date.parse(a) >= windowStart).length };
    }
    return out;
  }

  async function indexTask(personId: string, contractId: string, taskId: string, at: string, windowDays: number) {
    const windowStart = Date.parse(at) - windowDays * DAY;
    await updateDocument<PersonDocument>(`PERSON#${personId}`, (d) => ({
      open: [...(d?.open ?? []).filter((o) => !(o.contractId === contractId && o.taskId === taskId)), { contractId, taskId }],
      assigned: [...(d?.assigned ?? []).filter((a) => Date.parse(a) >= windowStart), at],
    }));
  }

  async function unindexTask(personId: string, contractId: string, taskId: string) {
    await updateDocument<PersonDocument>(`PERSON#${personId}`, (d) => ({ open: (d?.open ?? []).filter((o) => !(o.contractId === contractId && o.taskId === taskId)), assigned: d?.assigned ?? [] }));
  }

  /** Creates the playbook's tasks for an exception, each assigned with its explanation. Pure planning; the caller persists. */
  async function planTasks(record: ContractRecord, set: PolicySet, cls: ExceptionClassId, exceptionId: string, now: number): Promise<DeskTask[]> {
    const load = await workloadOf(set, now);
    const working: Record<string, { open: number; recent: number }> = { ...load };
    const ctx = assignmentContextOf(record);
    const at = iso(now);
    return playbookFor(cls, set.playbooks).map((step) => {
      const decision = assignTask(taskType(step.taskType, set.playbooks), ctx, set['people-directory'], working as Workload, now, { policy: set['task-assignment'] });
      const w = working[decision.assignee.personId] ?? { open: 0, recent: 0 };
      working[decision.assignee.personId] = { open: w.open + 1, recent: w.recent + 1 };
      return {
        taskId: ports.newId(), type: step.taskType, title: step.title, exceptionId, status: 'OPEN' as const, createdAt: at, dueAt: iso(now + step.dueInHours * HOUR),
        assignee: decision.assignee, assignments: [{ at, assignee: decision.assignee, explanation: decision.explanation }],
      };
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // Exceptions

  interface RaiseInput {
    exceptionClass: ExceptionClassId;
    source: ExceptionCase['source'];
    message: string;
    fields?: string[];
  }

  /**
   * Raises an exception on a contract (once per class and source while it is open): severity by the
   * class's rules, playbook tasks created and assigned. Returns the case and the new tasks (none when it
   * was already open).
   */
  async function openException(contractId: string, input: RaiseInput): Promise<{ exception: ExceptionCase; tasks: DeskTask[]; created: boolean; record: DeskRecord }> {
    const set = await policies();
    const now = clock.now();
    const at = iso(now);
    const before = await load(contractId);
    // Compared field by field: DynamoDB hands maps back in any key order.
    const sameSource = (e: ExceptionCase) => e.status !== 'RESOLVED' && e.exceptionClass === input.exceptionClass && sourceKey(e.source) === sourceKey(input.source);
    const existing = before.desk?.exceptions.find(sameSource);
    if (existing) return { exception: existing, tasks: [], created: false, record: before };
    const ctx = contextOf(before, set, now);
    const { severity, reasons } = severityOf(input.exceptionClass, { importance: ctx.importance, paymentMethod: ctx.facts.paymentMethod, daysOpen: 0, ...(ctx.daysToLatestShipment !== undefined ? { daysToLatestShipment: ctx.daysToLatestShipment } : {}), ...(ctx.daysToPresentation !== undefined ? { daysToPresentation: ctx.daysToPresentation } : {}), ...(input.fields ? { fields: input.fields } : {}) }, set['exception-classes']);
    const exceptionId = ports.newId();
    const tasks = await planTasks(before, set, input.exceptionClass, exceptionId, now);
    const exception: ExceptionCase = { exceptionId, exceptionClass: input.exceptionClass, severity, severityReasons: reasons, status: 'OPEN', message: input.message, source: input.source, raisedAt: at, level: 1, lastActionAt: at, notified: [] };
    let created = true;
    const record = await updateRecord(contractId, (_r, desk) => {
      const again = desk.exceptions.find(sameSource);
      if (again) {
        created = false;
        return undefined;
      }
      desk.exceptions.push(exception);
      desk.tasks.push(...tasks);
      return [{ type: 'exception', at, exceptionClass: input.exceptionClass, severity, message: input.message, details: { exceptionId, action: 'raised', source: input.source, severityReasons: reasons, tasks: tasks.map((t) => ({ taskId: t.taskId, type: t.type, assignee: t.assignee.email, why: t.assignments[0]!.explanation[0] })) } }];
    });
    if (!created) {
      const winner = record.desk!.exceptions.find(sameSource)!;
      return { exception: winner, tasks: [], created: false, record };
    }
    for (const t of tasks) await indexTask(t.assignee.personId, contractId, t.taskId, at, set['task-assignment'].fairnessWindowDays);
    // Tell each assignee about their task, by the notification matrix.
    const deliveries: Delivery[] = [];
    for (const t of tasks) {
      const how = notificationFor('task.assigned', 'assignees', severity, set['notification-matrix']);
      if (!how.portal && !how.email) continue;
      const message = renderMessage(templateFor('task.assigned', 'en', set['notification-matrix']), { ...baseVars(record), taskTitle: t.title, taskLabel: taskType(t.type, set.playbooks).label, due: formatDue(t.dueAt, t.assignee.email, set), why: t.assignments[0]!.explanation[0], exceptionLabel: exceptionClass(input.exceptionClass, set['exception-classes']).label });
      deliveries.push({ key: `TASK#${contractId}#${t.taskId}#assigned#${t.assignee.email}`, to: t.assignee.email, audience: 'assignees', email: how.email, urgency: how.urgency, template: 'task.assigned', message });
    }
    await deliver(contractId, deliveries);
    return { exception, tasks, created: true, record: await load(contractId) };
  }

  /** The due instant in the assignee's own time zone, as they would read it. */
  function formatDue(dueAt: string, email: string, set: PolicySet): string {
    const person = personByEmail(email, set['people-directory']);
    const zone = person?.timeZone ?? 'UTC';
    return `${DateTime.fromISO(dueAt, { zone }).toFormat('yyyy-LL-dd HH:mm')} ${zone}`;
  }

  /** Notifies the tree's audiences for an exception at its level; records who was told. */
  async function notifyLevel(contractId: string, exceptionId: string, level: number, wording: { templateId: 'escalation' | 'exception.escalated' | 'exception.raised'; vars: TemplateVars; keyPrefix: string }, set: PolicySet): Promise<string[]> {
    const record = await load(contractId);
    const exception = record.desk?.exceptions.find((e) => e.exceptionId === exceptionId);
    if (!exception) return [];
    const now = clock.now();
    const importance = contextOf(record, set, now).importance;
    const targets = escalationFor({ exceptionClass: exception.exceptionClass, severity: exception.severity, importance, level, hoursWithoutAction: (now - Date.parse(exception.lastActionAt)) / HOUR }, set['escalation-tree']);
    const cls = exceptionClass(exception.exceptionClass, set['exception-classes']);
    const openTasks = (record.desk?.tasks ?? []).filter((t) => t.status === 'OPEN' && t.exceptionId === exceptionId).map((t) => `${t.title} (${t.assignee.name})`).join('; ');
    const vars = { level, exceptionLabel: cls.label, severity: exception.severity, message: exception.message, ...(openTasks ? { openTasks } : {}), ...wording.vars };
    const event: DeskEvent = wording.templateId === 'exception.raised' ? 'exception.raised' : 'escalation';
    const deliveries = internalDeliveries(record, set, targets, event, wording.templateId, vars, (email) => `${wording.keyPrefix}#${email}`, exception.severity, exceptionId);
    if (targets.some((t) => t.audience === 'customer')) {
      const notice: Notice = exception.exceptionClass === 'force-majeure' ? 'force-majeure' : 'delay';
      const templateId = notice === 'force-majeure' ? 'customer.force-majeure' : 'customer.delay-notice';
      const facts = lifecycleFactsOf(record.contract);
      deliveries.push(...customerDeliveries(record, set, notice, templateId, { message: exception.message, ...(facts.latestShipmentDate ? { latestShipmentDate: facts.latestShipmentDate } : {}), ...(record.expected.ETA ? { eta: record.expected.ETA.at.slice(0, 10) } : {}) }, (email) => `CUSTOMER-NOTICE#${contractId}#${exceptionId}#${notice}#${email}`));
    }
    const emailed = await deliver(contractId, deliveries);
    const at = iso(now);
    await updateRecord(contractId, (_r, desk) => {
      const e = desk.exceptions.find((x) => x.exceptionId === exceptionId);
      if (!e) return undefined;
      const already = new Set(e.notified.map((n) => `${n.email}#${n.level}`));
      const told: Notified[] = deliveries.filter((d) => !already.has(`${d.to}#${level}`)).map((d) => ({ email: d.to, audience: d.audience, channel: d.email ? 'email' : 'portal', level, at }));
      if (told.length === 0) return undefined;
      e.notified.push(...told);
      return [];
    });
    return emailed;
  }

  /**
   * A wait timed out (called by the escalate use case with the level it reached): raise the class the
   * timeout means (once), lift it to the level, tell the tree's audiences. Returns the addresses e-mailed.
   */
  async function escalateTimeout(input: { contractId: string; stage: Stage; level: number }): Promise<{ emailed: string[]; exceptionId?: string }> {
    const set = await policies();
    const record = await load(input.contractId);
    const facts = lifecycleFactsOf(record.contract);
    const now = clock.now();
    const past = facts.latestShipmentDate !== undefined && now > endOfCalendarDayAnywhere(facts.latestShipmentDate);
    const cls = classForTimeout(input.stage, past, set['exception-classes']);
    const stageVars = { stageLabel: STAGES[input.stage].label, waitingFor: STAGES[input.stage].waitingFor };
    const keyPrefix = `ESCALATION#${input.contractId}#${input.stage}#${input.level}`;
    if (!cls) {
      // Approval and signature waits raise no exception: the tree still decides who hears.
      const importance = contextOf(record, set, now).importance;
      const targets = escalationFor({ severity: 'medium', importance, level: input.level, hoursWithoutAction: 0 }, set['escalation-tree']);
      const deliveries = internalDeliveries(record, set, targets, 'escalation', 'escalation', { level: input.level, ...stageVars }, (email) => `${keyPrefix}#${email}`);
      return { emailed: await deliver(input.contractId, deliveries) };
    }
    const label = exceptionClass(cls, set['exception-classes']).label;
    const message = cls === 'missed-latest-shipment-date'
      ? `Not shipped by the latest shipment date ${facts.latestShipmentDate}; the contract is still in ${STAGES[input.stage].label.toLowerCase()}.`
      : `${label}: the contract has waited too long in ${STAGES[input.stage].label.toLowerCase()} for ${STAGES[input.stage].waitingFor}.`;
    const { exception } = await openException(input.contractId, { exceptionClass: cls, source: { kind: 'timeout', stage: input.stage }, message });
    await updateRecord(input.contractId, (_r, desk) => {
      const e = desk.exceptions.find((x) => x.exceptionId === exception.exceptionId);
      if (!e || e.level >= input.level) return undefined;
      e.level = input.level;
      return [{ type: 'exception', at: iso(now), exceptionClass: e.exceptionClass, severity: e.severity, message: `Escalated to level ${input.level}.`, details: { exceptionId: e.exceptionId, action: 'escalated', level: input.level } }];
    });
    const emailed = await notifyLevel(input.contractId, exception.exceptionId, input.level, { templateId: 'escalation', vars: stageVars, keyPrefix }, set);
    return { emailed, exceptionId: exception.exceptionId };
  }

  /** Raises an exception by hand (force majeure, customs hold, a data conflict…), and tells the tree's level-1 audiences. */
  async function raiseByHand(actor: Actor, contractId: string, body: { exceptionClass: ExceptionClassId; message: string; fields?: string[] }) {
    if (actor.role === 'customer') throw forbidden('Customers cannot raise exceptions.');
    const set = await policies();
    const { exception, tasks, created } = await openException(contractId, { exceptionClass: body.exceptionClass, source: { kind: 'manual', by: actor.userId }, message: body.message, ...(body.fields ? { fields: body.fields } : {}) });
    if (created) await notifyLevel(contractId, exception.exceptionId, 1, { templateId: 'exception.raised', vars: { taskCount: tasks.length }, keyPrefix: `EXCEPTION#${contractId}#${exception.exceptionId}#1` }, set);
    return { exception: (await load(contractId)).desk!.exceptions.find((e) => e.exceptionId === exception.exceptionId)!, tasks, created };
  }

  /** Closes an exception: its open tasks are cancelled, and everyone who was told hears it is resolved (de-escalation). */
  async function resolve(contractId: string, exceptionId: string, by: string, resolution: string): Promise<ExceptionCase | undefined> {
    const set = await policies();
    const at = iso(clock.now());
    let resolved: ExceptionCase | undefined;
    const cancelled: DeskTask[] = [];
    const record = await updateRecord(contractId, (_r, desk) => {
      const e = desk.exceptions.find((x) => x.exceptionId === exceptionId);
      if (!e || e.status === 'RESOLVED') return undefined;
      Object.assign(e, { status: 'RESOLVED', resolvedAt: at, resolvedBy: by, resolution, lastActionAt: at });
      for (const t of desk.tasks) {
        if (t.exceptionId === exceptionId && t.status === 'OPEN') {
          Object.assign(t, { status: 'CANCELLED', doneAt: at, doneBy: by, note: `Exception resolved: ${resolution}` });
          cancelled.push(t);
        }
      }
      resolved = e;
      return [{ type: 'exception', at, exceptionClass: e.exceptionClass, severity: e.severity, message: `Resolved: ${resolution}`, details: { exceptionId, action: 'resolved', by } }];
    });
    if (!resolved) return undefined;
    for (const t of cancelled) await unindexTask(t.assignee.personId, contractId, t.taskId);
    const cls = exceptionClass(resolved.exceptionClass, set['exception-classes']);
    const people = new Map<string, Notified>();
    for (const n of resolved.notified) {
      if (n.audience === 'customer') continue;
      const known = people.get(n.email);
      if (!known || (n.channel === 'email' && known.channel !== 'email')) people.set(n.email, n);
    }
    const deliveries: Delivery[] = [...people.values()].map((n) => ({
      key: `RESOLVED#${contractId}#${exceptionId}#${n.email}`, to: n.email, audience: n.audience, email: n.channel === 'email',
      urgency: notificationFor('exception.resolved', n.audience, resolved!.severity, set['notification-matrix']).urgency, template: 'exception.resolved',
      message: renderMessage(templateFor('exception.resolved', 'en', set['notification-matrix']), { ...baseVars(record), exceptionLabel: cls.label, by: by.startsWith('system:') ? undefined : by, note: resolution, level: resolved!.level }),
    }));
    await deliver(contractId, deliveries);
    return resolved;
  }

  /** A stage was entered: exceptions that it resolves (their timed-out stage was left, or a resolving stage reached) close. */
  async function onStageChanged(input: { contractId: string; stage: Stage }): Promise<string[]> {
    const set = await policies();
    const record = await store.get(input.contractId);
    if (!record?.desk) return [];
    await drainOutbox(input.contractId);
    const track = STAGES[input.stage].track;
    const resolvedIds: string[] = [];
    for (const e of record.desk.exceptions) {
      if (e.status === 'RESOLVED') continue;
      const cls = exceptionClass(e.exceptionClass, set['exception-classes']);
      const leftTimedOutStage = e.source.kind === 'timeout' && STAGES[e.source.stage].track === track && e.source.stage !== input.stage;
      if (!leftTimedOutStage && !cls.resolvedAtStages.includes(input.stage)) continue;
      if (await resolve(input.contractId, e.exceptionId, 'system:lifecycle', `The contract reached ${STAGES[input.stage].label.toLowerCase()}.`)) resolvedIds.push(e.exceptionId);
    }
    return resolvedIds;
  }

  /** Acknowledge (someone is on it: time without action restarts) or resolve by hand. */
  async function actOnException(actor: Actor, contractId: string, exceptionId: string, body: { action: 'acknowledge' | 'resolve'; note?: string }) {
    if (actor.role === 'customer') throw forbidden('Customers cannot act on exceptions.');
    const record = await load(contractId);
    const exception = record.desk?.exceptions.find((e) => e.exceptionId === exceptionId);
    if (!exception) throw notFound(`Exception ${exceptionId} on contract ${contractId}`);
    if (exception.status === 'RESOLVED') throw conflict('AlreadyResolved', `This exception was resolved by ${exception.resolvedBy} at ${exception.resolvedAt}.`);
    if (body.action === 'resolve') {
      if (!body.note?.trim()) throw unprocessable('Say how it was resolved.', [{ path: 'note', rule: 'exception.resolution-required', message: 'A resolution note is required.' }]);
      return resolve(contractId, exceptionId, actor.userId, body.note.trim());
    }
    const at = iso(clock.now());
    const set = await policies();
    const updated = await updateRecord(contractId, (_r, desk) => {
      const e = desk.exceptions.find((x) => x.exceptionId === exceptionId)!;
      Object.assign(e, { status: 'ACKNOWLEDGED', acknowledgedAt: at, acknowledgedBy: actor.userId, lastActionAt: at });
      return [{ type: 'exception', at, exceptionClass: e.exceptionClass, severity: e.severity, message: `Acknowledged by ${actor.userId}.${body.note ? ` ${body.note}` : ''}`, details: { exceptionId, action: 'acknowledged', by: actor.userId } }];
    });
    const targets = (['owner', 'assignees', 'teamLead'] as const).map((audience) => ({ audience, channel: 'portal' as const }));
    const cls = exceptionClass(exception.exceptionClass, set['exception-classes']);
    await deliver(contractId, internalDeliveries(updated, set, targets, 'exception.acknowledged', 'exception.acknowledged', { exceptionLabel: cls.label, by: actor.email ?? actor.userId, ...(body.note ? { note: body.note } : {}) }, (email) => `ACK#${contractId}#${exceptionId}#${at}#${email}`, exception.severity, exceptionId));
    return (await load(contractId)).desk!.exceptions.find((e) => e.exceptionId === exceptionId);
  }

  async function listExceptions(actor: Actor, contractId: string, status: 'open' | 'all' = 'open') {
    if (actor.role === 'customer') throw notFound(`Contract ${contractId}`);
    const record = await load(contractId);
    const all = record.desk?.exceptions ?? [];
    const items = status === 'all' ? all : all.filter((e) => e.status !== 'RESOLVED');
    const tasks = record.desk?.tasks ?? [];
    return { items: items.map((e) => ({ ...e, tasks: tasks.filter((t) => t.exceptionId === e.exceptionId) })) };
  }

  // ---------------------------------------------------------------------------------------------------
  // Tasks

  /** A person's open tasks, by personId or e-mail. */
  async function listTasks(actor: Actor, assignee: string) {
    if (actor.role === 'customer') throw forbidden('Customers have no tasks.');
    const set = await policies();
    const person = set['people-directory'].people.find((p) => p.personId === assignee) ?? personByEmail(assignee, set['people-directory']);
    const personId = person?.personId ?? assignee;
    const doc = (await store.getDocument(`PERSON#${personId}`))?.body as PersonDocument | undefined;
    const items = [];
    for (const ref of doc?.open ?? []) {
      const record = (await store.get(ref.contractId)) as DeskRecord | undefined;
      const task = record?.desk?.tasks.find((t) => t.taskId === ref.taskId && t.status === 'OPEN');
      if (!record || !task) continue;
      items.push({ ...task, contractId: ref.contractId, contractNumber: record.contract.contractNumber });
    }
    items.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    return { assignee: person ? { personId: person.personId, name: person.name, email: person.email } : { personId }, items };
  }

  async function moveTask(contractId: string, taskId: string, to: Assignee, explanation: string[], reason: string, by: string) {
    const set = await policies();
    const at = iso(clock.now());
    let from: Assignee | undefined;
    let moved: DeskTask | undefined;
    const record = await updateRecord(contractId, (_r, desk) => {
      const t = desk.tasks.find((x) => x.taskId === taskId);
      if (!t || t.status !== 'OPEN' || t.assignee.personId === to.personId) return undefined;
      from = t.assignee;
      t.assignee = to;
      t.assignments.push({ at, assignee: to, explanation, reason });
      moved = t;
      return [{ type: 'contractUpdated', at, by, version: _r.contract.version + 1, fields: [`desk.tasks.${taskId}.assignee`] }];
    });
    if (!moved || !from) return undefined;
    await unindexTask(from.personId, contractId, taskId);
    await indexTask(to.personId, contractId, taskId, at, set['task-assignment'].fairnessWindowDays);
    const severity = record.desk?.exceptions.find((e) => e.exceptionId === moved!.exceptionId)?.severity;
    const how = notificationFor('task.reassigned', 'assignees', severity, set['notification-matrix']);
    const message = renderMessage(templateFor('task.reassigned', 'en', set['notification-matrix']), { ...baseVars(record), taskTitle: moved.title, taskLabel: taskType(moved.type, set.playbooks).label, due: formatDue(moved.dueAt, to.email, set), why: `${reason} ${explanation[0] ?? ''}`.trim(), from: from.name });
    await deliver(contractId, [{ key: `TASK#${contractId}#${taskId}#moved#${to.email}#${at}`, to: to.email, audience: 'assignees', email: how.email, urgency: how.urgency, template: 'task.reassigned', message }]);
    return moved;
  }

  /** Complete a task, or move it to someone else (named, or chosen again by the assignment policy). */
  async function actOnTask(actor: Actor, contractId: string, taskId: string, body: { action: 'complete' | 'reassign'; to?: string; note?: string }) {
    if (actor.role === 'customer') throw forbidden('Customers have no tasks.');
    const record = await load(contractId);
    const task = record.desk?.tasks.find((t) => t.taskId === taskId);
    if (!task) throw notFound(`Task ${taskId} on contract ${contractId}`);
    if (task.status !== 'OPEN') throw conflict('TaskClosed', `The task is ${task.status.toLowerCase()}.`);
    const at = iso(clock.now());
    if (body.action === 'complete') {
      await updateRecord(contractId, (r, desk) => {
        const t = desk.tasks.find((x) => x.taskId === taskId)!;
        Object.assign(t, { status: 'DONE', doneAt: at, doneBy: actor.userId, ...(body.note ? { note: body.note } : {}) });
        const e = desk.exceptions.find((x) => x.exceptionId === t.exceptionId);
        if (e) e.lastActionAt = at; // a completed task is action on the exception
        return [{ type: 'contractUpdated', at, by: actor.userId, version: r.contract.version + 1, fields: [`desk.tasks.${taskId}.status`] }];
      });
      await unindexTask(task.assignee.personId, contractId, taskId);
      return (await load(contractId)).desk!.tasks.find((t) => t.taskId === taskId);
    }
    const set = await policies();
    let to: Assignee;
    let explanation: string[];
    if (body.to) {
      const person = set['people-directory'].people.find((p) => p.personId === body.to) ?? personByEmail(body.to, set['people-directory']);
      if (!person) throw unprocessable('Unknown person.', [{ path: 'to', rule: 'task.assignee-known', message: `${body.to} is not in the people directory.` }]);
      to = { personId: person.personId, name: person.name, email: person.email };
      explanation = [`Moved by hand by ${actor.userId}.`];
    } else {
      const decision = assignTask(taskType(task.type, set.playbooks), assignmentContextOf(record), set['people-directory'], await workloadOf(set, clock.now()), clock.now(), { exclude: [task.assignee.personId], policy: set['task-assignment'] });
      to = decision.assignee;
      explanation = decision.explanation;
    }
    return moveTask(contractId, taskId, to, explanation, body.note ?? `Reassigned by ${actor.userId}.`, actor.userId);
  }

  // ---------------------------------------------------------------------------------------------------
  // The hourly run: flags → exceptions, absences, overdue tasks, idle exceptions, deadline reminders

  async function sweep(contractId: string): Promise<{ reminders: number }> {
    await drainOutbox(contractId);
    const set = await policies();
    const now = clock.now();
    let record = await load(contractId);

    // Anomaly flags that mean an exception raise it (once while open).
    for (const flag of record.flags) {
      const cls = set['exception-classes'].flags[flag];
      if (!cls) continue;
      const { exception, tasks, created } = await openException(contractId, { exceptionClass: cls, source: { kind: 'flag', flag }, message: `Anomaly ${flag} is raised on the contract.` });
      if (created) await notifyLevel(contractId, exception.exceptionId, 1, { templateId: 'exception.raised', vars: { taskCount: tasks.length }, keyPrefix: `EXCEPTION#${contractId}#${exception.exceptionId}#1` }, set);
    }
    record = await load(contractId);

    // Tasks of people who are absent now move to someone else.
    const absent = absentPeople(set['people-directory'], now);
    for (const t of (record.desk?.tasks ?? []).filter((x) => x.status === 'OPEN' && absent.has(x.assignee.personId))) {
      const decision = assignTask(taskType(t.type, set.playbooks), assignmentContextOf(record), set['people-directory'], await workloadOf(set, now), now, { exclude: [t.assignee.personId], policy: set['task-assignment'] });
      await moveTask(contractId, t.taskId, decision.assignee, decision.explanation, `${absent.get(t.assignee.personId)}.`, 'system:desk');
    }
    record = await load(contractId);

    // Overdue tasks: one reminder per task, in the assignee's working hours.
    for (const t of (record.desk?.tasks ?? []).filter((x) => x.status === 'OPEN' && Date.parse(x.dueAt) <= now)) {
      const person = personByEmail(t.assignee.email, set['people-directory']);
      if (person && !isWorkingTime(person.workingHours, person.timeZone, now)) continue;
      const how = notificationFor('task.overdue', 'assignees', undefined, set['notification-matrix']);
      const message = renderMessage(templateFor('task.overdue', 'en', set['notification-matrix']), { ...baseVars(record), taskTitle: t.title, due: formatDue(t.dueAt, t.assignee.email, set) });
      await deliver(contractId, [{ key: `TASK#${contractId}#${t.taskId}#overdue#${t.assignee.email}`, to: t.assignee.email, audience: 'assignees', email: how.email, urgency: how.urgency, template: 'task.overdue', message }]);
    }

    // Exceptions no wait times out climb by time without action.
    for (const e of (record.desk?.exceptions ?? []).filter((x) => x.status !== 'RESOLVED' && x.source.kind !== 'timeout')) {
      const level = levelByTimeWithoutAction(e.severity, (now - Date.parse(e.lastActionAt)) / HOUR, set['escalation-tree']);
      if (level <= e.level) continue;
      await updateRecord(contractId, (_r, desk) => {
        const x = desk.exceptions.find((y) => y.exceptionId === e.exceptionId)!;
        if (x.level >= level) return undefined;
        x.level = level;
        return [{ type: 'exception', at: iso(now), exceptionClass: x.exceptionClass, severity: x.severity, message: `Escalated to level ${level}: no action for ${Math.floor((now - Date.parse(x.lastActionAt)) / HOUR)} hours.`, details: { exceptionId: x.exceptionId, action: 'escalated', level } }];
      });
      await notifyLevel(contractId, e.exceptionId, level, { templateId: 'exception.escalated', vars: {}, keyPrefix: `EXCEPTION#${contractId}#${e.exceptionId}#${level}` }, set);
    }

    return { reminders: await remindDeadlines(contractId, set) };
  }

  /**
   * Deadline reminders by the matrix: for each open deadline and each recipient the matrix names, the step
   * due in that recipient's time zone and working hours, once per step and recipient.
   */
  async function remindDeadlines(contractId: string, set: PolicySet): Promise<number> {
    const record = await load(contractId);
    const c = record.contract;
    const now = clock.now();
    const evidence = new Map<EvidenceKind, string>();
    for (const e of await store.evidence(contractId)) if (isActual(e) && !evidence.has(e.kind)) evidence.set(e.kind, e.occurredAt);
    const importance = contractImportance(c, set.importance).importance;
    const steps = reminderSteps(importance, set['reminder-matrix']);
    const dir = set['people-directory'];
    const deliveries: Delivery[] = [];
    for (const { rule, date } of openDeadlines(lifecycleFactsOf(c), evidence)) {
      // Who the matrix could name for this deadline, each with their zone and hours.
      const people: Array<{ audience: Audience; email: string; zone: string; hours: ContactPoint['workingHours']; language: 'en' | 'zh-CN' }> = [];
      const owner = personByEmail(c.owner.email, dir);
      const lead = teamLeadOf(c.team, dir);
      people.push({ audience: 'owner', email: c.owner.email, zone: owner?.timeZone ?? lead.timeZone, hours: owner?.workingHours ?? lead.workingHours, language: 'en' });
      people.push({ audience: 'teamLead', email: lead.email, zone: lead.timeZone, hours: lead.workingHours, language: 'en' });
      people.push({ audience: 'management', email: dir.management.email, zone: dir.management.timeZone, hours: dir.management.workingHours, language: 'en' });
      if (rule.financeConcerned) people.push({ audience: 'finance', email: dir.finance.email, zone: dir.finance.timeZone, hours: dir.finance.workingHours, language: 'en' });
      for (const t of (record.desk?.tasks ?? []).filter((x) => x.status === 'OPEN')) {
        const p = personByEmail(t.assignee.email, dir);
        if (p && !people.some((x) => x.email === p.email)) people.push({ audience: 'assignees', email: p.email, zone: p.timeZone, hours: p.workingHours, language: 'en' });
      }
      const plan = set['customer-communication'];
      if (rule.customerActs && customerHears(transparencyOf(c, plan), 'payment-reminder', plan)) {
        for (const contact of c.contacts) people.push({ audience: 'customer', email: contact.email, zone: contact.timeZone, hours: dir.defaultLead.workingHours, language: messageLanguage(contact.language) });
      }
      for (const person of people) {
        const due = dueStepFor(date, steps, person.zone, person.hours, now);
        if (!due) continue;
        const cell = reminderCell(importance, due.daysBefore, set['reminder-matrix']);
        const wanted = cell.notify.find((n) => n.audience === person.audience);
        if (!wanted) continue;
        // Say the days actually left on the recipient's calendar (a Monday deadline reminded on Friday is "in 3 days").
        const daysLeft = Math.round(DateTime.fromISO(date, { zone: person.zone }).diff(DateTime.fromMillis(now, { zone: person.zone }).startOf('day'), 'days').days);
        const when = daysLeft <= 0 ? 'today' : `in ${daysLeft} day${daysLeft > 1 ? 's' : ''}`;
        const key = `REMIND#${c.id}#${rule.deadline}#${date}#${due.daysBefore}#${person.email}`;
        if (person.audience === 'customer') {
          const message = renderMessage(templateFor('customer.payment-reminder', person.language, set['notification-matrix']), { contractNumber: c.contractNumber, buyer: c.buyer.legalName, seller: c.seller.legalName, date, when });
          deliveries.push({ key, to: person.email, audience: 'customer', email: true, urgency: 'normal', template: `customer.payment-reminder.${person.language}`, message });
          continue;
        }
        const matrix = notificationFor('reminder.deadline', person.audience, undefined, set['notification-matrix']);
        const message = renderMessage(templateFor('reminder.deadline', 'en', set['notification-matrix']), { ...baseVars(record), deadlineLabel: rule.label, date, when });
        deliveries.push({ key, to: person.email, audience: person.audience, email: wanted.channel === 'email', urgency: matrix.urgency, template: `reminder.${rule.deadline}.${due.daysBefore}`, message });
      }
    }
    // Only the deliveries whose once-key is still free count (deliver claims them).
    return (await deliver(contractId, deliveries)).length;
  }

  return {
    policies, getPolicy, listPolicies, changePolicy,
    escalateTimeout, raiseByHand, actOnException, listExceptions, onStageChanged, resolve,
    listTasks, actOnTask, sweep, drainOutbox, remindDeadlines,
  };
}

export type Desk = ReturnType<typeof makeDesk>;
