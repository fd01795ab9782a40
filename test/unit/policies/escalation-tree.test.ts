import { ESCALATION_POLICY, escalationFor, levelByTimeWithoutAction, type EscalationInput } from '../../../shared/domain/policies/escalation-tree';
import { escalationRecipients } from '../../../shared/domain/escalation-policy';

const audiences = (i: EscalationInput) => escalationFor(i).map((t) => `${t.audience}:${t.channel}`);
const base: EscalationInput = { severity: 'low', importance: 'minor', level: 1, hoursWithoutAction: 0 };

describe('escalation tree: one test per row', () => {
  it.each(ESCALATION_POLICY.rows.map((r) => [r.id, r] as const))('row %s names its audiences when it matches, and not below its level', (_id, row) => {
    // Prepare: the weakest input that still matches the row
    const w = row.when;
    const input: EscalationInput = {
      ...base,
      level: w.minLevel,
      ...(w.classes ? { exceptionClass: w.classes[0]! } : {}),
      ...(w.minSeverity ? { severity: w.minSeverity } : {}),
      ...(w.importance ? { importance: w.importance[0]! } : {}),
      ...(w.minHoursWithoutAction !== undefined ? { hoursWithoutAction: w.minHoursWithoutAction } : {}),
    };
    // Act / Assess
    const targets = escalationFor(input);
    for (const n of row.notify) expect(targets.find((t) => t.audience === n.audience)?.rows).toContain(row.id);
    if (w.minLevel > 1) expect(escalationFor({ ...input, level: w.minLevel - 1 }).flatMap((t) => t.rows)).not.toContain(row.id);
    if (w.minHoursWithoutAction) expect(escalationFor({ ...input, hoursWithoutAction: w.minHoursWithoutAction - 1 }).flatMap((t) => t.rows)).not.toContain(row.id);
  });

  it.each([
    ['level 1, a medium delay on a standard contract: the owner (and the assignees\' feed)', { ...base, exceptionClass: 'shipment-delayed', severity: 'medium', importance: 'standard' }, ['owner:email', 'assignees:portal']],
    ['level 2: plus the team lead', { ...base, exceptionClass: 'shipment-delayed', severity: 'medium', importance: 'standard', level: 2 }, ['owner:email', 'assignees:portal', 'teamLead:email']],
    ['level 3: plus management', { ...base, exceptionClass: 'shipment-delayed', severity: 'medium', importance: 'standard', level: 3 }, ['owner:email', 'assignees:portal', 'teamLead:email', 'management:email']],
    ['a missed latest shipment date (critical) at level 2: management and the customer too', { ...base, exceptionClass: 'missed-latest-shipment-date', severity: 'critical', importance: 'standard', level: 2 }, ['owner:email', 'assignees:portal', 'teamLead:email', 'management:email', 'customer:email']],
    ['payment overdue: the finance desk from level 1', { ...base, exceptionClass: 'payment-overdue', severity: 'medium', importance: 'standard' }, ['owner:email', 'assignees:portal', 'finance:email']],
    ['a key contract with a high exception: the team lead at once', { ...base, exceptionClass: 'shipment-delayed', severity: 'high', importance: 'key' }, ['owner:email', 'assignees:portal', 'teamLead:email']],
    ['three idle days: the team lead whatever the level', { ...base, hoursWithoutAction: 72 }, ['owner:email', 'assignees:portal', 'teamLead:email']],
    ['force majeure: customer and management at once', { ...base, exceptionClass: 'force-majeure', severity: 'critical' }, ['owner:email', 'assignees:portal', 'management:email', 'customer:email']],
  ] as const)('%s', (_name, input, expected) => {
    expect(audiences(input as EscalationInput)).toEqual(expected);
  });

  it.each([
    ['critical', 3, 1], ['critical', 4, 2], ['critical', 24, 3], ['critical', 72, 4],
    ['high', 23, 1], ['high', 24, 2], ['medium', 48, 2], ['low', 71, 1], ['low', 480, 4],
  ] as const)('a %s exception %d hours without action is at level %d', (severity, hours, level) => {
    expect(levelByTimeWithoutAction(severity, hours)).toBe(level);
  });

  it('keeps the contract-level recipients of plain waits: owner → team lead → management', () => {
    const contract = { owner: { userId: 'u', name: 'Chen Hao', email: 'chen.hao@jinqiao-telecom.example' }, team: 'export-europe', totalAmount: '69360.00', currency: 'USD', customer: { tier: 'B' as const, isNew: false }, flags: {} };
    expect(escalationRecipients(contract, 1).map((r) => r.email)).toEqual(['chen.hao@jinqiao-telecom.example']);
    expect(escalationRecipients(contract, 3).map((r) => r.role)).toEqual(['owner', 'team lead', 'management']);
    expect(escalationRecipients({ ...contract, team: 'no-such-team' }, 2)[1]!.email).toBe('desk-lead@tradeflow.example');
  });
});
