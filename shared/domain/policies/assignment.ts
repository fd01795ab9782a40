/**
 * Task assignment: who takes a task, and why. Candidates need the task's role and skill; absent people
 * and people at their cap are skipped; among the rest, expertise (the customer's language, the buyer's
 * market, the goods) counts for, current workload against, and the fewest recent assignments breaks ties
 * (fairness over time). When nobody qualifies, the team lead gets the task. Every answer says why.
 */
import * as z from 'zod';
import { absenceAt, teamLeadOf, type Directory, type Person } from './people';
import type { TaskType } from './playbooks';

export const AssignmentPolicySchema = z.strictObject({
  /** Points for each preference the person meets. */
  points: z.strictObject({ language: z.number().min(0), market: z.number().min(0), product: z.number().min(0), sameTeam: z.number().min(0) }),
  /** Points lost per open task (workload). */
  perOpenTask: z.number().min(0),
  /** Assignments in this many days count for fairness. */
  fairnessWindowDays: z.number().int().min(1).max(365),
});
export type AssignmentPolicy = z.infer<typeof AssignmentPolicySchema>;

export const ASSIGNMENT_POLICY: AssignmentPolicy = { points: { language: 3, market: 2, product: 1, sameTeam: 1 }, perOpenTask: 1, fairnessWindowDays: 30 };

export interface AssignmentContext {
  /** The customer's language (first contact), e.g. 'en', 'zh-CN'. */
  language: string;
  /** The buyer's country. */
  market: string;
  /** HS chapters of the goods. */
  products: readonly string[];
  team: string;
}

/** Open tasks now, and tasks assigned within the fairness window, per personId. */
export type Workload = Readonly<Record<string, { open: number; recent: number }>>;

export interface Assignee {
  personId: string;
  name: string;
  email: string;
}

export interface AssignmentDecision {
  assignee: Assignee;
  /** Why, in a clerk's words: the winner's reasons, then who was skipped and why. */
  explanation: string[];
  fallback: boolean;
}

const languageMatches = (person: Person, language: string) => person.languages.some((l) => l.toLowerCase() === language.toLowerCase() || l.split('-')[0]!.toLowerCase() === language.split('-')[0]!.toLowerCase());

/**
 * @example
 * assignTask(taskType('check-lc'), { language: 'en', market: 'NL', products: ['85'], team: 'export-europe' }, DIRECTORY, {}, now).assignee.name // 'Zhao Min'
 */
export function assignTask(
  type: TaskType,
  ctx: AssignmentContext,
  directory: Directory,
  workload: Workload,
  now: number,
  options: { exclude?: readonly string[]; policy?: AssignmentPolicy } = {},
): AssignmentDecision {
  const policy = options.policy ?? ASSIGNMENT_POLICY;
  const skipped: string[] = [];
  const ranked: Array<{ person: Person; score: number; open: number; recent: number; reasons: string[] }> = [];
  for (const person of directory.people) {
    if (!person.roles.some((r) => type.roles.includes(r)) || !person.skills.includes(type.skill)) continue;
    if (options.exclude?.includes(person.personId)) {
      skipped.push(`${person.name} was not considered (the task is being moved away from them).`);
      continue;
    }
    const absence = absenceAt(person, now);
    if (absence) {
      skipped.push(`${person.name} is absent (${absence.reason}) until ${absence.to}.`);
      continue;
    }
    const load = workload[person.personId] ?? { open: 0, recent: 0 };
    if (load.open >= person.maxOpenTasks) {
      skipped.push(`${person.name} is at the cap of ${person.maxOpenTasks} open tasks.`);
      continue;
    }
    const reasons = [`has ${type.skill} expertise`];
    let score = 0;
    if (type.prefers.includes('language') && languageMatches(person, ctx.language)) {
      score += policy.points.language;
      reasons.push(`writes ${ctx.language}, the customer's language`);
    }
    if (type.prefers.includes('market') && person.markets.includes(ctx.market)) {
      score += policy.points.market;
      reasons.push(`knows the ${ctx.market} market`);
    }
    if (type.prefers.includes('product') && ctx.products.some((p) => person.products.includes(p))) {
      score += policy.points.product;
      reasons.push(`knows the goods (HS chapter ${ctx.products.filter((p) => person.products.includes(p)).join(', ')})`);
    }
    if (person.team === ctx.team) {
      score += policy.points.sameTeam;
      reasons.push(`is in team ${ctx.team}`);
    }
    score -= load.open * policy.perOpenTask;
    reasons.push(`has ${load.open} of ${person.maxOpenTasks} open tasks and ${load.recent} assigned in the last ${policy.fairnessWindowDays} days`);
    ranked.push({ person, score, open: load.open, recent: load.recent, reasons });
  }
  ranked.sort((a, b) => b.score - a.score || a.recent - b.recent || a.person.personId.localeCompare(b.person.personId));
  const best = ranked[0];
  if (!best) {
    const lead = teamLeadOf(ctx.team, directory);
    return {
      assignee: { personId: `lead:${ctx.team}`, name: lead.name, email: lead.email },
      explanation: [`Nobody with ${type.skill} expertise in the ${type.roles.join('/')} role is available: the team lead takes it.`, ...skipped],
      fallback: true,
    };
  }
  const runnersUp = ranked.slice(1, 3).map((r) => `${r.person.name} scored ${r.score}${r.score === best.score ? ` (tie; ${r.recent} recent assignments against ${best.recent})` : ''}.`);
  return {
    assignee: { personId: best.person.personId, name: best.person.name, email: best.person.email },
    explanation: [`${best.person.name} ${best.reasons.join('; ')} (score ${best.score}).`, ...runnersUp, ...skipped],
    fallback: false,
  };
}

/** People absent now: their open tasks are to be reassigned. */
export function absentPeople(directory: Directory, now: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const person of directory.people) {
    const absence = absenceAt(person, now);
    if (absence) out.set(person.personId, `${person.name} is absent (${absence.reason}) until ${absence.to}`);
  }
  return out;
}
