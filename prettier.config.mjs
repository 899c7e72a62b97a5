// Prettier 3 for the code (npm run format writes, npm run lint:format checks). Chosen to match the
// existing style: single quotes, trailing commas everywhere, semicolons, two-space indent, and a
// line width of 150 (the code has many lines of 120-150 characters; 150 changes the fewest lines).
// Markdown, YAML and JSON are left out (see the scripts): several are generated and checked
// byte for byte by drift tests (README configuration table, docs/asyncapi.yaml, docs/architecture.md).
/** @type {import('prettier').Config} */
export default {
  printWidth: 150,
  singleQuote: true,
  trailingComma: 'all',
};
