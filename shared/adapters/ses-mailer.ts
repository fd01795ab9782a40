/**
 * The Mailer port over SES v2. SES builds the MIME message from Simple content: non-ASCII subjects are
 * RFC 2047-encoded by SES, and since we never hand it raw headers, nothing a customer typed can inject one.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../use-cases/ports';

/** A header value never contains a line break: collapse them (and other control characters) to spaces. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a header
export const headerSafe = (value: string) => value.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();

export function makeSesMailer(client: SESv2Client, from: string, configurationSetName?: string): Mailer {
  return {
    async send(email) {
      const to = headerSafe(email.to);
      if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(to)) throw new Error(`Refusing to send to an address that is not a single plain address: ${JSON.stringify(email.to)}`);
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
          Content: {
            Simple: {
              Subject: { Data: headerSafe(email.subject), Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    },
  };
}
