import { greeting, type MailTemplate } from './mail-template.js';

/** Sent by the account-closure saga once the charge is refunded. */
export const goodbye: MailTemplate = {
  subject: () => 'Your account is closed',
  text: (data) => `Hello ${greeting(data)},\n\nyour account is closed, and any registration fee you paid is refunded. Goodbye!\n`,
  html: (data) => `<!doctype html>
<html><body>
<p>Hello ${greeting(data)},</p>
<p>your account is closed, and any registration fee you paid is refunded. Goodbye!</p>
</body></html>
`,
};
