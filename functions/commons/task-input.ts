/**
 * middy middleware: parse a non-HTTP event (Step Functions task payload, EventBridge event) with zod. A
 * payload that does not fit is a bug upstream: fail loudly with the field names, never guess.
 */
import type { MiddlewareObj } from '@middy/core';
import { WORKFLOW_ERRORS } from '../../shared/domain/lifecycle';
import type { z } from 'zod';

export class InvalidTaskInput extends Error {
  override name = WORKFLOW_ERRORS.invalidTaskInput;
}

export function taskInput<S extends z.ZodType>(schema: S): MiddlewareObj<z.input<S>> {
  return {
    before: (request) => {
      const parsed = schema.safeParse(request.event);
      if (!parsed.success) {
        throw new InvalidTaskInput(parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; '));
      }
      request.event = parsed.data as z.input<S>;
    },
  };
}
