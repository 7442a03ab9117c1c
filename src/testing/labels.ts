// Labels in traces (Foundry's vm.label): an address a test named, by its test account's name (alice,
// bob…) or the name a test bound it to, so that a trace reads `Token.transfer(bob, 250)`.

/** The text with each labelled address replaced by its name. */
export function labelled(text: string, labels: ReadonlyMap<string, string>): string {
  return labels.size === 0 ? text : text.replace(/0x[0-9a-f]{40}\b/g, (a) => labels.get(a) ?? a);
}
