// The pull-request comment (and so the check run's and the job's summary, which are the same text) shows
// what a transaction wrote as inert text: real receipts with hostile text in every field, rendered by a
// GFM renderer, give no element, link, mention or reference of theirs, no raw control character, and
// still show the text. And the one function behind it, on any string at all.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { visibleText } from "../../src/client/display.ts";
import { toChecksumAddress } from "../../src/crypto/address-case.ts";
import { utf8 } from "../../src/crypto/hex.ts";
import { printString } from "../../src/lang/printer.ts";
import { programsOf, renderComment } from "../../src/report/comment.ts";
import { codeCell, codeSpan } from "../../src/report/inert.ts";
import { simulate } from "../../src/sequencer/simulate.ts";
import { Snapshot } from "../../src/store/snapshot.ts";
import { alice } from "../chain/fixtures.ts";
import { scratchChain, writeTx } from "../chain-helpers.ts";
import {
  COMMENT_TAGS,
  codeTexts,
  HOSTILE,
  HOSTILE_SYMBOLS,
  hostilePrograms,
  inertProblems,
  REFUND,
  renderGfm,
} from "./hostile.ts";

/** The first characters of `s`, whole code points: what any clipped field still shows. */
const head = (s: string, n = 40) => [...s].slice(0, n).join("");

describe("codeSpan and codeCell: chain text as a Markdown code span", () => {
  const code = (html: string) => codeTexts(html);

  it("show exactly the visible text, and nothing but one <code>, for every hostile string", () => {
    for (const h of [...HOSTILE, "", " ", "  a  ", "`", "``", " ` ", "\\", "a\\", "|", "\\|", "\\\\|"]) {
      const inline = renderGfm(`before ${codeSpan(h)} after`);
      expect(inline.match(/<[a-z]+/g), h).toEqual(["<p", "<code"]);
      expect(code(inline), h).toEqual([h === "" ? " " : visibleText(h)]);
      const table = renderGfm(`| a | b |\n|---|---|\n| ${codeCell(h)} | z |\n`);
      expect(table.match(/<td>/g), h).toHaveLength(2);
      expect(code(table), h).toEqual([
        h === "" ? " " : visibleText(h).replace(/\\+(?=\|)/g, (run) => "\\u005C".repeat(run.length)), // see codeCell
      ]);
    }
  });

  it("hold for any string: one code element, in a cell of its own", () => {
    const alphabet = fc.constantFrom(..."`|\\ *_[]()<>!#@:/.&;-\n\r\tax\u202E\u200B\u0000\u001b".split(""));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }), (chars) => {
        const h = chars.join("");
        const inline = renderGfm(`x ${codeSpan(h)} y`);
        expect(inline.match(/<[a-z]+/g)).toEqual(["<p", "<code"]);
        const table = renderGfm(`| a | b |\n|---|---|\n| ${codeCell(h)} | z |\n`);
        expect(table.match(/<td>/g)).toHaveLength(2);
        expect(table.match(/<code>/g)).toHaveLength(1);
        expect(table).toContain("<td>z</td>");
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the pull-request comment", () => {
  it("shows the abort message of the issue as text: no link, no image, no emphasis", () => {
    const dir = scratchChain();
    writeTx(dir, alice, `(abort ${printString(REFUND)})`);
    const snapshot = new Snapshot(dir);
    const files = snapshot.pendingFiles();
    const md = renderComment(simulate(snapshot, files), { programs: programsOf(files) });
    const html = renderGfm(md);
    expect(html).not.toMatch(/<a |<img |<strong>urgent/);
    expect(html).toContain(
      "<code>[Claim your refund](https://evil.example/drain) ![x](https://evil.example/p.png) **urgent** (in script, at 1:1)</code>",
    );
  });

  it("hostile text in every field of real receipts is inert and readable", () => {
    const dir = scratchChain();
    let nonce = 0;
    HOSTILE.forEach((h, i) => {
      const n = HOSTILE_SYMBOLS.length;
      const p = hostilePrograms(h, HOSTILE_SYMBOLS[i % n]!, HOSTILE_SYMBOLS[(i + 5) % n]!);
      writeTx(dir, alice, p.call, { nonce: nonce++, gasLimit: 1_500_000 });
      writeTx(dir, alice, p.abort, { nonce: nonce++ });
    });
    const snapshot = new Snapshot(dir);
    const files = snapshot.pendingFiles();
    // files whose names and contents are hostile: invalid, shown with their code and message
    for (const h of HOSTILE) files.push({ path: `txs/${h}.json`, bytes: utf8(h), kind: "file" });
    const sim = simulate(snapshot, files, true);
    expect(sim.receipts).toHaveLength(2 * HOSTILE.length);
    const ctx = { programs: programsOf(files), traces: sim.traces };
    HOSTILE.forEach((h, i) => {
      const [call, abort] = [sim.receipts[2 * i]!, sim.receipts[2 * i + 1]!];
      expect([call.status, abort.status]).toEqual([0, 1]);
      const printed = printString(h);
      const one = (r: typeof call) => renderComment({ ...sim, receipts: [r], invalid: [] }, ctx);
      expect(
        inertProblems(one(call), {
          tags: COMMENT_TAGS,
          readable: [
            head(printed), // returned, stored, the event's argument
            `(m ${head(printed)}`, // the storage key
            HOSTILE_SYMBOLS[i % HOSTILE_SYMBOLS.length]!, // the event's name
            `(contract ${HOSTILE_SYMBOLS[(i + 5) % HOSTILE_SYMBOLS.length]}`, // the contract's code
            toChecksumAddress(call.logs[0]!.address), // addresses as EIP-55 spells them
          ],
        }),
        h,
      ).toEqual([]);
      expect(inertProblems(one(abort), { tags: COMMENT_TAGS, readable: [head(h)] }), h).toEqual([]);
    });
    const invalid = renderComment({ ...sim, receipts: [] }, ctx);
    expect(sim.invalid).toHaveLength(HOSTILE.length);
    expect(
      inertProblems(invalid, { tags: COMMENT_TAGS, readable: HOSTILE.map((h) => `txs/${head(h)}`) }),
    ).toEqual([]);
  });

  it("renders a receipt with any number of events and changes (a chain's gas limit may allow 200,000)", () => {
    const dir = scratchChain();
    const h = hostilePrograms("x", HOSTILE_SYMBOLS[0]!, HOSTILE_SYMBOLS[1]!);
    writeTx(dir, alice, h.call, { nonce: 0, gasLimit: 1_500_000 });
    const snapshot = new Snapshot(dir);
    const files = snapshot.pendingFiles();
    const sim = simulate(snapshot, files);
    const [r] = sim.receipts;
    const many = {
      ...r!,
      logs: Array(200_000).fill(r!.logs[0]),
      changes: Array(200_000).fill(r!.changes[0]),
    };
    const md = renderComment({ ...sim, receipts: [many] }, { programs: programsOf(files) });
    // the comment is clipped to GitHub's limit; what matters is that it is made at all
    expect(md).toContain("tinychain receipts");
  });

  it("problems naming the pull request's files are inert too", () => {
    const dir = scratchChain();
    const snapshot = new Snapshot(dir);
    const md = renderComment(simulate(snapshot, []), {
      programs: new Map(),
      problems: HOSTILE.map((h) => `this pull request changes ${h} outside txs/`),
    });
    expect(inertProblems(md, { tags: COMMENT_TAGS, readable: HOSTILE.map((h) => head(h)) })).toEqual([]);
  });
});
