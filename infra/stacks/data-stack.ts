import { Annotations, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/evidence';
import { senderDomain, usesPlaceholderSender, type TradeflowConfig } from '../config';
import { EventBuses } from '../constructs/event-buses';
import { Email } from '../constructs/email';
import { Store } from '../constructs/store';
import { Users } from '../constructs/users';
import { tradeflowTable } from '../table-design';

/** Properties of {@link TradeflowDataStack}. */
export interface TradeflowDataStackProps extends StackProps {
  readonly config: TradeflowConfig;
}

/**
 * Everything that holds state or identity and must outlive a redeploy of the application: the table, both
 * event buses with the partner archive, the SES identity and configuration set, the user pool. Retained on
 * `cdk destroy`; the app stack can be torn down and rebuilt against it at any time.
 */
export class TradeflowDataStack extends Stack {
  readonly store: Store;
  readonly buses: EventBuses;
  readonly email: Email;
  readonly users: Users;

  constructor(scope: Construct, id: string, props: TradeflowDataStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.store = new Store(this, 'Store', { design: tradeflowTable });
    this.buses = new EventBuses(this, 'Buses', {
      namePrefix: config.namePrefix,
      partnerAccountIds: config.partnerAccountIds,
      partnerArchiveRetention: Duration.days(config.partnerArchiveRetentionDays),
    });
    this.email = new Email(this, 'Email', {
      namePrefix: config.namePrefix,
      senderAddress: config.senderAddress,
      senderDomain: senderDomain(config),
      domainBus: this.buses.domain,
    });
    this.users = new Users(this, 'Users', { roles: ROLES });

    if (usesPlaceholderSender(config)) {
      Annotations.of(this).addWarningV2(
        'tradeflow:placeholder-sender',
        `senderAddress is the placeholder ${config.senderAddress}: pass -c senderAddress=<address on your domain> before deploying.`,
      );
    }

    new CfnOutput(this, 'PartnerEventBusArn', { value: this.buses.partner.eventBusArn, description: 'Give this ARN to partners (docs/cloud.md).' });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.store.table.tableName });
  }
}
