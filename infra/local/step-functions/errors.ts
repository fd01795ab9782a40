/** The Step Functions API errors the local runtime raises, named exactly as `@aws-sdk/client-sfn` names them. */
export type SfnErrorName =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException';

/**
 * An API error of the local Step Functions. `name` is the AWS error name, which the HTTP endpoint sends as
 * `__type` so that the SDK raises its own exception class (e.g. `TaskDoesNotExist`), and in-process callers
 * can test `error.name` the same way they would against AWS.
 *
 * @example
 * ```ts
 * try { await sfn.sendTaskSuccess({ taskToken, output: '{}' }); }
 * catch (e) { if (e instanceof SfnApiError && e.name === 'TaskDoesNotExist') { … } }
 * ```
 */
export class SfnApiError extends Error {
  override readonly name: SfnErrorName;

  constructor(name: SfnErrorName, message: string) {
    super(message);
    this.name = name;
  }
}
