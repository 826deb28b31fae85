/**
 * The contract of Chatty's APIs, one module for the functions, the page, the local cloud, the docs and the tests.
 * Plain TypeScript and valibot only: no AWS SDK, no Node.js and no DOM imports. Types are inferred from the schemas.
 *
 * Why valibot, measured on this project's machine (Node 24) with the `sendMessage` frame's schema, each library
 * bundled alone by esbuild (minified ESM) and checked a million times:
 *   valibot 1.5       4.4 KB (1.6 KB gzipped)   ~1.3 M checks/s
 *   zod 4             454 KB (93 KB gzipped)   ~3.5 M checks/s   (zod/mini: 16 KB, ~1.4 M/s)
 *   TypeBox (Value)   105 KB (25 KB gzipped)   ~1–2 M checks/s
 * Every one validates a frame in about a microsecond, far below one DynamoDB call, so speed does not decide; bundle
 * size does, twice over: it is in every function's cold start and in the page. valibot also runs no `eval`
 * (TypeBox's compiler does), so it works under the page's strict CSP, and `@valibot/to-json-schema` gives the
 * OpenAPI/AsyncAPI documents their JSON Schemas. Import the contract's files one by one in code that is bundled:
 * esbuild cannot drop unused valibot schemas, so this index would pull them all in.
 */
export * from './canonical-name';
export * from './config';
export * from './errors';
export * from './events';
export * from './fields';
export * from './http';
export * from './limits';
export * from './parse';
export * from './resources';
export * from './websocket';
