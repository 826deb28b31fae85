import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs (Powertools); the service name comes from POWERTOOLS_SERVICE_NAME. */
export const logger = new Logger();
