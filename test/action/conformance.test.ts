// Our GitHub double agrees with GitHub's published contracts (issue 29): the GraphQL the action sends
// is valid in GitHub's schema, and the event payloads the tests send have the shape of GitHub's
// webhook schemas. (The double's REST answers are typed with @octokit/openapi-types in
// fake-github.ts, so the typecheck holds them to GitHub's fields; an unserved request fails its test.)
import { createRequire } from "node:module";
import { validate } from "@octokit/graphql-schema";
import { describe, expect, it } from "vitest";
import { GRAPHQL } from "../../src/action/github.ts";
import { dispatchEvent, mergeGroupEvent, pullRequestEvent, pushEvent, scheduleEvent } from "./harness.ts";

const require = createRequire(import.meta.url);
const schema = require("@octokit/webhooks-schemas/schema.json") as { definitions: Record<string, any> };
const SHA = "a".repeat(40);
const BASE = "b".repeat(40);

/** The definition a `$ref` names, followed until it is an object schema. */
function resolve(s: any): any {
  while (s?.$ref) s = schema.definitions[s.$ref.replace("#/definitions/", "")];
  return s;
}

/**
 * The payload's keys against a webhook definition, at the top and one level down (the event's
 * objects the tests patch): every required key present, none the schema does not allow. A full
 * JSON Schema validation needs a validator package (none is installed); the payloads are GitHub's
 * own examples with a few fields changed, so their shape is checked where the tests touch it.
 */
function shapeProblems(payload: Record<string, any>, definition: string, deep: string[]): string[] {
  const problems: string[] = [];
  const check = (value: Record<string, any>, s: any, at: string) => {
    s = resolve(s);
    for (const k of s.required ?? []) if (!(k in value)) problems.push(`${at}.${k} is missing`);
    if (s.additionalProperties === false)
      for (const k of Object.keys(value))
        if (!(k in (s.properties ?? {}))) problems.push(`${at}.${k} is not in GitHub's schema`);
    return s;
  };
  const top = check(payload, schema.definitions[definition], definition);
  for (const k of deep) check(payload[k], top.properties[k], `${definition}.${k}`);
  return problems;
}

describe("the GitHub double agrees with GitHub's contracts", () => {
  it("every GraphQL document the action sends is valid in GitHub's published schema", () => {
    for (const [name, doc] of Object.entries(GRAPHQL)) expect(validate(doc).map(String), name).toEqual([]);
    // and the check has teeth: a field GitHub does not have is named
    expect(validate(GRAPHQL.enqueue.replace("position", "place")).map(String).join()).toContain('"place"');
  });

  it("every webhook payload the tests send has GitHub's shape", () => {
    expect(shapeProblems(pullRequestEvent(2, SHA, BASE), "pull_request$opened", ["pull_request"])).toEqual(
      [],
    );
    expect(
      shapeProblems(pullRequestEvent(2, SHA, BASE, true), "pull_request$opened", ["pull_request"]),
    ).toEqual([]);
    expect(shapeProblems(pushEvent(SHA), "push$event", ["repository"])).toEqual([]);
    expect(
      shapeProblems(mergeGroupEvent(SHA, BASE, 4), "merge_group$checks_requested", ["merge_group"]),
    ).toEqual([]);
    expect(shapeProblems(dispatchEvent(), "workflow_dispatch$event", ["repository"])).toEqual([]);
    // schedule is an Actions event, not a webhook: its repository has the push event's shape
    const push = resolve(schema.definitions.push$event);
    const repository = scheduleEvent().repository;
    for (const k of resolve(push.properties.repository).required) expect(repository, k).toHaveProperty(k);
    // and the check has teeth
    expect(shapeProblems({ ...pushEvent(SHA), bogus: 1 }, "push$event", [])).toEqual([
      "push$event.bogus is not in GitHub's schema",
    ]);
  });
});
