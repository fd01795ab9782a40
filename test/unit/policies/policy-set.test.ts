import { DEFAULT_POLICIES, POLICIES, POLICY_NAMES, changedPaths } from '../../../shared/domain/policies/policy-set';
import { EXCEPTION_CLASS_IDS } from '../../../shared/domain/policies/exception-classes';
import { PLAYBOOK_POLICY, TASK_TYPE_IDS } from '../../../shared/domain/policies/playbooks';

describe('the policy set', () => {
  it.each(POLICY_NAMES)('the default %s policy passes its own schema (what the API accepts)', (name) => {
    const parsed = POLICIES[name].schema.safeParse(DEFAULT_POLICIES[name]);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('has a playbook for every exception class and a type for every task', () => {
    expect(Object.keys(PLAYBOOK_POLICY.playbooks).sort()).toEqual([...EXCEPTION_CLASS_IDS].sort());
    expect(PLAYBOOK_POLICY.taskTypes.map((t) => t.id).sort()).toEqual([...TASK_TYPE_IDS].sort());
  });

  it('names the paths a change touched (the audit trail says what)', () => {
    expect(changedPaths({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { b: 2, c: [1, 3] }, d: 'x' })).toEqual(['a.b', 'a.c.1']);
    expect(changedPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
