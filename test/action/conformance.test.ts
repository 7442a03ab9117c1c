// Our GitHub double agrees with GitHub's published contracts (issue 29): the GraphQL the action sends
// is valid in GitHub's schema, and the event payloads the tests send have the shape of GitHub's
// webhook schemas. (The double's REST answers are typed with @octokit/openapi-types in
// fake-github.ts, so the typecheck holds them to GitHub's fields; an unserved request fails its test.)
import { createRequire } from "node:module";
import { validate } from "@octokit/graphql-schema";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { GRAPHQL } from "../../src/action/github.ts";
import { dispatchEvent, mergeGroupEvent, pullRequestEvent, pushEvent, scheduleEvent } from "./harness.ts";

const require = createRequire(import.meta.url);
const schema = require("@octokit/webhooks-schemas/schema.json") as { definitions: Record<string, any> };
const SHA = "a".repeat(40);
const BASE = "b".repeat(40);

// GitHub's webhook schemas are draft-07: ajv's default draft. Their formats (uri, date-time,
// uri-template) are registered as accepting any string: ajv-formats is not installed, and the
// payloads' formatted fields are GitHub's own examples, unchanged by the tests.
const ajv = new Ajv({ strict: false, allErrors: true });
for (const f of ["uri", "date-time", "uri-template"]) ajv.addFormat(f, true);
ajv.addSchema(schema, "webhooks");

/** The payload against a webhook definition, in full (every level): ajv's errors, one line each. */
function shapeProblems(payload: unknown, definition: string): string[] {
  const check = ajv.getSchema(`webhooks#/definitions/${definition}`)!;
  if (check(payload)) return [];
  return (check.errors ?? []).map((e) => `${definition}${e.instancePath} ${e.message}`);
}

describe("the GitHub double agrees with GitHub's contracts", () => {
  it("every GraphQL document the action sends is valid in GitHub's published schema", () => {
    for (const [name, doc] of Object.entries(GRAPHQL)) expect(validate(doc).map(String), name).toEqual([]);
    // and the check has teeth: a field GitHub does not have is named
    expect(validate(GRAPHQL.enqueue.replace("position", "place")).map(String).join()).toContain('"place"');
  });

  it("every webhook payload the tests send is valid in GitHub's webhook schemas", () => {
    expect(shapeProblems(pullRequestEvent(2, SHA, BASE), "pull_request$opened")).toEqual([]);
    expect(shapeProblems(pullRequestEvent(2, SHA, BASE, true), "pull_request$opened")).toEqual([]);
    expect(shapeProblems(pushEvent(SHA), "push$event")).toEqual([]);
    expect(shapeProblems(mergeGroupEvent(SHA, BASE, 4), "merge_group$checks_requested")).toEqual([]);
    expect(shapeProblems(dispatchEvent(), "workflow_dispatch$event")).toEqual([]);
    // schedule is an Actions event, not a webhook: its repository has the push event's
    const push = { ...pushEvent(SHA), repository: scheduleEvent().repository };
    expect(shapeProblems(push, "push$event")).toEqual([]);
    // and the check has teeth, at any depth
    expect(shapeProblems({ ...pushEvent(SHA), bogus: 1 }, "push$event").join()).toContain(
      "must NOT have additional properties",
    );
    const deep = pullRequestEvent(2, SHA, BASE);
    deep.pull_request.head.sha = 7;
    expect(shapeProblems(deep, "pull_request$opened").join()).toContain(
      "/pull_request/head/sha must be string",
    );
  });
});
