/** The DynamoDB-backed `ContractStore` port: DynamoDB client + lib-dynamodb document client, nothing else. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { makeDynamoDbContractStore } from '../dynamodb-contract-store';
import { instrumented, lazyPort } from './lazy-port';

/** The contract store over TABLE_NAME, built on first use. */
export const storePort = lazyPort(() => {
  const c = config();
  const client = DynamoDBDocumentClient.from(instrumented(new DynamoDBClient({ region: c.AWS_REGION })), { marshallOptions: { removeUndefinedValues: true } });
  return makeDynamoDbContractStore({ client, tableName: c.TABLE_NAME });
});
