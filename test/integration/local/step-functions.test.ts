import { DAY_MS, eventually, fixtureText, startHarness, type Harness, removeDataDirs } from './step-functions.harness';

afterAll(() => removeDataDirs());

describe('LocalStepFunctions', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.sfn.stop();
  });

  const input = (extra: object = {}) => JSON.stringify({ contractId: 'TF-2026-0042', timeouts: { SHIPPED: 40 * 24 * 3600 }, ...extra });

  describe('lambda:invoke', () => {
    it('returns the AWS result shape and routes a thrown error to the Catch that names it', async () => {
      // Prepare
      const arn = h.machine('local-sfn-lambda-invoke');
      h.functions['price-contract'] = (payload) => {
        if (payload.contractId === 'TF-REJECT') {
          const error = new Error('Price exceeds the buyer credit line');
          error.name = 'Tradeflow.PriceRejected';
          throw error;
        }
        return { amount: '125000.00', currency: 'EUR' };
      };

      // Act
      const priced = await h.sfn.startExecution({ stateMachineArn: arn, input: JSON.stringify({ contractId: 'TF-OK' }) });
      const rejected = await h.sfn.startExecution({ stateMachineArn: arn, input: JSON.stringify({ contractId: 'TF-REJECT' }) });
      const pricedResult = await h.sfn.whenSettled(priced.executionArn as string);
      const rejectedResult = await h.sfn.whenSettled(rejected.executionArn as string);

      // Assess
      expect(pricedResult.status).toBe('SUCCEEDED');
      expect(JSON.parse(pricedResult.output as string).priced).toEqual({
        ExecutedVersion: '$LATEST',
        Payload: { amount: '125000.00', currency: 'EUR' },
        StatusCode: 200,
      });
      expect(h.calls[0]).toEqual({ functionId: 'price-contract', payload: { contractId: 'TF-OK', executionId: priced.executionArn } });
      expect(rejectedResult.status).toBe('SUCCEEDED');
      expect(JSON.parse(rejectedResult.output as string).rejection).toEqual({
        Error: 'Tradeflow.PriceRejected',
        Cause: JSON.stringify({ errorType: 'Tradeflow.PriceRejected', errorMessage: 'Price exceeds the buyer credit line' }),
      });
    });
  });

  describe('waitForTaskToken', () => {
    it('hands the function a fresh opaque token and completes the task with the SendTaskSuccess output', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, name: 'TF-2026-0042', input: input() });
      const token = await eventually(() => h.tokens[0]);

      // Act
      await h.sfn.sendTaskSuccess({ taskToken: token, output: JSON.stringify({ billOfLading: 'MAEU123456789' }) });
      const result = await h.sfn.whenSettled(executionArn as string);

      // Assess
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(h.calls[0]?.payload).toEqual({ contractId: 'TF-2026-0042', stage: 'SHIPPED', executionId: executionArn, taskToken: token });
      expect(result.status).toBe('SUCCEEDED');
      const output = JSON.parse(result.output as string);
      expect(output.evidence).toEqual({ billOfLading: 'MAEU123456789' });
      expect(output.published).toEqual({ Entries: [{ EventId: 'event-1' }], FailedEntryCount: 0 });
      expect(output.recorded).toEqual({ Attributes: { stage: { S: 'SHIPPED' } } });
    });

    it('maps events:putEvents and dynamodb:updateItem to the injected clients, as AWS would call them', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: input() });

      // Act
      await h.sfn.sendTaskSuccess({ taskToken: await eventually(() => h.tokens[0]), output: '{"billOfLading":"MAEU1"}' });
      await h.sfn.whenSettled(executionArn as string);

      // Assess
      expect(h.eventBridge.sent).toEqual([
        {
          command: 'PutEventsCommand',
          input: {
            Entries: [
              {
                EventBusName: 'tradeflow-domain',
                Source: 'tradeflow.contracts',
                DetailType: 'ContractShipped',
                Detail: JSON.stringify({ schemaVersion: '1', contractId: 'TF-2026-0042', billOfLading: 'MAEU1' }),
                Resources: [executionArn, arn],
              },
            ],
          },
        },
      ]);
      expect(h.dynamodb.sent).toEqual([
        {
          command: 'UpdateItemCommand',
          input: {
            TableName: 'tradeflow',
            Key: { pk: { S: 'CONTRACT#TF-2026-0042' }, sk: { S: 'CONTRACT' } },
            UpdateExpression: 'SET #stage = :stage',
            ExpressionAttributeNames: { '#stage': 'stage' },
            ExpressionAttributeValues: { ':stage': { S: 'SHIPPED' } },
            ReturnValues: 'UPDATED_NEW',
          },
        },
      ]);
    });

    it('fails the task with the SendTaskFailure error name, so the Catch naming it runs', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: input() });
      const token = await eventually(() => h.tokens[0]);

      // Act
      await h.sfn.sendTaskFailure({ taskToken: token, error: 'Tradeflow.Cancelled', cause: 'Buyer withdrew' });
      const result = await h.sfn.whenSettled(executionArn as string);

      // Assess
      expect(result).toMatchObject({ status: 'FAILED', error: 'Tradeflow.Cancelled', cause: 'Contract cancelled while waiting for shipment' });
    });

    it('accepts a token once: a used token is TaskDoesNotExist, a forged one InvalidToken', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      await h.sfn.startExecution({ stateMachineArn: arn, input: input() });
      const token = await eventually(() => h.tokens[0]);
      await h.sfn.sendTaskSuccess({ taskToken: token, output: '{}' });

      // Act / Assess
      await expect(h.sfn.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
      await expect(h.sfn.sendTaskFailure({ taskToken: token })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
      await expect(h.sfn.sendTaskSuccess({ taskToken: 'not-a-token', output: '{}' })).rejects.toMatchObject({ name: 'InvalidToken' });
      await expect(h.sfn.sendTaskSuccess({ taskToken: 'A'.repeat(43), output: '{}' })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    });

    it('rejects output that is not JSON with InvalidOutput and keeps the task waiting', async () => {
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: input() });
      const token = await eventually(() => h.tokens[0]);

      await expect(h.sfn.sendTaskSuccess({ taskToken: token, output: '{oops' })).rejects.toMatchObject({ name: 'InvalidOutput' });
      await h.sfn.sendTaskSuccess({ taskToken: token, output: '{"billOfLading":"MAEU2"}' });
      expect((await h.sfn.whenSettled(executionArn as string)).status).toBe('SUCCEEDED');
    });
  });

  describe('service integration errors', () => {
    it('fails the task with EventBridge.FailedEntry when PutEvents reports a failed entry', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      h.eventBridge.send = async () => ({ Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }], FailedEntryCount: 1 });
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: input() });

      // Act
      await h.sfn.sendTaskSuccess({ taskToken: await eventually(() => h.tokens[0]), output: '{"billOfLading":"MAEU6"}' });
      const result = await h.sfn.whenSettled(executionArn as string);

      // Assess
      expect(result).toMatchObject({ status: 'FAILED', error: 'EventBridge.FailedEntry' });
    });

    it('prefixes DynamoDB errors with the service name, as the optimized integration does', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      h.dynamodb.send = async () => {
        const error = new Error('The conditional request failed');
        error.name = 'ConditionalCheckFailedException';
        throw error;
      };
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: input() });

      // Act
      await h.sfn.sendTaskSuccess({ taskToken: await eventually(() => h.tokens[0]), output: '{"billOfLading":"MAEU7"}' });
      const result = await h.sfn.whenSettled(executionArn as string);

      // Assess
      expect(result).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ConditionalCheckFailedException', cause: 'The conditional request failed' });
    });

    it('fails the execution with States.Runtime, past every Catch, when TimeoutSecondsPath selects nothing', async () => {
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: '{"contractId":"TF-2026-0043"}' });

      const result = await h.sfn.whenSettled(executionArn as string);

      expect(result).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
      expect(h.calls).toEqual([]);
    });
  });

  describe('timeouts on the local clock', () => {
    it('does not time out a 40-day callback in real time, and does right after the clock moves 40 days (Catch States.Timeout runs)', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: input() });
      const firstToken = await eventually(() => h.tokens[0]);

      // Act 1: one real second (the engine's own timer would have fired after ~1 ms on 40 days)
      await new Promise((resolve) => setTimeout(resolve, 1000));

      // Assess 1
      expect(h.sfn.describeExecution({ executionArn: executionArn as string }).status).toBe('RUNNING');
      expect(h.calls.map((c) => c.functionId)).toEqual(['enter-stage']);

      // Act 2
      const advancedAt = Date.now();
      h.clock.advance(40 * DAY_MS);
      const escalation = await eventually(() => h.calls.find((c) => c.functionId === 'escalate'));
      const secondToken = await eventually(() => h.tokens[1]);
      const firedAfterMs = Date.now() - advancedAt;

      // Assess 2: escalation ran (not the States.TaskFailed catcher) and the stage waits again with a new token
      expect(firedAfterMs).toBeLessThan(1000);
      expect(escalation.payload).toMatchObject({ contractId: 'TF-2026-0042', stage: 'SHIPPED', timeout: { Error: 'States.Timeout' } });
      expect(secondToken).not.toBe(firstToken);
      await expect(h.sfn.sendTaskSuccess({ taskToken: firstToken, output: '{}' })).rejects.toMatchObject({ name: 'TaskTimedOut' });
      await h.sfn.sendTaskSuccess({ taskToken: secondToken, output: '{"billOfLading":"MAEU3"}' });
      const result = await h.sfn.whenSettled(executionArn as string);
      expect(result.status).toBe('SUCCEEDED');
      const types = h.sfn.getExecutionHistory({ executionArn: executionArn as string }).events?.map((e) => e.type);
      expect(types).toContain('TaskTimedOut');
    });

    it('times out a missed heartbeat, and a heartbeat pushes the deadline back', async () => {
      // Prepare: PAYMENT_OUTSTANDING has HeartbeatSeconds 10 days, TimeoutSeconds 30 days
      const arn = h.machine('local-sfn-parallel-callbacks');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: '{"contractId":"TF-2026-0007"}' });
      await eventually(() => h.tokens.length === 2);
      const payment = h.tokens[h.calls.findIndex((c) => c.payload.stage === 'PAYMENT_OUTSTANDING')] as string;

      // Act
      h.clock.advance(9 * DAY_MS);
      await h.sfn.sendTaskHeartbeat({ taskToken: payment });
      h.clock.advance(9 * DAY_MS);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const afterHeartbeat = h.sfn.describeExecution({ executionArn: executionArn as string }).status;
      h.clock.advance(2 * DAY_MS);
      const result = await h.sfn.whenSettled(executionArn as string);

      // Assess
      expect(afterHeartbeat).toBe('RUNNING');
      expect(result).toMatchObject({ status: 'FAILED', error: 'Fixture.PaymentOverdue' });
    });
  });

  it('times the whole execution out on the local clock (top-level TimeoutSeconds of 60 days)', async () => {
    // Prepare
    const definition = { ...JSON.parse(fixtureText('local-sfn-callback')), TimeoutSeconds: 60 * 24 * 3600 };
    const { stateMachineArn } = h.sfn.createStateMachine('local-sfn-callback-timed', definition);
    const { executionArn } = await h.sfn.startExecution({ stateMachineArn, input: input({ timeouts: { SHIPPED: 400 * 24 * 3600 } }) });
    const token = await eventually(() => h.tokens[0]);

    // Act
    h.clock.advance(61 * DAY_MS);
    const result = await h.sfn.whenSettled(executionArn as string);

    // Assess
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(h.sfn.getExecutionHistory({ executionArn: executionArn as string }).events?.at(-1)?.type).toBe('ExecutionTimedOut');
    await expect(h.sfn.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  describe('Parallel', () => {
    it.each([
      ['payment first', ['PAYMENT_OUTSTANDING', 'BOOKING']],
      ['booking first', ['BOOKING', 'PAYMENT_OUTSTANDING']],
    ])('resumes a callback in each branch in either order (%s)', async (_label, order) => {
      // Prepare
      const arn = h.machine('local-sfn-parallel-callbacks');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: '{"contractId":"TF-2026-0007"}' });
      await eventually(() => h.tokens.length === 2);
      const tokenOf = (stage: string) => h.tokens[h.calls.findIndex((c) => c.payload.stage === stage)] as string;

      // Act
      for (const stage of order) {
        await h.sfn.sendTaskSuccess({ taskToken: tokenOf(stage), output: JSON.stringify({ stage, evidence: `${stage}-doc` }) });
      }
      const result = await h.sfn.whenSettled(executionArn as string);

      // Assess: branch results in branch order, whatever the completion order
      expect(result.status).toBe('SUCCEEDED');
      expect(JSON.parse(result.output as string)).toEqual({
        contractId: 'TF-2026-0007',
        evidence: [
          { stage: 'PAYMENT_OUTSTANDING', evidence: 'PAYMENT_OUTSTANDING-doc' },
          { stage: 'BOOKING', evidence: 'BOOKING-doc' },
        ],
        delivered: { entered: true },
      });
    });
  });

  describe('executions', () => {
    it('records an AWS-like history', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: input() });
      await h.sfn.sendTaskSuccess({ taskToken: await eventually(() => h.tokens[0]), output: '{"billOfLading":"MAEU4"}' });
      await h.sfn.whenSettled(executionArn as string);

      // Act
      const events = await eventually(() => {
        const all = h.sfn.getExecutionHistory({ executionArn: executionArn as string }).events ?? [];
        return all.at(-1)?.type === 'ExecutionSucceeded' && all;
      });

      // Assess
      expect(events.map((e) => e.type)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'TaskStateExited',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSucceeded',
        'TaskStateExited',
        'SucceedStateEntered',
        'SucceedStateExited',
        'ExecutionSucceeded',
      ]);
      events.forEach((event, i) => {
        expect(event.id).toBe(i + 1);
        expect(event.previousEventId).toBe(i);
        expect(event.timestamp).toBeInstanceOf(Date);
      });
      expect(events[2]?.taskScheduledEventDetails).toMatchObject({
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        region: 'eu-west-1',
        timeoutInSeconds: 40 * 24 * 3600,
      });
      expect(events[1]?.stateEnteredEventDetails?.name).toBe('Stage SHIPPED');
    });

    it('records Parallel states in the history', async () => {
      const arn = h.machine('local-sfn-parallel-callbacks');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, input: '{"contractId":"TF-2026-0008"}' });
      await eventually(() => h.tokens.length === 2);
      for (const token of [...h.tokens]) await h.sfn.sendTaskSuccess({ taskToken: token, output: '{}' });
      await h.sfn.whenSettled(executionArn as string);

      const types = h.sfn.getExecutionHistory({ executionArn: executionArn as string }).events?.map((e) => e.type) ?? [];
      expect(types.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
      expect(types.filter((t) => t === 'TaskSubmitted')).toHaveLength(2);
      expect(types).toEqual(expect.arrayContaining(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']));
    });

    it('keeps execution names unique per state machine, idempotent for the same input while running', async () => {
      const arn = h.machine('local-sfn-callback');
      const first = await h.sfn.startExecution({ stateMachineArn: arn, name: 'TF-2026-0042', input: input() });
      const again = await h.sfn.startExecution({ stateMachineArn: arn, name: 'TF-2026-0042', input: input() });

      expect(again).toEqual(first);
      await expect(h.sfn.startExecution({ stateMachineArn: arn, name: 'TF-2026-0042', input: input({ other: 1 }) })).rejects.toMatchObject({
        name: 'ExecutionAlreadyExists',
      });
      await expect(h.sfn.startExecution({ stateMachineArn: arn, input: '{not json' })).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
      await expect(h.sfn.startExecution({ stateMachineArn: arn, name: 'has space' })).rejects.toMatchObject({ name: 'InvalidName' });
      await expect(h.sfn.startExecution({ stateMachineArn: `${arn}-missing` })).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    });

    it('stops an execution: ABORTED, its token no longer works, lists filter by status', async () => {
      // Prepare
      const arn = h.machine('local-sfn-callback');
      const { executionArn } = await h.sfn.startExecution({ stateMachineArn: arn, name: 'TF-STOP', input: input() });
      const token = await eventually(() => h.tokens[0]);
      await h.sfn.startExecution({ stateMachineArn: arn, name: 'TF-KEEP', input: input() });

      // Act
      await h.sfn.stopExecution({ executionArn: executionArn as string, error: 'Tradeflow.Withdrawn', cause: 'Duplicate contract' });

      // Assess
      expect(h.sfn.describeExecution({ executionArn: executionArn as string })).toMatchObject({
        status: 'ABORTED',
        error: 'Tradeflow.Withdrawn',
        stopDate: expect.any(Date),
      });
      await expect(h.sfn.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
      expect(h.sfn.listExecutions({ stateMachineArn: arn, statusFilter: 'ABORTED' }).executions?.map((e) => e.name)).toEqual(['TF-STOP']);
      expect(h.sfn.listExecutions({ stateMachineArn: arn, statusFilter: 'RUNNING' }).executions?.map((e) => e.name)).toEqual(['TF-KEEP']);
      const types = h.sfn.getExecutionHistory({ executionArn: executionArn as string }).events?.map((e) => e.type);
      expect(types?.at(-1)).toBe('ExecutionAborted');
      expect(() => h.sfn.describeExecution({ executionArn: `${executionArn}-x` })).toThrow(expect.objectContaining({ name: 'ExecutionDoesNotExist' }));
    });

    it('refuses a definition with a Task resource it cannot provide', () => {
      const definition = { StartAt: 'Sync', States: { Sync: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } } };
      expect(() => h.sfn.createStateMachine('unsupported', definition)).toThrow(expect.objectContaining({ name: 'InvalidDefinition' }));
    });
  });
});
