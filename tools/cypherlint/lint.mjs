// Reads {labels, relationshipTypes, statements} on stdin (tools/cypherlint/statements.py)
// and runs each statement through Neo4j's Cypher parser and semantic analysis
// (@neo4j-cypher/language-support, Cypher 5). Fails on any error, and on any warning
// that is not listed in EXPLAINED with the reason it is accepted.
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';

// A warning we accept: the statement name, a fragment of the message, and why.
const EXPLAINED = [];

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));

const schema = { labels: input.labels, relationshipTypes: input.relationshipTypes };
let errors = 0;
let warnings = 0;
let explained = 0;
for (const statement of input.statements) {
  const { diagnostics } = lintCypherQuery(statement.text, schema, { consoleCommandsEnabled: false });
  // "Parameter $x is not defined" only says the linter was given no values: the hub
  // passes every parameter at run time, so those are dropped (isNotParamError).
  for (const d of diagnostics.filter(isNotParamError)) {
    const where = `${statement.source}:${statement.name}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    const reason = EXPLAINED.find((e) => e.statement === statement.name && d.message.includes(e.message));
    if (d.severity === 1) {
      errors += 1;
      console.log(`error   ${where}  ${d.message}`);
    } else if (reason) {
      explained += 1;
    } else {
      warnings += 1;
      console.log(`warning ${where}  ${d.message}`);
    }
  }
}
console.log(`cypher lint: ${input.statements.length} statements, ${errors} errors, ` +
  `${warnings} unexplained warnings, ${explained} explained`);
process.exit(errors || warnings ? 1 : 0);
