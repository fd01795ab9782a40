/** The Step Functions-backed `Workflow` port (start, resume and fail task tokens). */
import { SFNClient } from '@aws-sdk/client-sfn';
import { config } from '../../config';
import { makeStepFunctionsWorkflow } from '../step-functions-workflow';
import { instrumented, lazyPort } from './lazy-port';

/** The contract lifecycle state machine (STATE_MACHINE_ARN), built on first use. */
export const workflowPort = lazyPort(() => {
  const c = config();
  return makeStepFunctionsWorkflow(instrumented(new SFNClient({ region: c.AWS_REGION })), c.STATE_MACHINE_ARN);
});
