// Chain identity (docs/spec.md §8): on GitHub a chain's id is its repository's numeric id, which no fork or copy
// shares. A repository whose genesis names another id holds a copy of someone else's chain: apply
// refuses to build on it, and validate says the same, so a fork never shows a green check that its
// merge cannot honour.

import type { Genesis } from "../chain/genesis.ts";

/** The refusal, first line first, or undefined when the chain belongs to this repository. */
export function chainIdentityProblem(genesis: Genesis, repositoryId: number | undefined): string | undefined {
  if (repositoryId === undefined || genesis.chainId === repositoryId) return undefined;
  return (
    `state/genesis.json has chainId ${genesis.chainId}, but this repository's id is ${repositoryId}: this is a fork or a copy of another chain. ` +
    "Start this repository's own chain with the genesis workflow (or `tinychain init --chain-id $GITHUB_REPOSITORY_ID`) so that no transaction of the other chain can be replayed here."
  );
}
