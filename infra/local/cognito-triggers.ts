/**
 * Cognito's Lambda triggers locally: cognito-local's LambdaService invokes a trigger through an aws-sdk v2 Lambda
 * client (`invoke(params).promise()`); this one hands the event to the local cloud's runner instead, so the
 * trigger runs from its own bundle in its own sandbox, as on Lambda.
 *
 * What cognito-local then makes of the answer matches Cognito: a function that threw →
 * `UserLambdaValidationException` "<name> failed with error <errorMessage>." (Cognito writes the trigger's name
 * where cognito-local writes the function's; infra/spec.ts gives both one name); a function that could not be
 * invoked → Cognito's `UnexpectedLambdaException` (which cognito-local 5.3 spells
 * `UnexpectedLambdaExceptionException`).
 */
import type { LambdaService } from 'cognito-local/lib/services';
import { FunctionError, type Invoke, localCredentials } from './types';

type LambdaClient = ConstructorParameters<typeof LambdaService>[1];

/** The answer of Lambda's Invoke API, as the v2 client gives it. */
interface InvocationResponse {
  StatusCode: number;
  FunctionError?: string;
  Payload: string;
}

export function lambdaClientOverRunner(invoke: Invoke): LambdaClient {
  const client = {
    invoke: (params: { FunctionName: string; Payload?: unknown }) => ({
      promise: () => invokeFunction(invoke, params.FunctionName, params.Payload),
    }),
  };
  // LambdaService calls only `invoke(params).promise()`; the rest of the v2 client is never reached.
  return client as unknown as LambdaClient;
}

async function invokeFunction(
  invoke: Invoke,
  functionName: string,
  payload: unknown,
): Promise<InvocationResponse> {
  const event = JSON.parse(typeof payload === 'string' ? payload : '{}') as Record<string, unknown>;
  // cognito-local writes `region: "local"`; Cognito writes the pool's region.
  event.region = localCredentials.region;
  try {
    const result = await invoke(functionName, event);
    return { StatusCode: 200, Payload: JSON.stringify(result ?? null) };
  } catch (err) {
    // The function ran and failed: Lambda answers 200 with X-Amz-Function-Error and the error as the payload.
    if (err instanceof FunctionError) {
      return {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: JSON.stringify({ errorType: err.errorType, errorMessage: err.message, trace: err.trace }),
      };
    }
    // It never ran (an InvokeError): the Invoke API's own failure, which cognito-local reports as Cognito's
    // UnexpectedLambdaException.
    throw err;
  }
}
