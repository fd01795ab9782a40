/**
 * Whom an escalation reaches, by level: the owner first, then the team lead, then management.
 * Team leads and management are data (an operations-maintained directory), not code.
 */
import type { Contract } from './contract';

export interface TeamDirectoryEntry {
  lead: { name: string; email: string };
}

/** Team directory. Operations keep it here until the policy API (issue 6) makes it editable. */
export const TEAM_DIRECTORY: Record<string, TeamDirectoryEntry> = {
  'export-asia': { lead: { name: 'Export Asia lead', email: 'lead.export-asia@tradeflow.example' } },
  'export-europe': { lead: { name: 'Export Europe lead', email: 'lead.export-europe@tradeflow.example' } },
};
export const MANAGEMENT = { name: 'Trade operations management', email: 'management@tradeflow.example' };
export const DEFAULT_LEAD = { name: 'Trade desk lead', email: 'desk-lead@tradeflow.example' };

export interface EscalationRecipient {
  role: 'owner' | 'team lead' | 'management';
  email: string;
}

/**
 * @example escalationRecipients(contract, 2) // owner and team lead
 */
export function escalationRecipients(contract: Pick<Contract, 'owner' | 'team'>, level: number): EscalationRecipient[] {
  const out: EscalationRecipient[] = [{ role: 'owner', email: contract.owner.email }];
  if (level >= 2) out.push({ role: 'team lead', email: (TEAM_DIRECTORY[contract.team]?.lead ?? DEFAULT_LEAD).email });
  if (level >= 3) out.push({ role: 'management', email: MANAGEMENT.email });
  return out;
}
