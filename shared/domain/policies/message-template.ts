/**
 * One template per message, rendered for every channel: e-mail (plain text and HTML) and the (future)
 * portal feed. Templates are data — strings with `{name}` placeholders and `[ optional {segments}]` that
 * appear only when every placeholder inside them has a value (brackets with no placeholder are literal) — so operations can change the wording
 * through the policy API and every channel still says the same thing.
 */

export interface MessageTemplate {
  subject: string;
  headline: string;
  body: string;
}

export type TemplateVars = Readonly<Record<string, string | number | undefined>>;

export interface RenderedMessage {
  subject: string;
  headline: string;
  body: string;
  /** The e-mail's plain-text part. */
  text: string;
  /** The e-mail's HTML part: every value escaped. */
  html: string;
  /** The portal feed's item: the same words, no markup. */
  portal: { title: string; body: string };
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
const OPTIONAL = /\[([^[\]]*)\]/g;

/** The placeholders a template string uses (for validation of edited templates). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fill(template: string, vars: TemplateVars, encode: (v: string) => string): string {
  const present = (name: string) => vars[name] !== undefined && vars[name] !== '';
  // Brackets without a placeholder inside are literal text, as in "[Tradeflow]".
  const withOptionals = template.replace(OPTIONAL, (whole, inner: string) => {
    const names = placeholdersOf(inner);
    if (names.length === 0) return whole;
    return names.every(present) ? inner : '\u0000';
  });
  return withOptionals
    .replace(PLACEHOLDER, (_m, name: string) => (present(name) ? encode(String(vars[name])) : ''))
    .split('\u0000')
    .join('');
}

/**
 * Renders a template for every channel.
 * @example
 * renderMessage({ subject: 'Contract {contractNumber}[ at {port}]', headline: 'Hi', body: 'Done.' }, { contractNumber: 'SJT-1' }).subject
 * // 'Contract SJT-1'
 */
export function renderMessage(template: MessageTemplate, vars: TemplateVars, signature = '— Tradeflow'): RenderedMessage {
  const plain = (s: string) => fill(s, vars, (v) => v);
  const subject = plain(template.subject).replace(/[\r\n]+/g, ' ');
  const headline = plain(template.headline);
  const body = plain(template.body);
  // The template's own words are escaped too: a manager's edit cannot inject markup either.
  const htmlBody = fill(escapeHtml(template.body), vars, escapeHtml)
    .split('\n')
    .map((line) => `<p>${line}</p>`)
    .join('');
  return {
    subject,
    headline,
    body,
    text: `${headline}\n\n${body}\n\n${signature}`,
    html: `<h2>${escapeHtml(headline)}</h2>${htmlBody}<p>${escapeHtml(signature)}</p>`,
    portal: { title: subject, body },
  };
}
