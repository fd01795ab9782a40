/**
 * Renders docs/partner-mappings.md from the mappings themselves, so the document cannot drift from the
 * code: formats, EventBridge source prefixes and detail-types, field rules, the DCSA evidence table
 * and the refused code combinations.
 */
import { EVIDENCE_KINDS } from '../../domain/evidence';
import { DCSA_EVIDENCE_RULES, DCSA_REFUSED_COMBINATIONS } from './dcsa-rules';
import { partnerMappings } from './partner-registry';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/**
 * The partner mapping document as markdown.
 *
 * @example writeFileSync('docs/partner-mappings.md', renderPartnerMappingDoc())
 */
export function renderPartnerMappingDoc(): string {
  const out: string[] = [
    '# Partner event mappings',
    '',
    '<!-- Generated from shared/events/partners by renderPartnerMappingDoc(); do not edit by hand. -->',
    '',
    'Each partner format is read by one mapping: EventBridge `source` (prefix) plus `detail-type` select it,',
    'a zod schema validates the detail, and the mapping turns it into facts: evidence, expected dates,',
    'L/C terms or a contract draft, plus correlation keys (PO, BOOKING, BL, LC, CONTRACT) that find the contracts.',
    '',
    'Timestamps: offsets are kept as sent; a date-time without offset is read as UTC and flagged',
    '`details.assumedUtc: true`; SWIFT `YYMMDD` and SAP `/Date(ms)/` date fields become calendar dates',
    'without passing through a time zone (YY 00–79 → 20YY, 80–99 → 19YY). Unknown codes are accepted and',
    'listed in `unknownCodes`; they never prove anything.',
    '',
    '| Format | Source prefix | Detail-types |',
    '|---|---|---|',
    ...partnerMappings.map((m) => `| \`${m.id}\` — ${cell(m.title)} | \`${m.source.prefix}\` | ${m.detailTypes.map((d) => `\`${d}\``).join(', ')} |`),
    '',
    '## DCSA evidence rules (2.2 and 3.0)',
    '',
    'ACT events matching a row are evidence; PLN/EST events matching a row with an expected date set that',
    'date instead. Rows with a port are evidence only with a location; the caller checks the location',
    'against the contract with `locationMatches(kind, location, contractPorts)`.',
    '',
    '| Rule | Event | Code | Document | Evidence | At | PLN/EST → |',
    '|---|---|---|---|---|---|---|',
    ...DCSA_EVIDENCE_RULES.map(
      (r) =>
        `| ${r.id} | ${r.eventType} | ${r.typeCode}${r.ladenOnly ? ' (laden)' : ''} | ${r.documentTypeCode ?? '—'} | \`${r.kind}\` (${EVIDENCE_KINDS[r.kind].label}) | ${r.at ?? 'anywhere'} | ${r.expected ?? '—'} |`,
    ),
    '',
    'Refused as SCHEMA errors:',
    '',
    ...DCSA_REFUSED_COMBINATIONS.map((c) => `- \`${c.id}\`: ${c.rule}`),
    '',
  ];
  for (const m of partnerMappings) {
    out.push(`## \`${m.id}\``, '', m.title, '', `Source prefix \`${m.source.prefix}\`; detail-types ${m.detailTypes.map((d) => `\`${d}\``).join(', ')}.`, '');
    out.push('| From | To | Rule |', '|---|---|---|');
    for (const r of m.fieldRules) out.push(`| ${cell(r.from)} | ${cell(r.to)} | ${cell(r.rule || '—')} |`);
    out.push('');
    for (const note of m.notes ?? []) out.push(`- ${note}`);
    if ((m.notes ?? []).length > 0) out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
