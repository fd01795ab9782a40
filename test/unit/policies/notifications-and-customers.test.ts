import { CUSTOMER_PLAN, CustomerPlanSchema, NEVER_SHOWN, TRANSPARENCY, customerHears, messageLanguage, milestoneMessage, transparencyOf, visibleVars, type MilestoneVars } from '../../../shared/domain/customer-communication';
import { stageNames } from '../../../shared/domain/lifecycle';
import { AUDIENCES } from '../../../shared/domain/policies/escalation-tree';
import { renderMessage } from '../../../shared/domain/policies/message-template';
import { DESK_EVENTS, NOTIFICATION_POLICY, NotificationPolicySchema, TEMPLATE_VARIABLES, notificationFor, templateFor } from '../../../shared/domain/policies/notification-matrix';

describe('notification matrix: one test per cell', () => {
  const cells = DESK_EVENTS.flatMap((e) => AUDIENCES.map((a) => [e, a] as const));
  it.each(cells)('%s × %s', (event, audience) => {
    const cell = NOTIFICATION_POLICY.matrix[event]?.[audience];
    const low = notificationFor(event, audience, 'low');
    const critical = notificationFor(event, audience, 'critical');
    if (!cell || cell.channel === 'none') {
      expect([low.email, low.portal, critical.email, critical.portal]).toEqual([false, false, false, false]);
      return;
    }
    expect(low.portal).toBe(true);
    expect(low.email).toBe(cell.channel === 'email' || cell.emailFrom === 'low');
    expect(critical.email).toBe(cell.channel === 'email' || cell.emailFrom !== undefined);
    expect(critical.urgency).toBe(cell.urgency);
  });

  it('e-mails an assignee about a task only when the exception is high or critical', () => {
    expect(notificationFor('task.assigned', 'assignees', 'medium').email).toBe(false);
    expect(notificationFor('task.assigned', 'assignees', 'high').email).toBe(true);
  });
});

describe('one template per message, every channel saying the same', () => {
  const vars = Object.fromEntries(Object.values(TEMPLATE_VARIABLES).flat().map((v) => [v, `«${v}»`]));
  const all = Object.entries(NOTIFICATION_POLICY.templates).flatMap(([id, byLanguage]) => Object.keys(byLanguage).map((l) => [id, l] as const));
  it.each(all)('%s (%s): the e-mail text, the HTML and the portal item carry the same words', (id, language) => {
    const m = renderMessage(templateFor(id, language as 'en' | 'zh-CN'), vars);
    expect(m.text).toContain(m.body);
    expect(m.portal).toEqual({ title: m.subject, body: m.body });
    for (const line of m.body.split('\n')) expect(m.html).toContain(line.replace(/«/g, '«').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.text).not.toMatch(/\{[a-zA-Z]+\}/);
  });

  it('drops optional segments whose values are unknown, and escapes values in HTML', () => {
    const m = renderMessage({ subject: 'Contract {n}[ at {port}]', headline: 'H', body: 'Buyer <{buyer}>[ ETA {eta}.]' }, { n: 'X-1', buyer: 'A & B "Ltd"' });
    expect(m.subject).toBe('Contract X-1');
    expect(m.text).toBe('H\n\nBuyer <A & B "Ltd">\n\n— Tradeflow');
    expect(m.html).toBe('<h2>H</h2><p>Buyer &lt;A &amp; B &quot;Ltd&quot;&gt;</p><p>— Tradeflow</p>');
  });

  it('refuses an edited template that refers to a value its message does not have, or drops a message', () => {
    const edited = structuredClone(NOTIFICATION_POLICY);
    edited.templates['task.assigned']!.en!.body = 'Due {due}; salary {salary}';
    delete (edited.templates as Record<string, unknown>)['task.overdue'];
    const result = NotificationPolicySchema.safeParse(edited);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringContaining('Unknown placeholder {salary}'), 'The message task.overdue needs a template.']));
  });
});

describe('customer communication plan and transparency levels', () => {
  const vars: MilestoneVars = { contractNumber: 'SJT-2026-0412', buyer: 'Van der Meer Kantoorinrichting B.V.', seller: 'Shanghai Jinqiao', portOfLoading: 'CNSHA', portOfDischarge: 'NLRTM', vessel: 'MAERSK ESSEX', voyage: '612W', eta: '2027-03-30', container: 'APZU4812090' };

  const rows = TRANSPARENCY.flatMap((level) => stageNames.map((stage) => [level, stage] as const));
  it.each(rows)('%s customers about %s', (level, stage) => {
    const included = CUSTOMER_PLAN.levels[level]!.milestones.includes(stage);
    for (const language of ['en', 'zh-CN'] as const) {
      const m = milestoneMessage(stage, language, vars, level);
      expect(m !== undefined).toBe(included);
      if (m) {
        expect(m.text.length).toBeGreaterThan(20); // a plain-text part
        expect(m.html).toMatch(/^<h2>/);
      }
    }
  });

  it('standard customers see the vessel and the ETA but not the container; essential see neither; full see all', () => {
    const body = (level: (typeof TRANSPARENCY)[number]) => milestoneMessage('SHIPPED', 'en', vars, level)!.body;
    expect(body('standard')).toBe('The goods under contract SJT-2026-0412 have been shipped from CNSHA to NLRTM. Vessel: MAERSK ESSEX. Expected arrival: 2027-03-30.');
    expect(body('essential')).toBe('The goods under contract SJT-2026-0412 have been shipped.');
    expect(body('full')).toContain('Container: APZU4812090.');
    expect(milestoneMessage('SHIPPED', 'zh-CN', vars, 'standard')!.body).toBe('合同 SJT-2026-0412 项下的货物已从 CNSHA 发运，目的港 NLRTM。船名：MAERSK ESSEX。预计到港：2027-03-30。');
    expect(visibleVars(vars, 'essential')).toEqual({ contractNumber: vars.contractNumber, buyer: vars.buyer, seller: vars.seller });
  });

  it('never tells a customer about internal stages, at any level', () => {
    for (const level of TRANSPARENCY) for (const stage of ['DRAFT', 'PENDING_APPROVAL', 'AWAITING_PAYMENT_SECURITY', 'BOOKING', 'ON_HOLD', 'DISPUTED'] as const) expect(milestoneMessage(stage, 'en', vars, level)).toBeUndefined();
    expect(NEVER_SHOWN).toContain('internal escalations and who was escalated to');
  });

  it('takes the level from the customer setting, else its tier', () => {
    expect(transparencyOf({ customerId: 'CUST-NL-0042', customer: { tier: 'B', isNew: false } })).toBe('standard');
    expect(transparencyOf({ customerId: 'CUST-US-0318', customer: { tier: 'A', isNew: false } })).toBe('full');
    const plan = { ...CUSTOMER_PLAN, customers: { 'CUST-US-0318': { transparency: 'essential' as const } } };
    expect(CustomerPlanSchema.safeParse(plan).success).toBe(true);
    expect(transparencyOf({ customerId: 'CUST-US-0318', customer: { tier: 'A', isNew: false } }, plan)).toBe('essential');
    expect(customerHears('essential', 'delay')).toBe(false);
    expect(customerHears('standard', 'delay')).toBe(true);
  });

  it('writes Simplified Chinese to zh, zh-Hans and zh-SG contacts, English to everyone else', () => {
    expect(['zh-CN', 'zh-Hans', 'zh-SG', 'zh', 'en-GB', 'nl'].map(messageLanguage)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'en', 'en']);
  });
});

describe('the customer timeline follows the communication plan', () => {
  it('shows the milestones of the customer level, partner evidence and e-mails to the customer only', () => {
    const { customerTimeline } = jest.requireActual('../../../shared/domain/customer-communication') as typeof import('../../../shared/domain/customer-communication');
    const contract = { customerId: 'CUST-X', customer: { tier: 'C' as const, isNew: false }, contacts: [{ name: 'F', email: 'buyer@example.com', language: 'en', timeZone: 'Europe/Amsterdam' }] };
    const at = '2027-01-01T00:00:00Z';
    const ev = (kind: string) => ({ evidenceId: kind, kind, classifier: 'ACT', occurredAt: at, recordedAt: at, source: { publisher: 'p', eventId: kind, format: 'f' }, details: {} });
    const entries = [
      { type: 'stageEntered', at, track: 'main', stage: 'PENDING_APPROVAL' },
      { type: 'stageEntered', at, track: 'main', stage: 'SIGNED' },
      { type: 'evidence', at, evidence: ev('approved') },
      { type: 'evidence', at, evidence: ev('shipped') },
      { type: 'escalated', at, stage: 'BOOKED', level: 1, notified: ['owner@seller.example'] },
      { type: 'emailSent', at, to: 'owner@seller.example', subject: 'Reminder', template: 'reminder' },
      { type: 'emailSent', at, to: 'Buyer@Example.com', subject: 'Signed', template: 'SIGNED.en' },
    ] as any[];
    const shown = customerTimeline(entries, contract).map((e: any) => e.stage ?? e.evidence?.kind ?? e.to);
    expect(shown).toEqual(['SIGNED', 'shipped', 'Buyer@Example.com']);
  });
});
