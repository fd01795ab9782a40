/**
 * `npm start`: the whole system on local stand-ins, state kept under .local/ (delete it to start afresh).
 * `npm run demo` (or `npm start -- --demo`) also drives sample contracts through their lifecycles.
 */
import { startLocalRuntime } from './runtime';

async function main() {
  const args = process.argv.slice(2);
  const demo = args.includes('--demo');
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = process.env.TRADEFLOW_DATA_DIR ?? '.local';
  const runtime = await startLocalRuntime({ dataDir, apiPort: port, sesPort: Number(process.env.SES_PORT ?? 8005), log: (l) => console.log(l) });
  const t = runtime.tokens;
  console.log(`
Tradeflow is running locally (ready in ${(runtime.readyMs / 1000).toFixed(1)} s; state in ${dataDir}/)

  API                ${runtime.apiUrl}              (OpenAPI: ${runtime.apiUrl}/openapi.json)
  Mailbox (SES)      ${runtime.mailboxUrl}
  Step Functions     ${runtime.sfnUrl}   (AWS_ENDPOINT_URL_SFN)
  EventBridge        ${runtime.eventBridgeUrl}   (AWS_ENDPOINT_URL_EVENTBRIDGE; partner bus: tradeflow-partner)
  DynamoDB Local     ${runtime.dynamoDbUrl}   (table: tradeflow)
  Local clock        GET/POST ${runtime.apiUrl}/_local/clock   body {"advanceDays": 3}
  Dev tokens         GET ${runtime.apiUrl}/_local/tokens   (one per role)

Try:
  curl -s -H "authorization: Bearer ${t.operations!.token}" '${runtime.apiUrl}/contracts?stage=SIGNED'
`);
  if (demo) {
    const { runDemo } = await import('./demo');
    await runDemo(runtime, (line) => console.log(line));
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping…');
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  // `kill <npm pid>` does not always reach this process through npm and tsx: when the process that
  // started us is gone, stop too, so DynamoDB Local (a Java child) is never left behind.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop();
  }, 1000).unref();
}

main().catch((error) => {
  console.error('Tradeflow local runtime failed to start:', error);
  process.exit(1);
});
