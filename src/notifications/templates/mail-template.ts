/** What a template fills in: the recipient's name, when the registration gave one. */
export interface MailTemplateData {
  name: string | null;
  email: string;
}

/**
 * One e-mail's wording: a subject, a plain-text body and an HTML body. `html` receives the data
 * already HTML-escaped; `text` and `subject` receive it as it is.
 */
export interface MailTemplate {
  subject(data: MailTemplateData): string;
  text(data: MailTemplateData): string;
  html(data: MailTemplateData): string;
}

/** A greeting name: the registered name, or the address when there is none. */
export const greeting = (data: MailTemplateData) => data.name ?? data.email;
