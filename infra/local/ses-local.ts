import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import startSesServer from 'aws-ses-v2-local';

/**
 * `aws-ses-v2-local` started inside this process as the local SES: it accepts SES v1/v2 `SendEmail` and
 * raw MIME mail from the unchanged SDK client, keeps what was sent, and shows it in a browser mailbox.
 * Identities and configuration sets do not exist there; they stay cloud-only in CDK.
 *
 * Note: the library keeps sent mail in a module-level store, so two instances in one process share one
 * mailbox, and `clear()` also forgets email templates.
 */

/** One stored e-mail, as `GET /store` returns it. */
export interface LocalEmail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: readonly string[];
  readonly destination: { readonly to: readonly string[]; readonly cc: readonly string[]; readonly bcc: readonly string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly attachments: readonly { readonly content: string; readonly contentType: string; readonly filename?: string; readonly size: number }[];
  /** Epoch seconds. */
  readonly at: number;
}

/** A running local SES. */
export interface SesLocal {
  /** For the SDK's `endpoint` / `AWS_ENDPOINT_URL_SESV2`. */
  readonly endpoint: string;
  /** Open in a browser to read the mail that was sent. */
  readonly mailboxUrl: string;
  readonly port: number;
  /** Measured time until the server listened. */
  readonly startupMs: number;
  /** Everything sent so far (optionally only since an epoch-seconds instant), oldest first. */
  listMessages(sinceEpochSeconds?: number): Promise<LocalEmail[]>;
  /** Empties the mailbox (and the template store). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the local SES on a port (0 or omitted: a free one) on 127.0.0.1.
 *
 * @example
 * const ses = await startSesLocal({ port: 0 });
 * const client = new SESv2Client({ endpoint: ses.endpoint, region: 'eu-west-1',
 *   credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * // … send, then:
 * const [mail] = await ses.listMessages();
 */
export async function startSesLocal(options: { readonly port?: number; readonly host?: string } = {}): Promise<SesLocal> {
  const host = options.host ?? '127.0.0.1';
  const started = performance.now();
  const server: Server = await startSesServer({ host, port: options.port ?? 0 });
  const startupMs = Math.round(performance.now() - started);
  const address = server.address() as AddressInfo | null;
  if (!address) {
    // aws-ses-v2-local resolves even when listen failed (the port is taken).
    server.close();
    throw new Error(`The local SES could not listen on ${host}:${options.port}: the port is in use (is Tradeflow already running?). Stop it, or set SES_PORT to another port.`);
  }
  const { port } = address;
  const endpoint = `http://${host}:${port}`;

  const call = async (method: 'GET' | 'POST', path: string): Promise<unknown> => {
    const response = await fetch(`${endpoint}${path}`, { method });
    if (!response.ok) throw new Error(`local SES ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    port,
    startupMs,
    listMessages: async (since) => {
      const store = (await call('GET', since === undefined ? '/store' : `/store?since=${Math.floor(since)}`)) as { emails: LocalEmail[] };
      return store.emails;
    },
    clear: async () => {
      await call('POST', '/clear-store');
    },
    stop: () =>
      (stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
