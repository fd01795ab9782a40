import { Match } from 'aws-cdk-lib/assertions';
import { functionsCatalog } from '../../infra/functions-catalog';
import { importedLogicalId, logicalIdOf, resourcesOfType, synthesizedTradeflow, TEST_CONTEXT } from './synthesized-tradeflow';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown; Principal?: unknown };

/** Actions that have no resource-level permissions, the only ones allowed on Resource "*". */
const RESOURCE_STAR_ALLOWED = new Set([
  // X-Ray (Lambda Tracing.ACTIVE, Step Functions tracingEnabled)
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  // CloudWatch Logs vended log delivery (Step Functions logging)
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  // CloudWatch metrics, should a handler ever call the API instead of EMF
  'cloudwatch:PutMetricData',
]);

function identityStatements(): { policy: string; statement: Statement }[] {
  const { dataTemplate, appTemplate } = synthesizedTradeflow();
  return [dataTemplate, appTemplate].flatMap((template) =>
    Object.entries(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap(([policy, resource]) =>
      ((resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement ?? []).map((statement) => ({ policy, statement })),
    ),
  );
}

const asArray = <T,>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('IAM', () => {
  it('grants no wildcard action, and Resource "*" only for actions without resource-level permissions', () => {
    const statements = identityStatements();
    expect(statements.length).toBeGreaterThan(10);

    for (const { policy, statement } of statements) {
      const actions = asArray(statement.Action);
      for (const action of actions) expect({ policy, action }).toEqual({ policy, action: expect.not.stringMatching(/^\*$|:\*$/) });
      if (asArray(statement.Resource).includes('*')) {
        expect({ policy, actions: actions.filter((a) => !RESOURCE_STAR_ALLOWED.has(a)) }).toEqual({ policy, actions: [] });
      }
    }
  });

  it('attaches no AWS managed policy to any role', () => {
    const { dataTemplate, appTemplate } = synthesizedTradeflow();
    for (const template of [dataTemplate, appTemplate]) {
      for (const role of Object.values(resourcesOfType(template, 'AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('gives each function exactly the AWS actions its catalog grants imply', () => {
    const { stacks, appTemplate } = synthesizedTradeflow();
    const expectedByGrant: Record<string, string[]> = {
      'table:read': ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
      'table:write': ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'],
      'workflow:start': ['states:StartExecution'],
      'workflow:callback': ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
      'workflow:stop': ['states:StopExecution'],
      'domainBus:put': ['events:PutEvents'],
      'email:send': ['ses:SendEmail'],
    };
    const baseline = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
    const policies = resourcesOfType(appTemplate, 'AWS::IAM::Policy');

    for (const definition of functionsCatalog) {
      const { function: fn, deadLetterQueue } = stacks.app.functions.get(definition.id);
      const roleId = logicalIdOf(fn.role!);
      const statements = Object.values(policies)
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
      const actions = new Set(statements.flatMap((s) => asArray(s.Action)));
      const expected = new Set([...baseline, ...definition.grants.flatMap((g) => expectedByGrant[g] ?? [`unmapped grant ${g}`]), ...(deadLetterQueue ? ['sqs:SendMessage'] : [])]);
      expect({ id: definition.id, actions: [...actions].sort() }).toEqual({ id: definition.id, actions: [...expected].sort() });
    }
  });

  it('scopes table reads to the table and its named indexes, writes to the table', () => {
    const { appTemplate } = synthesizedTradeflow();
    const resourcesOf = (action: string) =>
      identityStatements()
        .filter(({ statement }) => asArray(statement.Action).includes(action))
        .map(({ statement }) => JSON.stringify(statement.Resource));
    for (const resources of resourcesOf('dynamodb:Query')) {
      expect(resources).not.toContain('index/*');
      for (const gsi of ['gsi1', 'gsi2', 'gsi3', 'gsi4']) expect(resources).toContain(`/index/${gsi}`);
    }
    for (const resources of resourcesOf('dynamodb:PutItem')) expect(resources).not.toContain('/index/');
    expect(appTemplate).toBeDefined();
  });

  it('pins SES sending to the sender address, identity and configuration set', () => {
    const sends = identityStatements().filter(({ statement }) => asArray(statement.Action).includes('ses:SendEmail'));
    expect(sends.length).toBe(functionsCatalog.filter((f) => (f.grants as readonly string[]).includes('email:send')).length);
    for (const { statement } of sends) {
      expect(statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': TEST_CONTEXT.senderAddress } });
      expect(JSON.stringify(statement.Resource)).toMatch(/:identity\//);
      expect(JSON.stringify(statement.Resource)).toMatch(/:configuration-set\/tradeflow-email/);
    }
  });
});

describe('state machine ARN without a dependency cycle', () => {
  it('gives functions the ARN of the state machine by its name, which the state machine has', () => {
    const { stacks, appTemplate } = synthesizedTradeflow();
    const machine = resourcesOfType(appTemplate, 'AWS::StepFunctions::StateMachine')[logicalIdOf(stacks.app.lifecycle.stateMachine)]!;
    const name = machine.Properties.StateMachineName as string;

    for (const fn of Object.values(resourcesOfType(appTemplate, 'AWS::Lambda::Function'))) {
      const arn = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.STATE_MACHINE_ARN;
      expect(arn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:stateMachine:${name}`]] });
    }
  });
});

describe('data stack', () => {
  it('builds the table on demand, with PITR, deletion protection, AWS-managed encryption, retained', () => {
    const { dataTemplate } = synthesizedTradeflow();

    dataTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [Match.objectLike({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      }),
    });
  });

  it('lets only the configured partner accounts put partner.* events on the partner bus', () => {
    const { dataTemplate, stacks } = synthesizedTradeflow();
    const policies = Object.values(resourcesOfType(dataTemplate, 'AWS::Events::EventBusPolicy')).map((p) => p.Properties);

    for (const policy of policies) expect(policy.EventBusName).toEqual({ Ref: logicalIdOf(stacks.data.buses.partner) });
    const statements = policies.map((p) => p.Statement as Statement);
    expect(statements.map((s) => s.Principal)).toEqual(
      TEST_CONTEXT.partnerAccountIds.split(',').map((account) => ({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] } })),
    );
    for (const statement of statements) {
      expect(statement).toMatchObject({ Effect: 'Allow', Action: 'events:PutEvents', Condition: { StringLike: { 'events:source': 'partner.*' } } });
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [logicalIdOf(stacks.data.buses.partner), 'Arn'] });
    }
  });

  it('archives the partner bus for replay', () => {
    const { dataTemplate, stacks } = synthesizedTradeflow();
    dataTemplate.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [logicalIdOf(stacks.data.buses.partner), 'Arn'] },
      RetentionDays: 365,
    });
  });

  it('routes bounces and complaints of our configuration set to the domain bus', () => {
    const { dataTemplate, stacks } = synthesizedTradeflow();
    dataTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']), Enabled: true }),
    });
    dataTemplate.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.ses'], detail: { mail: { tags: { 'ses:configuration-set': ['tradeflow-email'] } } } }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stacks.data.buses.domain), 'Arn'] }, DeadLetterConfig: Match.anyValue() })],
    });
  });

  it('keeps the user pool: MFA required, no self sign-up, groups are the roles', () => {
    const { dataTemplate } = synthesizedTradeflow();
    dataTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ MfaConfiguration: 'ON', AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, DeletionProtection: 'ACTIVE' }),
    });
    const groups = Object.values(resourcesOfType(dataTemplate, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['customer', 'finance', 'manager', 'operations', 'sales']);
    const client = Object.values(resourcesOfType(dataTemplate, 'AWS::Cognito::UserPoolClient'))[0]!;
    expect(client.Properties.WriteAttributes).not.toContain('custom:customerId');
    expect(client.Properties.ReadAttributes).toContain('custom:customerId');
  });
});

describe('functions and delivery', () => {
  it('runs every function on nodejs24.x, arm64, traced, with its own log group and the shared environment', () => {
    const { appTemplate } = synthesizedTradeflow();
    const functions = Object.values(resourcesOfType(appTemplate, 'AWS::Lambda::Function'));
    expect(functions).toHaveLength(functionsCatalog.length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: expect.objectContaining({ LogFormat: 'JSON', LogGroup: expect.anything() }),
      });
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables).sort()).toEqual(
        ['DOMAIN_EVENT_BUS_NAME', 'NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'STATE_MACHINE_ARN', 'TABLE_NAME'].sort(),
      );
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe('Tradeflow');
    }
  });

  it('gives every rule target a retry policy and a DLQ', () => {
    const { dataTemplate, appTemplate } = synthesizedTradeflow();
    const rules = [dataTemplate, appTemplate].flatMap((t) => Object.values(resourcesOfType(t, 'AWS::Events::Rule')));
    expect(rules.length).toBeGreaterThanOrEqual(6);
    for (const rule of rules) {
      for (const target of rule.Properties.Targets as Record<string, unknown>[]) {
        expect(target.DeadLetterConfig).toEqual({ Arn: expect.anything() });
        // EventBridge accepts no retry policy for event-bus targets; the forwarding rule has a DLQ only.
        if (!JSON.stringify(target.Arn).includes('Bus')) expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 });
      }
    }
  });

  it('gives every asynchronously invoked function async retries and an on-failure DLQ', () => {
    const { stacks, appTemplate } = synthesizedTradeflow();
    for (const id of ['ingest-partner-event', 'notify-customer', 'send-reminders']) {
      const fn = stacks.app.functions.get(id);
      expect(fn.deadLetterQueue).toBeDefined();
      appTemplate.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [logicalIdOf(fn.deadLetterQueue!), 'Arn'] } },
      });
      appTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalIdOf(fn.function) },
        MaximumRetryAttempts: 2,
      });
    }
  });

  it('encrypts every queue and refuses non-TLS access', () => {
    const { dataTemplate, appTemplate } = synthesizedTradeflow();
    for (const template of [dataTemplate, appTemplate]) {
      const queues = resourcesOfType(template, 'AWS::SQS::Queue');
      const policies = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy'));
      for (const [id, queue] of Object.entries(queues)) {
        expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
        const policy = policies.find((p) => JSON.stringify(p.Properties.Queues).includes(`"${id}"`));
        expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
      }
    }
  });

  it('reads cross-stack values from the data stack it depends on', () => {
    const synth = synthesizedTradeflow();
    const fn = Object.values(resourcesOfType(synth.appTemplate, 'AWS::Lambda::Function'))[0]!;
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(importedLogicalId(synth, variables.TABLE_NAME)).toBe(logicalIdOf(synth.stacks.data.store.table));
    expect(synth.stacks.app.dependencies).toContain(synth.stacks.data);
  });
});

describe('alarms', () => {
  it('alarms on every DLQ, throttles, lifecycle failures and quarantined partner events', () => {
    const { appTemplate } = synthesizedTradeflow();
    // A labelled metric is rendered as a one-element `Metrics` array.
    const alarms = Object.values(resourcesOfType(appTemplate, 'AWS::CloudWatch::Alarm')).map((a) => {
      const metrics = a.Properties.Metrics as { MetricStat: { Metric: Record<string, unknown> } }[] | undefined;
      return { ...a.Properties, ...(metrics ? metrics[0]!.MetricStat.Metric : {}) } as Record<string, unknown>;
    });
    const metricNames = alarms.map((a) => `${a.Namespace}/${a.MetricName}`);

    for (const name of ['AWS/States/ExecutionsFailed', 'AWS/States/ExecutionsTimedOut', 'AWS/States/ExecutionsAborted', 'Tradeflow/PartnerEventsQuarantined']) {
      expect(metricNames).toContain(name);
    }
    expect(metricNames.filter((n) => n === 'AWS/Lambda/Throttles')).toHaveLength(functionsCatalog.length);
    expect(metricNames.filter((n) => n === 'AWS/SQS/ApproximateNumberOfMessagesVisible')).toHaveLength(
      Object.keys(resourcesOfType(appTemplate, 'AWS::SQS::Queue')).length + 1, // + the SES feedback DLQ of the data stack
    );
    const quarantine = alarms.find((a) => a.MetricName === 'PartnerEventsQuarantined')!;
    expect(quarantine.Dimensions).toEqual([{ Name: 'service', Value: 'tradeflow' }]);
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
    expect(Object.keys(resourcesOfType(appTemplate, 'AWS::CloudWatch::Dashboard'))).toHaveLength(1);
  });
});
