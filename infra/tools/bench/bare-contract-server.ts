/**
 * The floor for `GET /contracts/{id}`: a bare node:http server on 127.0.0.1 that answers with one strongly
 * consistent GetItem of the contract item from the same DynamoDB Local. No authentication, routing table,
 * Lambda event, validation or response shaping — whatever the real API costs above this is ours.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * Starts the baseline server.
 *
 * @example
 * const bare = await startBareContractServer({ endpoint: runtime.dynamoDbUrl, tableName: 'tradeflow' });
 * await fetch(`${bare.url}/contracts/${id}`);
 * await bare.close();
 */
export async function startBareContractServer(o: { endpoint: string; tableName: string; region?: string }) {
  const client = new DynamoDBClient({ endpoint: o.endpoint, region: o.region ?? 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const server = createServer((req, res) => {
    const id = /^\/contracts\/([^/?]+)/.exec(req.url ?? '')?.[1];
    if (!id) {
      res.writeHead(404).end();
      return;
    }
    client
      .send(new GetItemCommand({ TableName: o.tableName, Key: { pk: { S: `CONTRACT#${decodeURIComponent(id)}` }, sk: { S: 'META' } }, ConsistentRead: true }))
      .then((out) => {
        res.writeHead(out.Item ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out.Item ?? {}));
      })
      .catch((error: Error) => {
        res.writeHead(500).end(error.message);
      });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.destroy();
    },
  };
}
