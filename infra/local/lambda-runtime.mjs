// The runtime inside one local Lambda sandbox (a child process of the runner, started with exactly the function's
// environment). Plain JavaScript so it starts with no TypeScript loader, as Lambda's own runtime does.
//
// It does what Lambda's Node.js 24 runtime interface client does for one execution environment: load the handler
// module named by LAMBDA_TASK_ROOT + _HANDLER once (the init phase), refuse callback-style handlers (removed in
// nodejs24.x), then serve one invocation at a time with Lambda's context object, returning the result serialized
// as JSON, or `{errorType, errorMessage, trace}` for an error.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The wording of aws-lambda-nodejs-runtime-interface-client for Node.js 24 and later.
const callbackRemoved =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

const [moduleName, exportName] = (process.env._HANDLER ?? 'index.handler').split('.');
let loading;

function load() {
  loading ??= (async () => {
    const file = join(process.env.LAMBDA_TASK_ROOT ?? '.', `${moduleName}.mjs`);
    let mod;
    try {
      mod = await import(pathToFileURL(file).href);
    } catch (err) {
      if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(file)) {
        throw named('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
      }
      if (err instanceof SyntaxError)
        throw named('Runtime.UserCodeSyntaxError', `${err.name}: ${err.message}`);
      throw err;
    }
    const handler = mod[exportName];
    if (typeof handler !== 'function') {
      throw named('Runtime.HandlerNotFound', `${moduleName}.${exportName} is undefined or not exported`);
    }
    if (handler.length >= 3) throw named('Runtime.CallbackHandlerDeprecated', callbackRemoved);
    return handler;
  })();
  return loading;
}

function named(name, message) {
  const err = new Error(message);
  err.name = name;
  return err;
}

function describe(err) {
  const error = err instanceof Error ? err : new Error(String(err));
  return {
    errorType: error.name || 'Error',
    errorMessage: error.message,
    trace: String(error.stack ?? '').split('\n'),
  };
}

process.on('message', async (message) => {
  if (message.type === 'init') {
    load().then(
      () => process.send({ type: 'ready' }),
      (err) => process.send({ type: 'initError', error: describe(err) }),
    );
    return;
  }
  const { requestId, deadline, invokedFunctionArn, payload } = message;
  let handler;
  try {
    handler = await load();
  } catch (err) {
    process.send({ type: 'initError', requestId, error: describe(err) });
    return;
  }
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  try {
    const result = await handler(JSON.parse(payload), context);
    // Lambda serializes the result: undefined becomes null, Dates become strings.
    process.send({
      type: 'result',
      requestId,
      payload: JSON.stringify(result === undefined ? null : result),
    });
  } catch (err) {
    process.send({ type: 'error', requestId, error: describe(err) });
  }
});

process.send({ type: 'started' });
