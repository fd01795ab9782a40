import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import validator from 'asl-validator';
import type { LifecyclePlan, Stage } from '../../../shared/domain/lifecycle';
import { STAGES, TRANSITIONS, planMatches, trackStart, transitionsFrom } from '../../../shared/domain/lifecycle';
import { stateNames } from '../../../infra/workflow/lifecycle-asl';

const asl = JSON.parse(readFileSync(join(__dirname, '../../../statemachines/contract-lifecycle.asl.json'), 'utf8'));

type AnyState = Record<string, any>;
/** Every state in the definition, including those inside Parallel branches. */
function allStates(def: { States: Record<string, AnyState> }): Array<[string, AnyState]> {
  return Object.entries(def.States).flatMap(([name, s]) => [[name, s] as [string, AnyState], ...(s.Branches ?? []).flatMap((b: any) => allStates(b))]);
}
const states = allStates(asl);
const byName = new Map(states);

function* allPlans(): Generator<LifecyclePlan> {
  const bools = [true, false];
  for (const approvalRequired of bools)
    for (const paymentMethod of ['TT', 'LC', 'DP', 'DA', 'OA'] as const)
      for (const depositful of bools)
        for (const inspectionRequired of bools)
          for (const customsBySeller of bools) {
            const securityKind = paymentMethod === 'LC' ? 'LC' : paymentMethod === 'TT' && depositful ? 'DEPOSIT' : null;
            yield { approvalRequired, approvalReasons: [], requiresSecurity: securityKind !== null, securityKind, inspectionRequired, customsBySeller, bookingBy: 'SELLER', insuranceBy: 'SELLER', paymentMethod };
          }
}

function reachableStages(plan: LifecyclePlan): Set<Stage> {
  const seen = new Set<Stage>();
  const queue: Stage[] = ['DRAFT', trackStart('payment', plan), trackStart('logistics', plan)];
  while (queue.length) {
    const s = queue.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const t of transitionsFrom(s, plan)) queue.push(t.to);
  }
  return seen;
}

describe('contract-lifecycle.asl.json agrees with the lifecycle matrix', () => {
  it('is a valid ASL definition (asl-validator)', () => {
    const result = validator(structuredClone(asl)); // the validator annotates its input
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('routes only along transitions the matrix allows', () => {
    const routes = states.filter(([name]) => name.startsWith('Route from '));
    expect(routes.length).toBeGreaterThan(0);
    for (const [name, choice] of routes) {
      const from = name.slice('Route from '.length) as Stage;
      for (const rule of choice.Choices) {
        expect(TRANSITIONS.some((t) => t.from === from && t.to === rule.StringEquals)).toBe(true);
        const target = byName.get(rule.Next);
        expect(target).toBeDefined();
        // the target records or waits in exactly the stage the transition goes to
        expect([stateNames.wait(rule.StringEquals), stateNames.enter(rule.StringEquals)]).toContain(rule.Next);
      }
    }
  });

  it('has every matrix transition as a route', () => {
    for (const t of TRANSITIONS) {
      const choice = byName.get(stateNames.route(t.from));
      expect(choice?.Choices.map((c: any) => c.StringEquals)).toContain(t.to);
    }
  });

  it('contains every stage reachable under any plan', () => {
    const reachable = new Set<Stage>();
    for (const plan of allPlans()) for (const s of reachableStages(plan)) reachable.add(s);
    for (const s of reachable) {
      expect(byName.has(stateNames.wait(s)) || byName.has(stateNames.enter(s))).toBe(true);
    }
    expect([...reachable].sort()).toEqual(
      (Object.keys(STAGES) as Stage[]).filter((s) => !('side' in STAGES[s])).sort(),
    );
  });

  it('gives every callback state a timeout from the contract and a Catch that escalates and loops back', () => {
    const callbacks = states.filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(callbacks.length).toBeGreaterThanOrEqual(12);
    for (const [name, s] of callbacks) {
      expect(s.TimeoutSecondsPath ?? s.TimeoutSeconds).toBeDefined();
      const timeoutCatch = s.Catch.find((c: any) => c.ErrorEquals.includes('States.Timeout'));
      expect(timeoutCatch).toBeDefined();
      const escalate = byName.get(timeoutCatch.Next)!;
      expect(escalate.Next).toBe(name);
      expect(s.Parameters.Payload['taskToken.$']).toBe('$$.Task.Token');
    }
  });

  it('uses JSONPath only: no JSONata, no Assign, no QueryLanguage', () => {
    const text = JSON.stringify(asl);
    expect(text).not.toMatch(/"QueryLanguage"|"Assign"|\{%/);
  });

  it('passes only ids into the execution, never payloads', () => {
    for (const [, s] of states) {
      const payload = s.Parameters?.Payload;
      if (payload) expect(Object.keys(payload).sort()).toEqual(expect.arrayContaining(['contractId.$']));
    }
  });

  it('plans that differ only in unrelated flags reach the same stages', () => {
    for (const plan of allPlans()) {
      const r = reachableStages(plan);
      expect(r.has('CUSTOMS_CLEARED')).toBe(plan.customsBySeller);
      expect(r.has('INSPECTION')).toBe(plan.inspectionRequired);
      expect(r.has('PENDING_APPROVAL')).toBe(plan.approvalRequired);
      expect(r.has('AWAITING_PAYMENT_SECURITY')).toBe(plan.requiresSecurity);
      expect(planMatches(plan, undefined)).toBe(true);
    }
  });
});

describe('history budget', () => {
  it('keeps the worst case of a one-year contract far below the 25,000-event limit', () => {
    const { historyBudget } = jest.requireActual('../../../infra/workflow/history-budget') as typeof import('../../../infra/workflow/history-budget');
    const budget = historyBudget(365);
    expect(budget.escalationLoops).toBeGreaterThan(52 * 3); // weekly repeats on every track are counted
    expect(budget.worstCase).toBeLessThan(budget.limit / 4);
  });
});
