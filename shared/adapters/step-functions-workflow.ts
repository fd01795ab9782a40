/** The Workflow port over Step Functions. Only per-command imports: small bundles, fast cold starts. */
import { SFNClient, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Workflow } from '../use-cases/ports';

/** Errors that mean the token can no longer resume anything: already used, timed out, execution gone. */
const DEAD_TOKEN_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export function makeStepFunctionsWorkflow(client: SFNClient, stateMachineArn: string): Workflow {
  const deadToken = (error: unknown) => DEAD_TOKEN_ERRORS.has((error as { name?: string }).name ?? '');
  return {
    async start(contractId) {
      try {
        const out = await client.send(new StartExecutionCommand({ stateMachineArn, name: contractId, input: JSON.stringify({ contractId }) }));
        return out.executionArn!;
      } catch (error) {
        // Same name and input: Step Functions treats it as the same execution (idempotent start).
        if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${contractId}`;
        throw error;
      }
    },
    async resume(taskToken, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
        return true;
      } catch (error) {
        if (deadToken(error)) return false;
        throw error;
      }
    },
    async fail(taskToken, error, cause) {
      try {
        await client.send(new SendTaskFailureCommand({ taskToken, error, cause }));
        return true;
      } catch (err) {
        if (deadToken(err)) return false;
        throw err;
      }
    },
  };
}
