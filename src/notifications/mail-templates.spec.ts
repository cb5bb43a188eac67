import { describe, expect, it } from '@jest/globals';
import { MAIL_TEMPLATES, type MailTemplateName, renderEmail } from './mail-templates.js';

describe('renderEmail', () => {
  const names = Object.keys(MAIL_TEMPLATES) as MailTemplateName[];

  it.each(names)('%s: a subject, a text and an HTML body greeting the user by name, or by address without one', (template) => {
    const named = renderEmail(template, { name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(named.subject.length).toBeGreaterThan(0);
    expect(named.text).toContain('Hello Ada Lovelace,');
    expect(named.html).toContain('<p>Hello Ada Lovelace,</p>');
    expect(renderEmail(template, { name: null, email: 'ada@example.com' }).text).toContain('Hello ada@example.com,');
  });

  it.each(names)('%s: escapes the name in HTML only', (template) => {
    const rendered = renderEmail(template, { name: '<img src=x onerror=alert(1)> & "Co"', email: 'a@example.com' });
    expect(rendered.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    expect(rendered.html).not.toContain('<img');
    expect(rendered.text).toContain('<img src=x onerror=alert(1)> & "Co"');
  });
});
