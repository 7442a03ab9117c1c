// The forms table is declared by the compiler and filled by lang/forms.ts (so that no file of the
// language imports its own importer). This file imports only what the chain imports to compile stored
// code, in a module graph of its own (vitest isolates test files): the table must be filled there.
import { describe, expect, it } from "vitest";
import { SNEED_SOURCE } from "../../src/chain/sneed.ts";
import { compiledContract } from "../../src/chain/state.ts";

describe("the forms table", () => {
  it("is registered before any contract compiles, through the chain's own imports", () => {
    const sneed = compiledContract(SNEED_SOURCE);
    expect(sneed.name).toBe("SneedToken");
    expect([...sneed.functions.keys()]).toContain("transfer");
  });
});
