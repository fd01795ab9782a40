import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';

/** Properties of {@link Email}. */
export interface EmailProps {
  readonly namePrefix: string;
  /** From address of every e-mail Tradeflow sends. */
  readonly senderAddress: string;
  /** Its domain: the verified SES identity (Easy DKIM, records as stack outputs). */
  readonly senderDomain: string;
  /** Bounces, complaints, rejects and delivery delays are forwarded here, as `aws.ses` events. */
  readonly domainBus: events.IEventBus;
}

/** The SES feedback Tradeflow reacts to; EventBridge detail-types as SES publishes them. */
export const SES_FEEDBACK_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received', 'Email Rejected', 'Email Delivery Delayed', 'Email Rendering Failed'];

/**
 * E-mail sending: the SES domain identity of the sender, a configuration set (TLS required, reputation
 * metrics, account suppression list for bounces and complaints) and its feedback routed to the domain bus.
 * SES can only publish to the account's default bus, so a rule there forwards this configuration set's
 * events — and no one else's — to the domain bus, with retries and a DLQ like every other target.
 *
 * @example
 * const email = new Email(this, 'Email', { namePrefix: 'tradeflow', senderAddress: 'no-reply@acme.example', senderDomain: 'acme.example', domainBus });
 * email.grantSend(fn);
 */
export class Email extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetName: string;
  readonly senderAddress: string;
  readonly feedbackDeadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.configurationSetName = `${props.namePrefix}-email`;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.domain(props.senderDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });

    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.configurationSet.addEventDestination('FeedbackToEventBridge', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.DELIVERY_DELAY,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });

    this.feedbackDeadLetterQueue = deadLetterQueue(this, 'FeedbackForwardDlq', { kind: 'rule-target' });
    new events.Rule(this, 'FeedbackToDomainBus', {
      eventBus: defaultBus,
      description: `SES feedback of configuration set ${this.configurationSetName}, forwarded to the domain bus.`,
      eventPattern: {
        source: ['aws.ses'],
        detailType: SES_FEEDBACK_DETAIL_TYPES,
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSetName] } } },
      },
      targets: [new targets.EventBus(props.domainBus, { deadLetterQueue: this.feedbackDeadLetterQueue })],
    });

    this.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `DkimRecord${index + 1}`, {
        description: `CNAME to publish in the DNS of ${props.senderDomain} before SES will send (Easy DKIM).`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
  }

  /**
   * Lets `grantee` call SES v2 SendEmail from {@link senderAddress} through this identity and configuration set,
   * and nothing else: the From address is pinned by the `ses:FromAddress` condition.
   */
  grantSend(grantee: iam.IGrantable): void {
    const configurationSetArn = Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSetName });
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identity.emailIdentityArn, configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
      }),
    );
  }
}
