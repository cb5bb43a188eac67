import { greeting, type MailTemplate } from './mail-template.js';

/** Sent as the registration saga's last step. */
export const welcome: MailTemplate = {
  subject: () => 'Welcome!',
  text: (data) => `Hello ${greeting(data)},\n\nyour account is ready.\n`,
  html: (data) => `<!doctype html>
<html><body>
<p>Hello ${greeting(data)},</p>
<p>your account is ready.</p>
</body></html>
`,
};
