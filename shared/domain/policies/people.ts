/**
 * The desk's people as data: teams and their leads, management, the finance desk, and each person's
 * expertise (L/C, freight, inspection, customs, collections, documents), languages, markets, products,
 * time zone, working hours, task cap and absences. Operations change it through the policy API.
 */
import { DateTime } from 'luxon';
import * as z from 'zod';
import { isIanaTimeZone } from '../reference-data';

export const SKILLS = ['LC', 'freight', 'inspection', 'customs', 'collections', 'documents', 'customer-care', 'claims'] as const;
export type Skill = (typeof SKILLS)[number];

const Email = z.email();
const TimeZone = z.string().refine(isIanaTimeZone, 'must be an IANA time zone such as Asia/Shanghai');
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm');

export const WorkingHoursSchema = z.strictObject({
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: z.array(z.number().int().min(1).max(7)).min(1),
  start: ClockTime,
  end: ClockTime,
});
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

export const ContactPointSchema = z.strictObject({ name: z.string().min(1), email: Email, timeZone: TimeZone, workingHours: WorkingHoursSchema });
export type ContactPoint = z.infer<typeof ContactPointSchema>;

export const PersonSchema = z.strictObject({
  personId: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  email: Email,
  roles: z.array(z.enum(['sales', 'operations', 'finance', 'manager'])).min(1),
  team: z.string().min(1),
  timeZone: TimeZone,
  workingHours: WorkingHoursSchema,
  skills: z.array(z.enum(SKILLS)),
  /** BCP 47 tags the person writes in. */
  languages: z.array(z.string().min(2)),
  /** ISO 3166 countries of buyers the person knows. */
  markets: z.array(z.string().regex(/^[A-Z]{2}$/)),
  /** HS chapters the person knows. */
  products: z.array(z.string().regex(/^\d{2}$/)),
  /** Most open tasks at once. */
  maxOpenTasks: z.number().int().min(1).max(50),
  absences: z.array(z.strictObject({ from: z.iso.date(), to: z.iso.date(), reason: z.string().min(1) })),
});
export type Person = z.infer<typeof PersonSchema>;

export const DirectorySchema = z.strictObject({
  teams: z.record(z.string(), z.strictObject({ lead: ContactPointSchema })),
  defaultLead: ContactPointSchema,
  management: ContactPointSchema,
  finance: ContactPointSchema,
  people: z.array(PersonSchema),
});
export type Directory = z.infer<typeof DirectorySchema>;

const officeHours = (zone: string): WorkingHours => ({ days: [1, 2, 3, 4, 5], start: '09:00', end: zone.startsWith('Asia/') ? '18:00' : '17:30' });
const contactPoint = (name: string, email: string, timeZone: string): ContactPoint => ({ name, email, timeZone, workingHours: officeHours(timeZone) });

export const DIRECTORY: Directory = {
  teams: {
    'export-asia': { lead: contactPoint('Export Asia lead', 'lead.export-asia@tradeflow.example', 'Asia/Shanghai') },
    'export-europe': { lead: contactPoint('Export Europe lead', 'lead.export-europe@tradeflow.example', 'Asia/Shanghai') },
    'export-americas': { lead: contactPoint('Export Americas lead', 'lead.export-americas@tradeflow.example', 'America/New_York') },
  },
  defaultLead: contactPoint('Trade desk lead', 'desk-lead@tradeflow.example', 'Asia/Shanghai'),
  management: contactPoint('Trade operations management', 'management@tradeflow.example', 'Asia/Shanghai'),
  finance: contactPoint('Finance desk', 'finance.desk@tradeflow.example', 'Asia/Shanghai'),
  people: [
    { personId: 'chen-hao', name: 'Chen Hao', email: 'chen.hao@jinqiao-telecom.example', roles: ['sales'], team: 'export-europe', timeZone: 'Asia/Shanghai', workingHours: officeHours('Asia/Shanghai'), skills: ['customer-care'], languages: ['zh-CN', 'en'], markets: ['NL', 'DE', 'BE'], products: ['85', '94'], maxOpenTasks: 6, absences: [] },
    { personId: 'li-wei', name: 'Li Wei', email: 'li.wei@sino-export.example', roles: ['sales'], team: 'export-europe', timeZone: 'Asia/Shanghai', workingHours: officeHours('Asia/Shanghai'), skills: ['customer-care', 'claims'], languages: ['zh-CN', 'en'], markets: ['NL', 'DE', 'FR', 'PL'], products: ['84', '85', '94'], maxOpenTasks: 6, absences: [] },
    { personId: 'dana-park', name: 'Dana Park', email: 'dana.park@sino-export.example', roles: ['sales'], team: 'export-americas', timeZone: 'America/New_York', workingHours: officeHours('America/New_York'), skills: ['customer-care', 'claims'], languages: ['en'], markets: ['US', 'CA', 'MX'], products: ['39', '73', '94'], maxOpenTasks: 6, absences: [] },
    { personId: 'chen-ops', name: 'Chen Jing', email: 'chen.ops@sino-export.example', roles: ['operations'], team: 'export-europe', timeZone: 'Asia/Shanghai', workingHours: officeHours('Asia/Shanghai'), skills: ['freight', 'inspection', 'customs', 'documents'], languages: ['zh-CN', 'en'], markets: ['NL', 'DE', 'BE', 'FR'], products: ['85', '94'], maxOpenTasks: 8, absences: [] },
    { personId: 'sun-mei', name: 'Sun Mei', email: 'sun.mei@sino-export.example', roles: ['operations'], team: 'export-americas', timeZone: 'Asia/Shanghai', workingHours: officeHours('Asia/Shanghai'), skills: ['freight', 'customs', 'documents'], languages: ['zh-CN'], markets: ['US', 'CA', 'CN'], products: ['39', '73'], maxOpenTasks: 8, absences: [] },
    { personId: 'anna-vos', name: 'Anna Vos', email: 'anna.vos@sino-export.example', roles: ['operations'], team: 'export-europe', timeZone: 'Europe/Amsterdam', workingHours: officeHours('Europe/Amsterdam'), skills: ['freight', 'customs', 'inspection'], languages: ['en', 'nl'], markets: ['NL', 'BE', 'DE'], products: ['84', '94'], maxOpenTasks: 8, absences: [] },
    { personId: 'zhao-fin', name: 'Zhao Min', email: 'zhao.finance@sino-export.example', roles: ['finance'], team: 'export-europe', timeZone: 'Asia/Shanghai', workingHours: officeHours('Asia/Shanghai'), skills: ['LC', 'documents', 'collections'], languages: ['zh-CN', 'en'], markets: ['NL', 'DE', 'US'], products: [], maxOpenTasks: 8, absences: [] },
    { personId: 'liu-yang', name: 'Liu Yang', email: 'liu.yang@sino-export.example', roles: ['finance'], team: 'export-asia', timeZone: 'Asia/Shanghai', workingHours: officeHours('Asia/Shanghai'), skills: ['LC', 'documents', 'collections'], languages: ['zh-CN', 'en', 'ja'], markets: ['JP', 'TH', 'SG', 'US'], products: [], maxOpenTasks: 8, absences: [] },
    { personId: 'wang-mgr', name: 'Wang Lei', email: 'wang.manager@sino-export.example', roles: ['manager'], team: 'export-europe', timeZone: 'Asia/Shanghai', workingHours: officeHours('Asia/Shanghai'), skills: ['claims', 'customer-care'], languages: ['zh-CN', 'en'], markets: [], products: [], maxOpenTasks: 4, absences: [] },
  ],
};

/** The lead of a team, or the desk lead when the team has none. */
export function teamLeadOf(team: string, directory: Directory = DIRECTORY): ContactPoint {
  return directory.teams[team]?.lead ?? directory.defaultLead;
}

export function personByEmail(email: string, directory: Directory = DIRECTORY): Person | undefined {
  const e = email.toLowerCase();
  return directory.people.find((p) => p.email.toLowerCase() === e);
}

/** The absence covering `now` in the person's time zone, if any. */
export function absenceAt(person: Pick<Person, 'absences' | 'timeZone'>, now: number): Person['absences'][number] | undefined {
  const today = DateTime.fromMillis(now, { zone: person.timeZone }).toISODate()!;
  return person.absences.find((a) => a.from <= today && today <= a.to);
}

/**
 * Whether `now` falls in the working hours of someone in `zone` (weekday and local clock time, so a DST
 * change moves nothing: 09:00 stays 09:00 local).
 * @example isWorkingTime({ days: [1,2,3,4,5], start: '09:00', end: '17:30' }, 'Europe/Amsterdam', Date.parse('2027-03-29T07:00:00Z')) // true (09:00 CEST)
 */
export function isWorkingTime(hours: WorkingHours, zone: string, now: number): boolean {
  const local = DateTime.fromMillis(now, { zone });
  if (!hours.days.includes(local.weekday)) return false;
  const minutes = local.hour * 60 + local.minute;
  const [sh, sm] = hours.start.split(':').map(Number) as [number, number];
  const [eh, em] = hours.end.split(':').map(Number) as [number, number];
  return minutes >= sh * 60 + sm && minutes < eh * 60 + em;
}
