import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { startSesLocal, type SesLocal } from '../../../infra/local/ses-local';

describe('local SES with the real SESv2 client', () => {
  let ses: SesLocal;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSesLocal({ port: 0 });
    console.info(`local SES listening after ${ses.startupMs} ms on ${ses.endpoint}`);
    client = new SESv2Client({ endpoint: ses.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });
  beforeEach(async () => ses.clear());

  it('stores a simple e-mail with subject, text and HTML bodies', async () => {
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'notifications@tradeflow.example',
        Destination: { ToAddresses: ['import.desk@hanse-kaffee.example'] },
        Content: {
          Simple: {
            Subject: { Data: 'Contract HH-2026-0042: letter of credit issued' },
            Body: {
              Text: { Data: 'The LC for 250,000.00 EUR (CIF Hamburg) has been issued.' },
              Html: { Data: '<p>The LC for <b>250,000.00 EUR</b> (CIF Hamburg) has been issued.</p>' },
            },
          },
        },
      }),
    );

    const messages = await ses.listMessages();
    expect(messages).toEqual([
      expect.objectContaining({
        messageId: sent.MessageId,
        from: 'notifications@tradeflow.example',
        destination: expect.objectContaining({ to: ['import.desk@hanse-kaffee.example'] }),
        subject: 'Contract HH-2026-0042: letter of credit issued',
        body: {
          text: 'The LC for 250,000.00 EUR (CIF Hamburg) has been issued.',
          html: '<p>The LC for <b>250,000.00 EUR</b> (CIF Hamburg) has been issued.</p>',
        },
      }),
    ]);
  });

  it('stores a raw MIME e-mail, parsed', async () => {
    const mime = [
      'From: notifications@tradeflow.example',
      'To: finance@andes-cafe.example',
      'Subject: Payment due in 5 days for contract LIM-2026-0007',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      'Documents against payment: USD 48,300.00 due 2026-12-08 (FOB Callao).',
    ].join('\r\n');
    await client.send(new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(mime) } } }));

    const [message] = await ses.listMessages();
    expect(message).toMatchObject({
      subject: 'Payment due in 5 days for contract LIM-2026-0007',
      body: { text: expect.stringContaining('USD 48,300.00 due 2026-12-08') },
    });
    expect(message?.destination.to).toEqual(['finance@andes-cafe.example']);
  });

  it('empties the mailbox on clear', async () => {
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'notifications@tradeflow.example',
        Destination: { ToAddresses: ['ops@tradeflow.example'] },
        Content: { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'y' } } } },
      }),
    );
    expect(await ses.listMessages()).toHaveLength(1);
    await ses.clear();
    expect(await ses.listMessages()).toEqual([]);
  });

  it('serves the mailbox page', async () => {
    const response = await fetch(ses.mailboxUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
});
