import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { KeyAttribute, TableDesign } from '../table-design';

/** Properties of {@link Store}. */
export interface StoreProps {
  /** The design to build; `tradeflowTable` from `infra/table-design.ts` in the app. */
  readonly design: TableDesign;
}

/**
 * The contract store: the one DynamoDB table, built from `infra/table-design.ts` so keys, indexes, TTL and
 * stream are written down once for the cloud and the local runtime.
 *
 * Encryption is the AWS-managed key (`aws/dynamodb`), not a customer-managed key: nothing outside this account
 * reads the table, so a CMK would buy no access boundary, while its key policy, grants to every function role
 * and $1/month + request cost would be ours to run. The AWS-managed key (unlike the default AWS-owned key)
 * still logs every use in CloudTrail. Revisit if a customer contract demands crypto-shredding or BYOK.
 *
 * @example
 * const store = new Store(this, 'Store', { design: tradeflowTable });
 * store.table.grantReadData(fn);
 */
export class Store extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: StoreProps) {
    super(scope, id);
    const { design } = props;
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: attribute(design.partitionKey),
      sortKey: attribute(design.sortKey),
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: design.timeToLiveAttribute,
      dynamoStream: dynamodb.StreamViewType[design.stream],
      globalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
      })),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

const ATTRIBUTE_TYPES: Record<KeyAttribute['type'], dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPES[key.type] };
}
