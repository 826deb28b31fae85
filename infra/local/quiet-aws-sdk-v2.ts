/**
 * Imported (for its effect) before cognito-local: it loads the AWS SDK v2 (for KMS, which Chatty's pool never uses),
 * which prints an end-of-support NOTE a tick later, nothing a developer running Chatty can act on.
 */
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
