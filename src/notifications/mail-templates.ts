import { goodbye } from './templates/goodbye.template.js';
import type { MailTemplate, MailTemplateData } from './templates/mail-template.js';
import { welcome } from './templates/welcome.template.js';

/** Every e-mail the service sends, by name; a new one is a file in templates/ and a line here. */
export const MAIL_TEMPLATES = { welcome, goodbye } as const satisfies Record<string, MailTemplate>;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** The e-mail `template` makes of `data`: a name such as `<script>` is text in the HTML body, not markup. */
export function renderEmail(template: MailTemplateName, data: MailTemplateData): RenderedEmail {
  const t: MailTemplate = MAIL_TEMPLATES[template];
  const escaped = { name: data.name === null ? null : escapeHtml(data.name), email: escapeHtml(data.email) };
  return { subject: t.subject(data), text: t.text(data), html: t.html(escaped) };
}
