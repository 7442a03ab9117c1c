// The sequencer's policy file (docs/sequencer.md): defaults, one E_POLICY sentence per bad field, and
// the hash a block header records (none in manual mode, so existing chains keep their headers).
import { describe, expect, it } from "vitest";
import { headerHash } from "../../src/chain/block.ts";
import { MANUAL, PolicyError, parsePolicy, policyHash, policyOf } from "../../src/sequencer/policy.ts";

const problems = (text: string) => {
  try {
    parsePolicy(text);
    return [];
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
};

describe("sequencer.json", () => {
  it("no file, or {}, is manual mode with nothing else: today's behaviour", () => {
    expect(policyOf(undefined)).toEqual(MANUAL);
    expect(parsePolicy("{}")).toEqual(MANUAL);
    expect(policyHash(MANUAL)).toBeUndefined();
  });

  it("reads every field", () => {
    expect(
      parsePolicy('{"mode":"auto","window":"6h","approvals":{"deploy":1,"any":0},"maxPendingPerSender":4}'),
    ).toEqual({ mode: "auto", window: 21_600, approvals: { deploy: 1, any: 0 }, maxPendingPerSender: 4 });
    expect(parsePolicy('{"mode":"queue","window":"30m"}').window).toBe(1800);
    expect(parsePolicy('{"window":"2d","maxPendingPerSender":null}').window).toBe(172_800);
  });

  it("one clear sentence per bad field, naming the field and its value", () => {
    expect(
      problems(
        '{"mode":"fast","window":6,"approvals":{"deploy":1.5,"merge":1},"maxPendingPerSender":-1,"x":1}',
      ),
    ).toEqual([
      'E_POLICY: sequencer.json has an unknown field "x"; the fields are mode, window, approvals, maxPendingPerSender',
      'E_POLICY: sequencer.json field mode is "fast"; it must be one of manual, queue, auto',
      'E_POLICY: sequencer.json field window is 6; it must be a duration such as "30m", "6h" or "2d", or null',
      "E_POLICY: sequencer.json field approvals.deploy is 1.5; it must be a whole number 0 to 10",
      "E_POLICY: sequencer.json field approvals.merge is 1; the kinds are deploy, any",
      "E_POLICY: sequencer.json field maxPendingPerSender is -1; it must be a whole number from 1, or null",
    ]);
    expect(problems("[]")).toEqual(["E_POLICY: sequencer.json must hold an object"]);
    expect(problems('{"mode":"auto","mode":"manual"}')[0]).toMatch(/^E_POLICY: sequencer.json is not JSON: /);
  });

  it("the hash is of the policy's meaning, not its formatting; it changes the header's hash", () => {
    const a = policyHash(parsePolicy('{"mode":"auto","window":"1h"}'))!;
    expect(a).toMatch(/^0x[0-9a-f]{64}$/);
    expect(policyHash(parsePolicy('{ "window": "60m",\n "mode": "auto" }'))).toBe(a);
    expect(policyHash(parsePolicy('{"mode":"auto","window":"2h"}'))).not.toBe(a);
    const header = {
      number: 1,
      parentHash: `0x${"0".repeat(64)}`,
      timestamp: 1,
      commit: "c",
      baseFee: 1n,
      gasLimit: 1,
      gasUsed: 0,
      coinbase: "0x",
      txRoot: "0x",
      receiptRoot: "0x",
      stateRoot: "0x",
    };
    expect(headerHash({ ...header, policy: a })).not.toBe(headerHash(header));
  });
});
