/**
 * Evidence: the facts that move a contract. Partner events (carriers, banks, ERPs) and people (by hand,
 * through the API) produce evidence; the lifecycle matrix says which evidence each transition needs.
 */
import * as z from 'zod';

/** Every kind of fact Tradeflow understands, with who may assert it by hand and what it implies. */
export const EVIDENCE_KINDS = {
  submitted: { label: 'Submitted for approval/signature', manualRoles: ['sales', 'manager'] },
  approved: { label: 'Approved', manualRoles: [] },
  rejected: { label: 'Rejected by approver', manualRoles: [] },
  signed: { label: 'Contract signed by both parties', manualRoles: ['sales', 'manager'] },
  lcIssued: { label: 'Letter of credit issued', manualRoles: ['finance'] },
  lcAmended: { label: 'Letter of credit amended', manualRoles: ['finance'] },
  depositReceived: { label: 'Deposit received', manualRoles: ['finance'] },
  documentsPresented: { label: 'Documents presented to the bank', manualRoles: ['finance', 'operations'] },
  discrepancyNotice: { label: 'Bank reported documentary discrepancies', manualRoles: ['finance'] },
  draftAccepted: { label: 'Buyer accepted the draft (D/A)', manualRoles: ['finance'] },
  paymentReceived: { label: 'Payment received', manualRoles: ['finance'] },
  productionComplete: { label: 'Production complete, goods ready', manualRoles: ['operations'] },
  inspectionPassed: { label: 'Pre-shipment inspection passed', manualRoles: ['operations'] },
  inspectionFailed: { label: 'Pre-shipment inspection failed', manualRoles: ['operations'] },
  bookingConfirmed: { label: 'Carrier booking confirmed', manualRoles: ['operations'] },
  shipped: { label: 'Goods shipped (loaded / departed / B/L issued)', manualRoles: ['operations'] },
  arrived: { label: 'Arrived at port of discharge', manualRoles: ['operations'] },
  customsCleared: { label: 'Import customs cleared', manualRoles: ['operations'] },
  delivered: { label: 'Delivered at place of delivery', manualRoles: ['operations'] },
  expectedDatesUpdated: { label: 'Planned or estimated dates updated', manualRoles: ['operations'] },
} as const satisfies Record<string, { label: string; manualRoles: readonly Role[] }>;

export type EvidenceKind = keyof typeof EVIDENCE_KINDS;
export const evidenceKinds = Object.keys(EVIDENCE_KINDS) as EvidenceKind[];

/** Roles of authenticated callers. `customer` sees only its own contracts and asserts nothing. */
export const ROLES = ['sales', 'operations', 'finance', 'manager', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Facts that a later fact proves. A carrier may never send the booking confirmation, but a vessel
 * departure proves there was one: the contract still advances, and the anomaly rules flag the order.
 */
export const IMPLIED_EVIDENCE: Partial<Record<EvidenceKind, readonly EvidenceKind[]>> = {
  bookingConfirmed: ['productionComplete'],
  shipped: ['bookingConfirmed', 'productionComplete'],
  arrived: ['shipped', 'bookingConfirmed', 'productionComplete'],
  customsCleared: ['arrived', 'shipped', 'bookingConfirmed', 'productionComplete'],
  delivered: ['arrived', 'shipped', 'bookingConfirmed', 'productionComplete'],
};

/** How sure the source is: DCSA's ACT/EST/PLN, plus facts asserted by a person. Actual beats estimated beats planned. */
export const CLASSIFIERS = ['ACT', 'EST', 'PLN', 'MANUAL'] as const;
export type Classifier = (typeof CLASSIFIERS)[number];

export const Evidence = z.object({
  evidenceId: z.string().min(1),
  kind: z.enum(evidenceKinds as [EvidenceKind, ...EvidenceKind[]]),
  classifier: z.enum(CLASSIFIERS),
  /** When it happened, as the source stated it (offset kept). */
  occurredAt: z.string().min(1),
  /** When Tradeflow learned it (UTC ISO). */
  recordedAt: z.string().min(1),
  source: z.object({
    /** e.g. 'partner.carrier.maersk', 'partner.bank.hsbc', 'user:u-123' */
    publisher: z.string().min(1),
    /** The partner's own event id (dedupe key with publisher). */
    eventId: z.string().min(1),
    format: z.string().min(1),
  }),
  /** UN/LOCODE where it happened, when known. */
  location: z.string().optional(),
  /** Money carried by the fact (payments, deposits, L/C amount). Decimal string. */
  amount: z.object({ currency: z.string().length(3), value: z.string() }).optional(),
  /** Free details for the timeline (vessel, voyage, container, discrepancies, note). */
  details: z.record(z.string(), z.unknown()).default({}),
});
export type Evidence = z.infer<typeof Evidence>;

/** Actual facts only count towards transitions; EST/PLN update expected dates. */
export function isActual(e: Pick<Evidence, 'classifier'>): boolean {
  return e.classifier === 'ACT' || e.classifier === 'MANUAL';
}

/**
 * The set of kinds proven by the evidence on record, including what later facts imply.
 * @example provenKinds([{ kind: 'arrived', classifier: 'ACT' }]).has('shipped') // true
 */
export function provenKinds(evidence: ReadonlyArray<Pick<Evidence, 'kind' | 'classifier'>>): Set<EvidenceKind> {
  const proven = new Set<EvidenceKind>();
  for (const e of evidence) {
    if (!isActual(e)) continue;
    proven.add(e.kind);
    for (const implied of IMPLIED_EVIDENCE[e.kind] ?? []) proven.add(implied);
  }
  return proven;
}
