import { assignTask, absentPeople, type AssignmentContext } from '../../../shared/domain/policies/assignment';
import { DIRECTORY, type Directory } from '../../../shared/domain/policies/people';
import { PLAYBOOK_POLICY, taskType } from '../../../shared/domain/policies/playbooks';

const now = Date.parse('2027-02-17T02:00:00Z');
const rotterdam: AssignmentContext = { language: 'en', market: 'NL', products: ['85', '94'], team: 'export-europe' };
const losAngeles: AssignmentContext = { language: 'en-US', market: 'US', products: ['73', '39'], team: 'export-americas' };
const withPeople = (change: (d: Directory) => void): Directory => {
  const d = structuredClone(DIRECTORY);
  change(d);
  return d;
};

describe('task assignment', () => {
  it.each(PLAYBOOK_POLICY.taskTypes.map((t) => [t.id]))('someone in the directory can take %s', (id) => {
    const decision = assignTask(taskType(id as never), rotterdam, DIRECTORY, {}, now);
    expect(decision.fallback).toBe(false);
  });

  it.each([
    ['check-lc for Rotterdam: finance with L/C expertise who knows NL', 'check-lc', rotterdam, 'zhao-fin'],
    ['check-lc for Los Angeles: two L/C experts know the US market; a tie, no recent work either: id order', 'check-lc', losAngeles, 'liu-yang'],
    ['book-freight for Rotterdam: two freight experts know NL, the goods and the team; a tie: id order', 'book-freight', rotterdam, 'anna-vos'],
    ['book-freight for Los Angeles: knows the US market and the goods', 'book-freight', losAngeles, 'sun-mei'],
    ['arrange-inspection: inspection expertise and the goods (HS 94)', 'arrange-inspection', rotterdam, 'anna-vos'],
    ['inform-customer in English for the US: the Americas sales desk', 'inform-customer', losAngeles, 'dana-park'],
  ] as const)('%s', (_name, type, ctx, personId) => {
    const decision = assignTask(taskType(type), ctx, DIRECTORY, {}, now);
    expect(decision.assignee.personId).toBe(personId);
    expect(decision.explanation[0]).toMatch(/expertise/);
  });

  it('explains why: expertise, language, market, workload and fairness', () => {
    const decision = assignTask(taskType('inform-customer'), rotterdam, DIRECTORY, { 'chen-hao': { open: 1, recent: 4 } }, now);
    expect(decision.assignee.name).toBe('Li Wei');
    expect(decision.explanation[0]).toBe("Li Wei has customer-care expertise; writes en, the customer's language; knows the NL market; is in team export-europe; has 0 of 6 open tasks and 0 assigned in the last 30 days (score 6).");
    expect(decision.explanation[1]).toMatch(/^Chen Hao scored 5/);
  });

  it('weighs current workload: a busy expert loses to an idle one', () => {
    expect(assignTask(taskType('book-freight'), rotterdam, DIRECTORY, { 'anna-vos': { open: 1, recent: 0 } }, now).assignee.personId).toBe('chen-ops');
  });

  it('never goes over a person\'s cap', () => {
    const decision = assignTask(taskType('check-lc'), rotterdam, DIRECTORY, { 'zhao-fin': { open: 8, recent: 0 } }, now);
    expect(decision.assignee.personId).toBe('liu-yang');
    expect(decision.explanation).toContain('Zhao Min is at the cap of 8 open tasks.');
  });

  it('is fair over time: on a tie, whoever had fewer recent assignments', () => {
    const twins = withPeople((d) => {
      const zhao = d.people.find((p) => p.personId === 'zhao-fin')!;
      d.people.push({ ...zhao, personId: 'zhao-twin', name: 'Zhao Twin', email: 'zhao.twin@sino-export.example' });
    });
    expect(assignTask(taskType('check-lc'), rotterdam, twins, { 'zhao-fin': { open: 0, recent: 5 }, 'zhao-twin': { open: 0, recent: 2 } }, now).assignee.personId).toBe('zhao-twin');
    expect(assignTask(taskType('check-lc'), rotterdam, twins, { 'zhao-fin': { open: 0, recent: 1 }, 'zhao-twin': { open: 0, recent: 2 } }, now).assignee.personId).toBe('zhao-fin');
  });

  it('skips someone absent, and says so', () => {
    const away = withPeople((d) => (d.people.find((p) => p.personId === 'chen-ops')!.absences = [{ from: '2027-02-15', to: '2027-02-26', reason: 'Spring Festival leave' }]));
    const decision = assignTask(taskType('book-freight'), rotterdam, away, { 'anna-vos': { open: 3, recent: 0 } }, now);
    expect(decision.assignee.personId).toBe('anna-vos');
    expect(decision.explanation).toContain('Chen Jing is absent (Spring Festival leave) until 2027-02-26.');
    expect([...absentPeople(away, now).keys()]).toEqual(['chen-ops']);
    expect(absentPeople(away, Date.parse('2027-03-01T02:00:00Z')).size).toBe(0);
  });

  it('falls back to the team lead when nobody qualifies', () => {
    const nobody = withPeople((d) => (d.people = d.people.filter((p) => !p.skills.includes('LC'))));
    const decision = assignTask(taskType('check-lc'), rotterdam, nobody, {}, now);
    expect(decision).toMatchObject({ fallback: true, assignee: { email: 'lead.export-europe@tradeflow.example' } });
  });

  it('can exclude the current assignee when moving a task', () => {
    expect(assignTask(taskType('book-freight'), rotterdam, DIRECTORY, {}, now, { exclude: ['anna-vos'] }).assignee.personId).toBe('chen-ops');
  });
});
