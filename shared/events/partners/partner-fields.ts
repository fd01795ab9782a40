/**
 * zod building blocks shared by the partner schemas. Messages name the rule and show the value, so a
 * SCHEMA rejection can be read by the person who talks to the partner.
 */
import * as z from 'zod';
import { isUnLocode, UN_LOCODE_PATTERN } from '../../domain/reference-data';
import { quoted } from './partner-mapping';
import { readPartnerInstant } from './partner-time';

/** Non-blank text up to `max` characters. */
export const partnerText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be text; got ${quoted(issue.input)}`) })
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

/** A code we validate ourselves (unknown codes tolerated and recorded by the mapping). */
export const partnerCode = partnerText(35);

/** ISO 8601 date-time, with or without offset (see partner-time.ts). */
export const partnerInstant = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be an ISO 8601 date-time text; got ${quoted(issue.input)}`) })
  .refine((value) => readPartnerInstant(value) !== undefined, {
    error: (issue) => `must be an ISO 8601 date-time such as 2026-02-10T13:50:00+08:00; got ${quoted(issue.input)}`,
  });

/** A UN/LOCODE with an assigned ISO 3166 country. */
export const partnerUnLocode = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be a UN/LOCODE text; got ${quoted(issue.input)}`) })
  .refine((value) => isUnLocode(value), {
    error: (issue) => {
      const value = String(issue.input);
      return UN_LOCODE_PATTERN.test(value)
        ? `${quoted(value)} is not a UN/LOCODE: '${value.slice(0, 2)}' is not an ISO 3166 country`
        : `${quoted(value)} is not a UN/LOCODE (country code plus three letters or digits 2–9, e.g. NLRTM)`;
    },
  });
