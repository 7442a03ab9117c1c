// The event that started the run, as GitHub writes it to GITHUB_EVENT_PATH: only the fields the action
// reads (pull_request_target, merge_group, push, workflow_dispatch, schedule). A missing or unreadable
// file is an empty event.
import { readFileSync } from "node:fs";

export interface Event {
  pull_request?: { number: number; head: { sha: string }; base: { ref: string; sha: string } };
  merge_group?: { head_sha: string; base_sha: string; head_ref: string };
  repository?: { default_branch?: string };
  ref?: string;
  after?: string;
}

export function readEvent(): Event {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Event;
  } catch {
    return {};
  }
}
