// The action's wiring: inputs → work → outputs. Validate and apply are built in later steps of the
// project; until then the action says so and fails rather than pretending to have checked anything.
import * as core from "@actions/core";

export async function run(): Promise<void> {
  core.setFailed("tinychain: this version of the action cannot validate or apply blocks yet");
}
