// Run before `npm start` and `npm test` (npm's pre-scripts): on a Node.js older than the project needs, say so in
// one line instead of failing later with a stack trace from a dependency. Deliberately old-style JavaScript, so
// that any Node.js can parse it.
var minimum = 22;
var major = Number(process.versions.node.split('.')[0]);
if (major < minimum) {
  console.error(
    'Chatty needs Node.js ' +
      minimum +
      " or later (24, the Lambda runtime's, is recommended: see .nvmrc); " +
      'this is Node.js ' +
      process.versions.node +
      '. Install Node.js 24 (for example `nvm install`) and run the command again.',
  );
  process.exit(1);
}
