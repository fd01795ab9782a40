import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidExecutionInput,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
} from '@aws-sdk/client-sfn';
import { startSfnHttpEndpoint, type SfnHttpEndpoint } from '../../../infra/local/step-functions/sfn-http-endpoint';
import { eventually, startHarness, type Harness, removeDataDirs } from './step-functions.harness';

afterAll(() => removeDataDirs());

describe('local SFN endpoint with @aws-sdk/client-sfn', () => {
  let h: Harness;
  let endpoint: SfnHttpEndpoint;
  let client: SFNClient;
  let stateMachineArn: string;

  beforeAll(async () => {
    h = await startHarness();
    stateMachineArn = h.machine('local-sfn-callback');
    endpoint = await startSfnHttpEndpoint(h.sfn, { port: 0 });
    client = new SFNClient({
      endpoint: endpoint.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await endpoint.close();
    await h.sfn.stop();
  });

  const input = JSON.stringify({ contractId: 'TF-2026-0200', timeouts: { SHIPPED: 86400 } });

  it('runs an execution end to end through the SDK', async () => {
    // Act
    const started = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'TF-2026-0200', input }));
    const token = await eventually(() => h.tokens.at(-1));
    await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ billOfLading: 'MAEU5' }) }));
    await h.sfn.whenSettled(started.executionArn as string);
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn, reverseOrder: true, maxResults: 3 }));
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }));
    const machines = await client.send(new ListStateMachinesCommand({}));
    const machine = await client.send(new DescribeStateMachineCommand({ stateMachineArn }));

    // Assess
    expect(started.startDate).toBeInstanceOf(Date);
    expect(started.executionArn).toBe('arn:aws:states:eu-west-1:000000000000:execution:local-sfn-callback:TF-2026-0200');
    expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'TF-2026-0200', input, stopDate: expect.any(Date) });
    expect(JSON.parse(described.output as string).evidence).toEqual({ billOfLading: 'MAEU5' });
    expect(history.events?.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'SucceedStateExited', 'SucceedStateEntered']);
    expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(history.nextToken).toBeDefined();
    expect(listed.executions?.map((e) => e.name)).toEqual(['TF-2026-0200']);
    expect(machines.stateMachines?.map((m) => m.name)).toContain('local-sfn-callback');
    expect(machine).toMatchObject({ name: 'local-sfn-callback', type: 'STANDARD', status: 'ACTIVE' });
    expect(JSON.parse(machine.definition as string).StartAt).toBe('Stage SHIPPED');
  });

  it('raises the SDK exception classes for API errors', async () => {
    // Prepare
    const started = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'TF-2026-0201', input }));
    const token = await eventually(() => h.tokens.at(-1));
    await client.send(new SendTaskFailureCommand({ taskToken: token, error: 'Tradeflow.Cancelled', cause: 'Buyer withdrew' }));

    // Act / Assess
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'forged', output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
    await expect(client.send(new DescribeExecutionCommand({ executionArn: `${started.executionArn}-x` }))).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}-x` }))).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, name: 'TF-2026-0201', input: '{}' }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input: 'not json' }))).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('stops an execution', async () => {
    const started = await client.send(new StartExecutionCommand({ stateMachineArn, input }));
    await eventually(() => h.sfn.getExecutionHistory({ executionArn: started.executionArn as string }).events?.some((e) => e.type === 'TaskSubmitted'));

    const stopped = await client.send(new StopExecutionCommand({ executionArn: started.executionArn, cause: 'Entered twice' }));
    const described = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ status: 'ABORTED', cause: 'Entered twice' });
  });
});
