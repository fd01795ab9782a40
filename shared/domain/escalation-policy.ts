/**
 * Whom an escalation reaches, by level, for a wait that raises no exception class — now derived from the
 * escalation decision tree (policies/escalation-tree.ts) and the people directory (policies/people.ts),
 * which operations change through the policy API. Kept for callers that only know a contract and a level.
 */
import type { Contract } from './contract';
import { escalationFor, ESCALATION_POLICY, type EscalationPolicy } from './policies/escalation-tree';
import { contractImportance } from './policies/importance';
import { DIRECTORY, teamLeadOf, type Directory } from './policies/people';

export interface EscalationRecipient {
  role: 'owner' | 'team lead' | 'finance' | 'management';
  email: string;
}

/**
 * @example escalationRecipients(contract, 2) // owner and team lead
 */
export function escalationRecipients(
  contract: Pick<Contract, 'owner' | 'team' | 'totalAmount' | 'currency' | 'customer' | 'flags'>,
  level: number,
  tree: EscalationPolicy = ESCALATION_POLICY,
  directory: Directory = DIRECTORY,
): EscalationRecipient[] {
  const targets = escalationFor({ severity: 'medium', importance: contractImportance(contract).importance, level, hoursWithoutAction: 0 }, tree);
  return targets.flatMap((t): EscalationRecipient[] => {
    switch (t.audience) {
      case 'owner': return [{ role: 'owner', email: contract.owner.email }];
      case 'teamLead': return [{ role: 'team lead', email: teamLeadOf(contract.team, directory).email }];
      case 'finance': return [{ role: 'finance', email: directory.finance.email }];
      case 'management': return [{ role: 'management', email: directory.management.email }];
      default: return [];
    }
  });
}
