/**
 * The contract of Chatty's APIs, one module for the functions, the page, the local cloud, the docs and the tests.
 * Plain TypeScript and valibot only: no AWS SDK, no Node.js and no DOM imports. Types are inferred from the schemas.
 */
export * from './config';
export * from './errors';
export * from './events';
export * from './fields';
export * from './http';
export * from './limits';
export * from './parse';
export * from './resources';
export * from './websocket';
